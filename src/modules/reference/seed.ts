// Seeds the organisation everything else hangs on: the six regional bureaus, every ISO 3166-1
// country and territory, and one embassy per independent country. Safe at every start:
// bureaus and countries follow the code and the world-countries package, but posts are only
// ever added, never overwritten, because admins rename, move and close them.
import { appendAudit, systemActor, type Actor } from '../../db/audit.ts';
import type { Database, Tx } from '../../db/connection.ts';
import { BUREAUS, bureauForCountry } from '../../domain/bureaus.ts';
import { ISO_COUNTRIES, type IsoCountry } from '../../domain/isoCountries.ts';
import {
  insertMissingPosts,
  lockReferenceData,
  regionIdsByCode,
  upsertCountries,
  upsertRegions,
  type NewCountry,
  type NewPost,
} from './queries.ts';

export interface SeedSummary {
  regionsAdded: number;
  regionsUpdated: number;
  countriesAdded: number;
  countriesUpdated: number;
  postsAdded: number;
}

// The first listed capital is the seat of government where there are several (South Africa
// lists Pretoria, Bloemfontein, Cape Town), which is where an embassy sits.
const capitalOf = (country: Pick<IsoCountry, 'capital'>): string | null =>
  country.capital[0]?.trim() || null;

export function countryRecord(country: IsoCountry, regionId: number): NewCountry {
  const [latitude, longitude] = country.latlng;
  return {
    code: country.cca2,
    alpha3: country.cca3,
    numeric: country.ccn3 || null, // Kosovo has no ISO numeric code.
    name: country.name.common,
    officialName: country.name.official,
    regionId,
    // Kosovo's independence is null in the package (disputed): recorded as not independent, so
    // no embassy is created for it automatically; an admin can add the post.
    independent: country.independent === true,
    capital: capitalOf(country),
    latitude: latitude ?? null,
    longitude: longitude ?? null,
  };
}

/** The embassy a ministry keeps in an independent country, as first seeded. */
export function embassyFor(country: Pick<IsoCountry, 'cca2' | 'name' | 'capital'>): NewPost {
  const capital = capitalOf(country);
  return {
    code: `EMB-${country.cca2}`,
    name: capital ? `Embassy ${capital}` : `Embassy to ${country.name.common}`,
    kind: 'embassy',
    countryCode: country.cca2,
    city: capital,
  };
}

/** Upserts bureaus and countries and adds missing embassies, in one transaction. */
export async function seedReferenceData(
  db: Database,
  actor: Actor = systemActor('reference-data'),
): Promise<SeedSummary> {
  return db.transaction((tx) => applyReferenceSeed(tx, actor));
}

/** The seed inside a caller's transaction; uses only `tx` (PGlite has a single connection). */
export async function applyReferenceSeed(tx: Tx, actor: Actor): Promise<SeedSummary> {
  await lockReferenceData(tx);
  const regionWrites = await upsertRegions(
    tx,
    BUREAUS.map((b) => ({ code: b.code, name: b.name })),
  );
  const regionIds = await regionIdsByCode(tx);
  const countryRows = ISO_COUNTRIES.map((country) => {
    const bureau = bureauForCountry(country);
    const regionId = regionIds.get(bureau);
    if (regionId === undefined) throw new Error(`Bureau ${bureau} is missing after the upsert`);
    return countryRecord(country, regionId);
  });
  const countryWrites = await upsertCountries(tx, countryRows);
  const postsAdded = await insertMissingPosts(
    tx,
    ISO_COUNTRIES.filter((c) => c.independent === true).map(embassyFor),
  );

  const summary: SeedSummary = {
    regionsAdded: regionWrites.added.length,
    regionsUpdated: regionWrites.updated.length,
    countriesAdded: countryWrites.added.length,
    countriesUpdated: countryWrites.updated.length,
    postsAdded: postsAdded.length,
  };
  // A run that changed nothing leaves no trace, so a restart does not grow the audit log.
  if (Object.values(summary).some((n) => n > 0)) {
    await appendAudit(tx, actor, {
      action: 'reference.seed',
      entityType: 'reference_data',
      changes: {
        regionsAdded: regionWrites.added,
        regionsUpdated: regionWrites.updated,
        countriesAdded: countryWrites.added,
        countriesUpdated: countryWrites.updated,
        postsAdded,
      },
    });
  }
  return summary;
}
