// SQL for the IOM import: what was imported before, the IOM sources already on record, and the
// multi-row inserts (batches of BATCH rows) that write a whole file in a few dozen statements.
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import {
  countries,
  incidentActs,
  incidents,
  incidentSources,
  incidentVictimGroups,
  iomImportRows,
  posts,
  sources,
} from '../../db/schema/index.ts';

/** Rows a statement carries: ~500 × 20 parameters stays well below PostgreSQL's 65,535. */
export const BATCH = 500;

export type NewIncident = typeof incidents.$inferInsert;
export type NewSource = typeof sources.$inferInsert;
export type NewAct = typeof incidentActs.$inferInsert;
export type NewVictimGroup = typeof incidentVictimGroups.$inferInsert;
export type NewSourceLink = typeof incidentSources.$inferInsert;
export type NewImportRow = typeof iomImportRows.$inferInsert;

function batches<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) out.push(rows.slice(i, i + BATCH));
  return out;
}

export async function findPost(db: Executor, by: { id: number } | { code: string }) {
  const [row] = await db
    .select({ id: posts.id, code: posts.code, countryCode: posts.countryCode })
    .from(posts)
    .where('id' in by ? eq(posts.id, by.id) : eq(posts.code, by.code));
  return row;
}

export async function knownCountryCodes(db: Executor, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db
    .select({ code: countries.code })
    .from(countries)
    .where(inArray(countries.code, codes));
  return new Set(rows.map((r) => r.code));
}

/** The external IDs of the layout already imported, among those given. */
export async function importedExternalIds(
  db: Executor,
  layout: string,
  externalIds: string[],
): Promise<Set<string>> {
  const found = new Set<string>();
  for (const ids of batches(externalIds)) {
    const rows = await db
      .select({ externalId: iomImportRows.externalId })
      .from(iomImportRows)
      .where(and(eq(iomImportRows.layout, layout), inArray(iomImportRows.externalId, ids)));
    for (const r of rows) found.add(r.externalId);
  }
  return found;
}

/** Every source of the publisher on record, to reuse an identical one instead of a copy. */
export async function sourcesOfPublisher(db: Executor, publisher: string) {
  return db
    .select({
      id: sources.id,
      title: sources.title,
      url: sources.url,
      originalGrade: sources.originalGrade,
      reliability: sources.reliability,
    })
    .from(sources)
    .where(and(eq(sources.publisher, publisher), eq(sources.type, 'ngo_io_report')));
}

export async function insertSources(db: Executor, rows: NewSource[]): Promise<string[]> {
  const ids: string[] = [];
  for (const batch of batches(rows))
    ids.push(
      ...(await db.insert(sources).values(batch).returning({ id: sources.id })).map((r) => r.id),
    );
  return ids;
}

/** Inserts incidents in order and returns their ids and references in the same order. */
export async function insertIncidents(db: Executor, rows: NewIncident[]) {
  const out: { id: string; reference: string }[] = [];
  for (const batch of batches(rows))
    out.push(
      ...(await db
        .insert(incidents)
        .values(batch)
        .returning({ id: incidents.id, reference: incidents.reference })),
    );
  return out;
}

export async function insertActs(db: Executor, rows: NewAct[]) {
  for (const batch of batches(rows)) await db.insert(incidentActs).values(batch);
}

export async function insertVictimGroups(db: Executor, rows: NewVictimGroup[]) {
  for (const batch of batches(rows)) await db.insert(incidentVictimGroups).values(batch);
}

export async function insertSourceLinks(db: Executor, rows: NewSourceLink[]) {
  for (const batch of batches(rows)) await db.insert(incidentSources).values(batch);
}

export async function insertImportRows(db: Executor, rows: NewImportRow[]) {
  for (const batch of batches(rows)) await db.insert(iomImportRows).values(batch);
}
