// SQL for the reference data: bureaus (regions), countries, posts and population figures.
// Writes are multi-row upserts that touch a row only when its values differ, so a re-run of
// the seed or the import changes nothing (no rewritten rows, no new updated_at, no audit entry).
import { count, getTableColumns, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/connection.ts';
import { queryRows } from '../../db/raw.ts';
import { countries, populations, posts, regions } from '../../db/schema/index.ts';

export type NewRegion = typeof regions.$inferInsert;
export type NewCountry = typeof countries.$inferInsert;
export type NewPost = typeof posts.$inferInsert;
export type NewPopulation = typeof populations.$inferInsert;

/** Which rows a write created and which it changed, by their code. */
export interface WriteResult {
  added: string[];
  updated: string[];
}

// Postgres caps a statement at 65,535 parameters; 1,000 rows of a few columns stays far below.
const BATCH_ROWS = 1000;

/**
 * Serialises reference-data loads across connections and app instances for the rest of the
 * transaction: the second of two instances starting together waits, then finds the first one's
 * work committed and skips it, instead of racing it row by row.
 */
export async function lockReferenceData(tx: Tx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtext('rapporteur.reference-data'))`);
}

// `excluded.<column>` for each column: the value the INSERT proposed.
function excludedValues(columns: Record<string, AnyColumn>): Record<string, SQL> {
  return Object.fromEntries(
    Object.entries(columns).map(([key, column]) => [key, sql.raw(`excluded."${column.name}"`)]),
  );
}

// True when the stored row differs from the proposed one in any of the columns.
function differs(columns: Record<string, AnyColumn>): SQL {
  const list = Object.values(columns);
  const stored = sql.join(
    list.map((column) => sql`${column}`),
    sql`, `,
  );
  const proposed = sql.join(
    list.map((column) => sql.raw(`excluded."${column.name}"`)),
    sql`, `,
  );
  return sql`(${stored}) IS DISTINCT FROM (${proposed})`;
}

// In the row an upsert returns, xmax is 0 when the statement inserted it and set when it updated.
const wasInserted = sql<boolean>`(xmax = 0)`;

function splitWrites(rows: { code: string; inserted: boolean }[]): WriteResult {
  return {
    added: rows.filter((r) => r.inserted).map((r) => r.code),
    updated: rows.filter((r) => !r.inserted).map((r) => r.code),
  };
}

export async function upsertRegions(tx: Tx, rows: NewRegion[]): Promise<WriteResult> {
  const changing = { name: regions.name };
  const written = await tx
    .insert(regions)
    .values(rows)
    .onConflictDoUpdate({
      target: regions.code,
      set: excludedValues(changing),
      setWhere: differs(changing),
    })
    .returning({ code: regions.code, inserted: wasInserted });
  return splitWrites(written);
}

export async function regionIdsByCode(db: Executor): Promise<Map<string, number>> {
  const rows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  return new Map(rows.map((r) => [r.code, r.id]));
}

export async function upsertCountries(tx: Tx, rows: NewCountry[]): Promise<WriteResult> {
  const { code: _key, ...changing } = getTableColumns(countries);
  const written = await tx
    .insert(countries)
    .values(rows)
    .onConflictDoUpdate({
      target: countries.code,
      set: excludedValues(changing),
      setWhere: differs(changing),
    })
    .returning({ code: countries.code, inserted: wasInserted });
  return splitWrites(written);
}

/** Inserts the posts whose code is not taken yet; an existing post is never touched. */
export async function insertMissingPosts(tx: Tx, rows: NewPost[]): Promise<string[]> {
  if (rows.length === 0) return [];
  const written = await tx
    .insert(posts)
    .values(rows)
    .onConflictDoNothing({ target: posts.code })
    .returning({ code: posts.code });
  return written.map((r) => r.code);
}

export async function alpha2ByAlpha3(db: Executor): Promise<Map<string, string>> {
  const rows = await db.select({ code: countries.code, alpha3: countries.alpha3 }).from(countries);
  return new Map(rows.map((r) => [r.alpha3, r.code]));
}

/** Upserts population figures in batches; returns how many rows were inserted or changed. */
export async function upsertPopulations(tx: Tx, rows: NewPopulation[]): Promise<number> {
  const changing = { population: populations.population, source: populations.source };
  let written = 0;
  for (let start = 0; start < rows.length; start += BATCH_ROWS) {
    const batch = rows.slice(start, start + BATCH_ROWS);
    const result = await tx
      .insert(populations)
      .values(batch)
      .onConflictDoUpdate({
        target: [populations.countryCode, populations.year],
        set: { ...excludedValues(changing), updatedAt: sql`now()` },
        setWhere: differs(changing),
      })
      .returning({ code: populations.countryCode });
    written += result.length;
  }
  return written;
}

export interface ReferenceCounts {
  regions: number;
  countries: number;
  posts: number;
  populations: number;
}

export async function countReferenceData(db: Executor): Promise<ReferenceCounts> {
  const tally = async (
    table: typeof regions | typeof countries | typeof posts | typeof populations,
  ) => {
    const [row] = await db.select({ n: count() }).from(table);
    return row?.n ?? 0;
  };
  // One after another: on PGlite (a single connection) parallel queries only queue anyway.
  return {
    regions: await tally(regions),
    countries: await tally(countries),
    posts: await tally(posts),
    populations: await tally(populations),
  };
}

/**
 * Population figures from one committed statistics import: its annual observations of
 * countries we hold, each a whole number. Returns how many figures were new or changed.
 */
export async function upsertPopulationsFromImport(
  tx: Tx,
  importId: string,
  source: string,
): Promise<number> {
  const written = await queryRows<{ one: number }>(
    tx,
    sql`
    INSERT INTO populations (country_code, year, population, source)
    SELECT o.country_code, o.period::int, o.value::bigint, ${source}
      FROM stat_observations o JOIN countries c ON c.code = o.country_code
     WHERE o.import_id = ${importId}::uuid AND o.period ~ '^[0-9]{4}$' AND o.value IS NOT NULL
    ON CONFLICT (country_code, year) DO UPDATE
       SET population = excluded.population, source = excluded.source, updated_at = now()
     WHERE populations.population <> excluded.population OR populations.source <> excluded.source
    RETURNING 1 AS one`,
  );
  return written.length;
}

/** What stops an import's observations from being population figures, by source row. */
export async function populationProblemsInImport(tx: Tx, importId: string) {
  return queryRows<{
    row: number;
    country_code: string;
    period: string;
    value: string | null;
    n: number;
  }>(
    tx,
    sql`
    (SELECT min(o.source_row) AS row, o.country_code, o.period, NULL::text AS value, count(*)::int AS n
       FROM stat_observations o JOIN countries c ON c.code = o.country_code
      WHERE o.import_id = ${importId}::uuid AND o.period ~ '^[0-9]{4}$' AND o.value IS NOT NULL
      GROUP BY o.country_code, o.period HAVING count(*) > 1 LIMIT 20)
    UNION ALL
    (SELECT o.source_row, o.country_code, o.period, o.value::text, 1
       FROM stat_observations o JOIN countries c ON c.code = o.country_code
      WHERE o.import_id = ${importId}::uuid AND o.period ~ '^[0-9]{4}$'
        AND (o.value <> trunc(o.value) OR o.value < 0) LIMIT 20)`,
  );
}
