// SQL for incidents: the record with its acts, victims, perpetrators and source links, the
// visibility-filtered keyset list with full-text search, comments and audit history.
import { and, asc, eq, getTableColumns, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Database, Executor } from '../../db/connection.ts';
import { prepared } from '../../db/prepared.ts';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  auditLog,
  countries,
  incidentActs,
  incidentPerpetrators,
  incidents,
  incidentSources,
  incidentVictimGroups,
  perpetratorAttributes,
  posts,
  recordComments,
  sources,
  users,
} from '../../db/schema/index.ts';
import type { IncidentVisibility } from '../../domain/incidentWorkflow.ts';
import type { ActInput, PerpetratorInput, VictimGroupInput } from './schemas.ts';

export type IncidentRow = typeof incidents.$inferSelect;

/** Every column but the search vector, which is for the database's eyes only. */
const { search: _search, ...incidentColumns } = getTableColumns(incidents);
export type IncidentRecord = Omit<IncidentRow, 'search'>;

export async function findIncident(db: Executor, id: string) {
  const [row] = await db
    .select({ incident: incidentColumns, regionId: countries.regionId })
    .from(incidents)
    .innerJoin(posts, eq(posts.id, incidents.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(incidents.id, id));
  return row as { incident: IncidentRecord; regionId: number } | undefined;
}

export async function lockIncident(db: Executor, id: string): Promise<void> {
  await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.id, id)).for('update');
}

/** A post with its region (for the policy) and its country (for a new record's warnings). */
export async function postWithRegion(db: Executor, postId: number) {
  const [row] = await db
    .select({
      postId: posts.id,
      countryCode: posts.countryCode,
      regionId: countries.regionId,
      country: {
        code: countries.code,
        name: countries.name,
        latitude: countries.latitude,
        longitude: countries.longitude,
      },
    })
    .from(posts)
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(posts.id, postId));
  return row;
}

export async function findCountry(db: Executor, code: string) {
  const [row] = await db
    .select({
      code: countries.code,
      name: countries.name,
      latitude: countries.latitude,
      longitude: countries.longitude,
    })
    .from(countries)
    .where(eq(countries.code, code));
  return row;
}

export async function insertIncident(
  db: Executor,
  values: typeof incidents.$inferInsert,
): Promise<IncidentRecord> {
  const [row] = await db.insert(incidents).values(values).returning(incidentColumns);
  return row as IncidentRecord;
}

export async function setIncident(
  db: Executor,
  id: string,
  values: Partial<typeof incidents.$inferInsert>,
) {
  const [row] = await db
    .update(incidents)
    .set({ ...values, version: sql`${incidents.version} + 1`, updatedAt: new Date() })
    .where(eq(incidents.id, id))
    .returning(incidentColumns);
  return row as IncidentRecord;
}

export async function replaceActs(db: Executor, incidentId: string, acts: ActInput[]) {
  await db.delete(incidentActs).where(eq(incidentActs.incidentId, incidentId));
  if (acts.length)
    await db.insert(incidentActs).values(
      acts.map((a) => ({
        incidentId,
        act: a.act,
        victimCount: a.victimCount ?? null,
        description: a.description ?? null,
      })),
    );
}

export async function replaceVictims(
  db: Executor,
  incidentId: string,
  victims: VictimGroupInput[],
) {
  await db.delete(incidentVictimGroups).where(eq(incidentVictimGroups.incidentId, incidentId));
  if (victims.length)
    await db.insert(incidentVictimGroups).values(
      victims.map((v) => ({
        incidentId,
        sex: v.sex,
        ageBand: v.ageBand,
        count: v.count,
        nationality: v.nationality ?? null,
        nationalitySourceId: v.nationalitySourceId ?? null,
      })),
    );
}

export async function replacePerpetrators(
  db: Executor,
  incidentId: string,
  perpetrators: PerpetratorInput[],
) {
  await db.delete(incidentPerpetrators).where(eq(incidentPerpetrators.incidentId, incidentId));
  for (const p of perpetrators) {
    const [row] = await db
      .insert(incidentPerpetrators)
      .values({
        incidentId,
        type: p.type,
        count: p.count ?? null,
        description: p.description ?? null,
      })
      .returning({ id: incidentPerpetrators.id });
    if (p.attributes?.length)
      await db.insert(perpetratorAttributes).values(
        p.attributes.map((a) => ({
          perpetratorId: row!.id,
          attribute: a.attribute,
          value: a.value,
          sourceId: a.sourceId,
          excerpt: a.excerpt ?? null,
        })),
      );
  }
}

