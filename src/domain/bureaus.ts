// The ministry's six regional bureaus and which bureau covers each ISO 3166-1 country or
// territory. Modelled on the U.S. State Department's geographic bureaus, which do not follow
// the UN geoscheme that `world-countries` uses for region/subregion: the Maghreb sits with the
// Near East, Iran with the Near East rather than South Asia, the Caucasus and Türkiye with
// Europe, Central Asia with South Asia. Those differences are the tables below.
import type { IsoCountry } from './isoCountries.ts';

export const BUREAUS = [
  { code: 'AF', name: 'Africa' },
  { code: 'EAP', name: 'East Asia and Pacific' },
  { code: 'EUR', name: 'Europe and Eurasia' },
  { code: 'NEA', name: 'Near East' },
  { code: 'SCA', name: 'South and Central Asia' },
  { code: 'WHA', name: 'Western Hemisphere' },
] as const;

export type BureauCode = (typeof BUREAUS)[number]['code'];

/** What the rule needs to know about a country: its ISO code and its UN geoscheme place. */
export type CountryPlace = Pick<IsoCountry, 'cca2' | 'region' | 'subregion'>;

// A UN subregion whose bureau differs from its region's, or where the region (Asia) is split.
const BY_SUBREGION: Readonly<Record<string, BureauCode>> = {
  'Northern Africa': 'NEA',
  'Western Asia': 'NEA',
  'Southern Asia': 'SCA',
  'Central Asia': 'SCA',
  'Eastern Asia': 'EAP',
  'South-Eastern Asia': 'EAP',
};

const BY_REGION: Readonly<Record<string, BureauCode>> = {
  Africa: 'AF',
  Americas: 'WHA',
  Europe: 'EUR',
  Oceania: 'EAP',
};

// Single countries and territories whose bureau differs from their subregion's, each with why.
const EXCEPTIONS: Readonly<Record<string, BureauCode>> = {
  SD: 'AF', // Sudan: UN "Northern Africa", but covered with the Horn and South Sudan.
  IR: 'NEA', // Iran: UN "Southern Asia", but a Gulf matter for the Near East bureau.
  AM: 'EUR', // Armenia, Azerbaijan, Georgia: UN "Western Asia"; Eurasia for the ministry.
  AZ: 'EUR',
  GE: 'EUR',
  TR: 'EUR', // Türkiye: UN "Western Asia"; handled with Europe (NATO, EU accession).
  IO: 'SCA', // British Indian Ocean Territory: UN "Eastern Africa"; Chagos is a South Asia file.
  GL: 'EUR', // Greenland: UN "North America", but part of the Kingdom of Denmark.
  // US Minor Outlying Islands: UN "North America", but all save Navassa lie in the Pacific.
  UM: 'EAP',
  // The UN "Antarctic" region has no bureau. Its sub-Antarctic islands go with the place they
  // are administered from or with; Antarctica itself is a placeholder (see AQ).
  GS: 'WHA', // South Georgia: its Commissioner is the Governor of the Falkland Islands.
  TF: 'AF', // French Southern Lands: administered from Réunion; includes the Mozambique Channel islands.
  HM: 'EAP', // Heard and McDonald: an Australian external territory.
  BV: 'EUR', // Bouvet Island: an uninhabited Norwegian dependency.
  // Antarctica: governed by the Antarctic Treaty, which is no regional bureau's business; filed
  // with the Western Hemisphere because the main gateways are in Chile and Argentina.
  AQ: 'WHA',
};

/** The bureau covering a country; throws if the geoscheme has grown a place no rule covers. */
export function bureauForCountry(country: CountryPlace): BureauCode {
  const bureau =
    EXCEPTIONS[country.cca2] ?? BY_SUBREGION[country.subregion] ?? BY_REGION[country.region];
  if (!bureau) {
    // A new region or subregion in a world-countries release must be placed by a person,
    // not defaulted: a wrong bureau would route a post's reports to the wrong reviewers.
    throw new Error(
      `No bureau rule for ${country.cca2} (region "${country.region}", subregion "${country.subregion}")`,
    );
  }
  return bureau;
}
