// The ISO 3166-1 list the system uses: the 250 entries of the world-countries package, typed
// as the data really is. Everything that needs the list of countries takes it from here.
import worldCountries, { type Country } from 'world-countries';

/**
 * One ISO 3166-1 entry. The package's types claim `independent` is always a boolean, but it is
 * null for Kosovo (status disputed), and `ccn3` is empty for Kosovo, which has no ISO numeric.
 */
export type IsoCountry = Omit<Country, 'independent'> & { independent: boolean | null };

// The package's .d.ts declares an ES default export, but it ships CommonJS
// (`module.exports = the array`), and Node hands that array to an ES import as the default.
// TypeScript (NodeNext) reads the .d.ts as CommonJS and types the default as the namespace.
export const ISO_COUNTRIES: readonly IsoCountry[] = worldCountries as unknown as IsoCountry[];