// The record's details as JSON subselects, so that a record and everything shown with it is one
// round trip (was six). Orders are those of the forms: acts, victims and perpetrators as entered,
// source links as linked.
// They name the outer table as `incidents.id` in plain text: Drizzle leaves a one-table query's
// columns unqualified, and a bare "id" would bind to the subquery's own table.
const actsJson = sql<Act[]>`coalesce((
  select json_agg(json_build_object(
    'act', a.act, 'victimCount', a.victim_count, 'description', a.description) order by a.id)
  from ${incidentActs} a where a.incident_id = incidents.id), '[]'::json)`;

const victimsJson = sql<Victim[]>`coalesce((
  select json_agg(json_build_object(
    'sex', v.sex, 'ageBand', v.age_band, 'count', v.count, 'nationality', v.nationality,
    'nationalitySourceId', v.nationality_source_id) order by v.id)
  from ${incidentVictimGroups} v where v.incident_id = incidents.id), '[]'::json)`;

const perpetratorsJson = sql<Perpetrator[]>`coalesce((
  select json_agg(json_build_object(
    'type', p.type, 'count', p.count, 'description', p.description,
    'attributes', coalesce((
      select json_agg(json_build_object(
        'attribute', pa.attribute, 'value', pa.value, 'sourceId', pa.source_id,
        'excerpt', pa.excerpt) order by pa.id)
      from ${perpetratorAttributes} pa where pa.perpetrator_id = p.id), '[]'::json))
    order by p.id)
  from ${incidentPerpetrators} p where p.incident_id = incidents.id), '[]'::json)`;

const linksJson = sql<{ credibility: number; excerpt: string | null; source: unknown }[]>`coalesce((
  select json_agg(json_build_object(
    'credibility', l.credibility, 'excerpt', l.excerpt, 'source', to_json(s))
    order by l.created_at, s.id)
  from ${incidentSources} l join ${sources} s on s.id = l.source_id
  where l.incident_id = incidents.id), '[]'::json)`;

const countryJson = sql<Country | null>`(
  select json_build_object('code', c.code, 'name', c.name, 'latitude', c.latitude,
    'longitude', c.longitude)
  from ${countries} c where c.code = incidents.country_code)`;

const detailColumns = {
  acts: actsJson,
  victims: victimsJson,
  perpetrators: perpetratorsJson,
  links: linksJson,
  country: countryJson,
};

type Act = Pick<typeof incidentActs.$inferSelect, 'act' | 'victimCount' | 'description'>;
type Victim = Pick<
  typeof incidentVictimGroups.$inferSelect,
  'sex' | 'ageBand' | 'count' | 'nationality' | 'nationalitySourceId'
>;
type Perpetrator = Pick<
  typeof incidentPerpetrators.$inferSelect,
  'type' | 'count' | 'description'
> & {
  attributes: Pick<
    typeof perpetratorAttributes.$inferSelect,
    'attribute' | 'value' | 'sourceId' | 'excerpt'
  >[];
};
type Country = { code: string; name: string; latitude: number | null; longitude: number | null };
type SourceRow = typeof sources.$inferSelect;

const sourceColumns = Object.entries(getTableColumns(sources));

/** A source row from its JSON form, each column read back as Drizzle reads it (dates as Dates). */
function sourceFromJson(json: unknown): SourceRow {
  const raw = json as Record<string, unknown>;
  return Object.fromEntries(
    sourceColumns.map(([key, column]) => {
      const value = raw[column.name];
      return [key, value === null || value === undefined ? null : column.mapFromDriverValue(value)];
    }),
  ) as SourceRow;
}

function detailsOf(row: {
  acts: Act[];
  victims: Victim[];
  perpetrators: Perpetrator[];
  links: { credibility: number; excerpt: string | null; source: unknown }[];
}) {
  return {
    acts: row.acts,
    victims: row.victims,
    perpetrators: row.perpetrators,
    sources: row.links.map((l) => ({
      credibility: l.credibility,
      excerpt: l.excerpt,
      source: sourceFromJson(l.source),
    })),
  };
}

export type IncidentDetails = ReturnType<typeof detailsOf>;

/** An incident's acts, victims, perpetrators (with attributes) and source links, in one query. */
export async function loadDetails(db: Executor, incidentId: string): Promise<IncidentDetails> {
  const [row] = await db.select(detailColumns).from(incidents).where(eq(incidents.id, incidentId));
  return row ? detailsOf(row) : { acts: [], victims: [], perpetrators: [], sources: [] };
}

/** The details and the record's country (for location warnings), in one query. */
export async function loadDetailsAndCountry(db: Executor, incidentId: string) {
  const [row] = await db.select(detailColumns).from(incidents).where(eq(incidents.id, incidentId));
  return { details: row ? detailsOf(row) : undefined, country: row?.country ?? undefined };
}

/**
 * The record, its post's region (for visibility), details and country, in one query prepared
 * once per database (see db/prepared.ts); the row is read afresh at every call.
 */
export async function findIncidentWithDetails(db: Database, id: string) {
  const query = prepared(db, 'incident_with_details', (d) =>
    d
      .select({ incident: incidentColumns, regionId: countries.regionId, ...detailColumns })
      .from(incidents)
      .innerJoin(posts, eq(posts.id, incidents.postId))
      .innerJoin(countries, eq(countries.code, posts.countryCode))
      .where(eq(incidents.id, sql.placeholder('id')))
      .prepare('incident_with_details'),
  );
  const [row] = await query.execute({ id });
  if (!row) return undefined;
  return {
    incident: row.incident as IncidentRecord,
    regionId: row.regionId,
    details: detailsOf(row),
    country: row.country ?? undefined,
  };
}

export async function linkedSourceIds(db: Executor, incidentId: string): Promise<Set<string>> {
  const rows = await db
    .select({ id: incidentSources.sourceId })
    .from(incidentSources)
    .where(eq(incidentSources.incidentId, incidentId));
  return new Set(rows.map((r) => r.id));
}

export async function existingSourceIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: sources.id }).from(sources).where(inArray(sources.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function upsertSourceLink(
  db: Executor,
  link: { incidentId: string; sourceId: string; credibility: number; excerpt: string | null },
) {
  await db
    .insert(incidentSources)
    .values(link)
    .onConflictDoUpdate({
      target: [incidentSources.incidentId, incidentSources.sourceId],
      set: { credibility: link.credibility, excerpt: link.excerpt },
    });
}

export async function deleteSourceLink(
  db: Executor,
  incidentId: string,
  sourceId: string,
): Promise<boolean> {
  const rows = await db
    .delete(incidentSources)
    .where(and(eq(incidentSources.incidentId, incidentId), eq(incidentSources.sourceId, sourceId)))
    .returning({ id: incidentSources.sourceId });
  return rows.length > 0;
}

/** Whether any victim nationality or perpetrator attribute of the incident cites the source. */
export async function sourceIsCited(
  db: Executor,
  incidentId: string,
  sourceId: string,
): Promise<boolean> {
  const [victim] = await db
    .select({ id: incidentVictimGroups.id })
    .from(incidentVictimGroups)
    .where(
      and(
        eq(incidentVictimGroups.incidentId, incidentId),
        eq(incidentVictimGroups.nationalitySourceId, sourceId),
      ),
    )
    .limit(1);
  if (victim) return true;
  const [attr] = await db
    .select({ id: perpetratorAttributes.id })
    .from(perpetratorAttributes)
    .innerJoin(
      incidentPerpetrators,
      eq(incidentPerpetrators.id, perpetratorAttributes.perpetratorId),
    )
    .where(
      and(
        eq(incidentPerpetrators.incidentId, incidentId),
        eq(perpetratorAttributes.sourceId, sourceId),
      ),
    )
    .limit(1);
  return attr !== undefined;
}

/** The SQL form of `canSeeIncident` (domain/incidentWorkflow.ts): keep the two in step. */
/** The columns visibility reads, on `incidents` or on its narrow copy `analytics.incident_facets`. */
export interface VisibilityColumns {
  postId: AnyPgColumn;
  createdBy: AnyPgColumn;
  status: AnyPgColumn;
}

export function visibleTo(v: IncidentVisibility, t: VisibilityColumns = incidents): SQL {
  const released: SQL[] = [];
  if (v.everywhere) released.push(sql`true`);
  if (v.regionIds.length)
    released.push(
      sql`${t.postId} in (select p.id from ${posts} p join ${countries} c on c.code = p.country_code where c.region_id in (${sql.join(
        v.regionIds.map((r) => sql`${r}`),
        sql`, `,
      )}))`,
    );
  const own: SQL[] = [eq(t.createdBy, v.userId)];
  if (v.postIds.length) own.push(inArray(t.postId, v.postIds));
  return released.length ? or(...own, and(ne(t.status, 'draft'), or(...released)))! : or(...own)!;
}

/** Entries of the record and of the records merged into it, whose history became its own. */
function ofRecordOrMerged(db: Executor, incidentId: string): SQL {
  return or(
    eq(auditLog.entityId, incidentId),
    inArray(
      auditLog.entityId,
      db
        .select({ id: sql<string>`${incidents.id}::text` })
        .from(incidents)
        .where(eq(incidents.mergedInto, incidentId)),
    ),
  )!;
}

const CONTENT_ACTIONS = [
  'incident.created',
  'incident.updated',
  'incident.source_linked',
  'incident.source_unlinked',
];

/** Everyone who wrote or changed the content of the record, from its audit history. */
export async function contentAuthors(db: Executor, incidentId: string): Promise<string[]> {
  const rows = await db
    .selectDistinct({ actorId: auditLog.actorId })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, 'incident'),
        ofRecordOrMerged(db, incidentId),
        inArray(auditLog.action, CONTENT_ACTIONS),
      ),
    );
  return rows.flatMap((r) => (r.actorId ? [r.actorId] : []));
}

export async function history(db: Executor, incidentId: string) {
  return db
    .select({
      seq: auditLog.seq,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorLabel: auditLog.actorLabel,
      action: auditLog.action,
      changes: auditLog.changes,
    })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'incident'), ofRecordOrMerged(db, incidentId)))
    .orderBy(asc(auditLog.seq));
}

export async function comments(db: Executor, entityType: string, entityId: string) {
  return db
    .select({
      id: recordComments.id,
      authorId: recordComments.authorId,
      authorName: users.displayName,
      body: recordComments.body,
      createdAt: recordComments.createdAt,
    })
    .from(recordComments)
    .leftJoin(users, eq(users.id, recordComments.authorId))
    .where(and(eq(recordComments.entityType, entityType), eq(recordComments.entityId, entityId)))
    .orderBy(asc(recordComments.createdAt), asc(recordComments.id));
}

export async function insertComment(
  db: Executor,
  values: { entityType: string; entityId: string; authorId: string; body: string },
) {
  const [row] = await db.insert(recordComments).values(values).returning();
  return row!;
}

// What the linked sources say, folded into the incident's search vector (weight C).
const evidenceOf = (incidentId: SQL | string) => sql`coalesce((
  select string_agg(concat_ws(' ', s.title, s.publisher, l.excerpt), ' ' order by s.id)
  from ${incidentSources} l join ${sources} s on s.id = l.source_id
  where l.incident_id = ${incidentId}), '')`;

/** Recomputes the evidence text of one incident after its source links changed. */
export async function refreshEvidenceText(db: Executor, incidentId: string): Promise<void> {
  await db
    .update(incidents)
    .set({ evidenceText: evidenceOf(incidentId) })
    .where(eq(incidents.id, incidentId));
}

/** Recomputes the evidence text of every incident citing a source whose title changed. */
export async function refreshEvidenceTextOfSource(db: Executor, sourceId: string): Promise<void> {
  await db
    .update(incidents)
    .set({ evidenceText: evidenceOf(sql`${incidents.id}`) })
    .where(
      inArray(
        incidents.id,
        db
          .select({ id: incidentSources.incidentId })
          .from(incidentSources)
          .where(eq(incidentSources.sourceId, sourceId)),
      ),
    );
}
