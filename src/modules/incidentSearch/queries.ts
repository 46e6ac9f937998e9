// SQL for finding incidents: one filter builder shared by the list, the facets, the map and the
// exports, so that every view shows exactly the same set, always cut by what the caller may see
// (`visibleTo`). Lists page by keyset under every sort; full text matches the language-neutral
// vector and the record's own language (migration 0015, `incident_text_config`).
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Executor } from '../../db/connection.ts';
import { queryRows } from '../../db/raw.ts';
import {
  countries,
  incidentFacets,
  incidents,
  incidentSources,
  posts,
  savedSearches,
  sources,
} from '../../db/schema/index.ts';
import type { IncidentVisibility } from '../../domain/incidentWorkflow.ts';
import { visibleTo } from '../incidents/queries.ts';
import type { SearchFilters, SortKey } from './schemas.ts';

/**
 * Configurations a query is also stemmed with, so that "Menschenhändler" finds a German
 * narrative that says "Menschenhändlern". Every one exists in PostgreSQL 15 (and PGlite).
 */
export const QUERY_LANGUAGES = [
  'arabic',
  'danish',
  'dutch',
  'english',
  'finnish',
  'french',
  'german',
  'greek',
  'hungarian',
  'italian',
  'norwegian',
  'portuguese',
  'romanian',
  'russian',
  'spanish',
  'swedish',
  'turkish',
] as const;

/** The tsquery of `q`: word for word ('simple') or in any of the stemmed languages. */
export function textQuery(q: string): SQL {
  return sql.join(
    [
      sql`websearch_to_tsquery('simple', ${q})`,
      ...QUERY_LANGUAGES.map((c) => sql`websearch_to_tsquery(${sql.raw(`'${c}'`)}, ${q})`),
    ],
    sql` || `,
  );
}

const sourceExists = (condition: SQL) =>
  sql`exists (select 1 from ${incidentSources} l join ${sources} s on s.id = l.source_id where l.incident_id = ${incidents.id} and ${condition})`;

/** The columns the filters read: on `incidents`, or on its narrow copy for facet counts. */
type FilterColumns = Record<
  | 'postId'
  | 'createdBy'
  | 'status'
  | 'countryCode'
  | 'categories'
  | 'route'
  | 'marking'
  | 'occurredStart'
  | 'occurredEnd',
  AnyPgColumn
>;

/** Visibility first, then each filter the caller set that both tables can answer. */
function commonWhere(v: IncidentVisibility, f: SearchFilters, t: FilterColumns): SQL[] {
  const where: SQL[] = [visibleTo(v, t)];
  if (f.country) where.push(eq(t.countryCode, f.country));
  if (f.region)
    where.push(
      sql`${t.countryCode} in (select code from ${countries} where region_id = ${f.region})`,
    );
  if (f.post) where.push(eq(t.postId, f.post));
  if (f.status) where.push(eq(t.status, f.status));
  if (f.category) where.push(sql`${t.categories} @> array[${f.category}]::text[]`);
  if (f.route) where.push(eq(t.route, f.route));
  if (f.marking) where.push(eq(t.marking, f.marking));
  // An incident overlaps [from, to] when it ends on or after `from` and starts on or before `to`.
  if (f.from) where.push(sql`${t.occurredEnd} >= ${f.from}`);
  if (f.to) where.push(sql`${t.occurredStart} <= ${f.to}`);
  return where;
}

/** The WHERE of every search view on `incidents`. */
export function searchWhere(v: IncidentVisibility, f: SearchFilters): SQL {
  const where = commonWhere(v, f, incidents);
  if (f.sourceType) where.push(sourceExists(sql`s.type = ${f.sourceType}`));
  if (f.reliability) where.push(sourceExists(sql`s.reliability = ${f.reliability}`));
  if (f.q) where.push(sql`${incidents.search} @@ (${textQuery(f.q)})`);
  return and(...where)!;
}

/** The same filters on `analytics.incident_facets` (full text excepted: that needs `incidents`). */
function facetsWhere(v: IncidentVisibility, f: SearchFilters): SQL {
  const where = commonWhere(v, f, incidentFacets);
  if (f.sourceType)
    where.push(sql`${incidentFacets.sourceTypes} @> array[${f.sourceType}]::text[]`);
  if (f.reliability)
    where.push(sql`${incidentFacets.reliabilities} @> array[${f.reliability}]::text[]`);
  return and(...where)!;
}

/** Each sort: its column, direction and the id tie-breaker's direction, chosen so that one
 * btree index (scanned forwards or backwards) serves the keyset. */
export const SORTS: Record<
  SortKey,
  { column: 'occurredStart' | 'updatedAt' | 'reference'; desc: boolean; idDesc: boolean }
> = {
  occurred_desc: { column: 'occurredStart', desc: true, idDesc: false },
  occurred_asc: { column: 'occurredStart', desc: false, idDesc: true },
  updated_desc: { column: 'updatedAt', desc: true, idDesc: false },
  reference_desc: { column: 'reference', desc: true, idDesc: false },
  reference_asc: { column: 'reference', desc: false, idDesc: false },
};

export interface KeysetAfter {
  value: string;
  id: string;
}

function keysetCondition(sort: SortKey, after: KeysetAfter): SQL {
  const s = SORTS[sort];
  const col = incidents[s.column];
  const value = s.column === 'updatedAt' ? sql`${after.value}::timestamptz` : sql`${after.value}`;
  const beyond = s.desc ? sql`${col} < ${value}` : sql`${col} > ${value}`;
  // The reference is unique, so it alone orders the rows.
  if (s.column === 'reference') return beyond;
  const tie = s.idDesc ? sql`${incidents.id} < ${after.id}` : sql`${incidents.id} > ${after.id}`;
  // The first conjunct bounds the index scan; the second skips the rows already seen.
  return sql`${col} ${sql.raw(s.desc ? '<=' : '>=')} ${value} and (${beyond} or ${tie})`;
}

function orderOf(sort: SortKey): SQL[] {
  const s = SORTS[sort];
  const col = incidents[s.column];
  if (s.column === 'reference') return [s.desc ? desc(col) : asc(col)];
  // The keyset indexes are (column DESC NULLS LAST, id): the ORDER BY must say the same (or
  // its exact reverse) for the planner to walk the index instead of sorting every match.
  const first = s.desc ? sql`${col} desc nulls last` : sql`${col} asc nulls first`;
  return [first, s.idDesc ? desc(incidents.id) : asc(incidents.id)];
}

export const summaryColumns = {
  id: incidents.id,
  reference: incidents.reference,
  postId: incidents.postId,
  countryCode: incidents.countryCode,
  title: incidents.title,
  categories: incidents.categories,
  occurredStart: incidents.occurredStart,
  occurredEnd: incidents.occurredEnd,
  datePrecision: incidents.datePrecision,
  placeName: incidents.placeName,
  latitude: incidents.latitude,
  longitude: incidents.longitude,
  geoPrecision: incidents.geoPrecision,
  route: incidents.route,
  status: incidents.status,
  marking: incidents.marking,
  synthetic: incidents.synthetic,
  updatedAt: incidents.updatedAt,
};

export async function searchPage(
  db: Executor,
  v: IncidentVisibility,
  f: SearchFilters,
  sort: SortKey,
  after: KeysetAfter | undefined,
  limit: number,
) {
  const where = searchWhere(v, f);
  return db
    .select(summaryColumns)
    .from(incidents)
    .where(after ? and(where, keysetCondition(sort, after)) : where)
    .orderBy(...orderOf(sort))
    .limit(limit);
}

export interface FacetCount {
  value: string;
  count: number;
}

/**
 * Counts per facet value over the whole filtered set (visibility included, so another post's
 * drafts are never counted). A record with two categories or two source types counts once
 * under each.
 */
export async function facetCounts(db: Executor, v: IncidentVisibility, f: SearchFilters) {
  // One pass over the filtered set: it is materialised once (only the columns the facets
  // need) and every facet is grouped from it in the same statement. Without full text, the
  // set comes from the narrow analytics.incident_facets (source types and grades included);
  // with it, from incidents, whose text vector answers the query.
  const filtered = f.q
    ? sql`select ${incidents.id} as id, ${incidents.countryCode} as country_code,
                 ${incidents.status} as status, ${incidents.route} as route,
                 ${incidents.marking} as marking, ${incidents.categories} as categories,
                 extract(year from ${incidents.occurredStart})::int as year,
                 array(select distinct s.type from ${incidentSources} l join ${sources} s on s.id = l.source_id
                        where l.incident_id = ${incidents.id}) as source_types,
                 array(select distinct s.reliability::text from ${incidentSources} l join ${sources} s on s.id = l.source_id
                        where l.incident_id = ${incidents.id}) as reliabilities
          from ${incidents} where ${searchWhere(v, f)}`
    : sql`select ${incidentFacets.incidentId} as id, ${incidentFacets.countryCode} as country_code,
                 ${incidentFacets.status} as status, ${incidentFacets.route} as route,
                 ${incidentFacets.marking} as marking, ${incidentFacets.categories} as categories,
                 extract(year from ${incidentFacets.occurredStart})::int as year,
                 ${incidentFacets.sourceTypes} as source_types,
                 ${incidentFacets.reliabilities} as reliabilities
          from ${incidentFacets} where ${facetsWhere(v, f)}`;
  const rows = await queryRows<{ facet: string; value: string | null; count: number }>(
    db,
    sql`with f as materialized (${filtered})
        select 'total' as facet, null as value, count(*)::int as count from f
        union all select 'country', country_code::text, count(*)::int from f group by 2
        union all select 'status', status, count(*)::int from f group by 2
        union all select 'route', route, count(*)::int from f group by 2
        union all select 'marking', marking, count(*)::int from f group by 2
        union all select 'year', year::text, count(*)::int from f group by 2
        union all select 'category', c, count(*)::int from f, unnest(f.categories) c group by 2
        union all select 'region', r.region_id::text, count(*)::int
          from f join ${countries} r on r.code = f.country_code group by 2
        union all select 'sourceType', t, count(*)::int from f, unnest(f.source_types) t group by 2
        union all select 'reliability', g, count(*)::int from f, unnest(f.reliabilities) g group by 2`,
  );
  const facet = (name: string): FacetCount[] =>
    rows
      .filter((r) => r.facet === name && r.value !== null)
      .map((r) => ({ value: String(r.value).trim(), count: Number(r.count) }))
      .sort((x, y) =>
        name === 'sourceType' || name === 'reliability'
          ? x.value.localeCompare(y.value)
          : y.count - x.count || x.value.localeCompare(y.value),
      );
  return {
    total: Number(rows.find((r) => r.facet === 'total')?.count ?? 0),
    facets: {
      country: facet('country'),
      region: facet('region'),
      category: facet('category'),
      status: facet('status'),
      route: facet('route'),
      marking: facet('marking'),
      year: facet('year'),
      sourceType: facet('sourceType'),
      reliability: facet('reliability'),
    },
  };
}

/** Points for the map: records with coordinates drawn as points (precision 1–2), capped. */
export async function mapPoints(
  db: Executor,
  v: IncidentVisibility,
  f: SearchFilters,
  cap: number,
) {
  const where = and(
    searchWhere(v, f),
    sql`${incidents.latitude} is not null and ${incidents.longitude} is not null`,
    sql`coalesce(${incidents.geoPrecision}, 1) < 3`,
  );
  const rows = await db
    .select({
      id: incidents.id,
      reference: incidents.reference,
      title: incidents.title,
      latitude: sql<number>`${incidents.latitude}`,
      longitude: sql<number>`${incidents.longitude}`,
      categories: incidents.categories,
    })
    .from(incidents)
    .where(where)
    .orderBy(...orderOf('occurred_desc'))
    .limit(cap + 1);
  return rows;
}

/** The rows of an export, one keyset batch at a time (every field but internal ones). */
export async function exportBatch(
  db: Executor,
  v: IncidentVisibility,
  f: SearchFilters,
  after: KeysetAfter | undefined,
  limit: number,
) {
  const where = searchWhere(v, f);
  return db
    .select({
      id: incidents.id,
      reference: incidents.reference,
      post: posts.code,
      countryCode: incidents.countryCode,
      title: incidents.title,
      narrative: incidents.narrative,
      language: incidents.language,
      categories: incidents.categories,
      occurredStart: incidents.occurredStart,
      occurredEnd: incidents.occurredEnd,
      datePrecision: incidents.datePrecision,
      admin1: incidents.admin1,
      placeName: incidents.placeName,
      latitude: incidents.latitude,
      longitude: incidents.longitude,
      geoPrecision: incidents.geoPrecision,
      route: incidents.route,
      marking: incidents.marking,
      tags: incidents.tags,
      status: incidents.status,
      synthetic: incidents.synthetic,
      updatedAt: incidents.updatedAt,
    })
    .from(incidents)
    .innerJoin(posts, eq(posts.id, incidents.postId))
    .where(after ? and(where, keysetCondition('occurred_desc', after)) : where)
    .orderBy(...orderOf('occurred_desc'))
    .limit(limit);
}

export async function postsByCode(db: Executor, codes: string[]) {
  if (!codes.length)
    return new Map<string, { id: number; countryCode: string; regionId: number }>();
  const rows = await db
    .select({
      code: posts.code,
      id: posts.id,
      countryCode: posts.countryCode,
      regionId: countries.regionId,
    })
    .from(posts)
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(inArray(posts.code, codes));
  return new Map(rows.map((r) => [r.code, r]));
}

export async function knownCountries(db: Executor, codes: string[]): Promise<Set<string>> {
  if (!codes.length) return new Set();
  const rows = await db
    .select({ code: countries.code })
    .from(countries)
    .where(inArray(countries.code, codes));
  return new Set(rows.map((r) => r.code.trim()));
}

export async function insertImported(db: Executor, rows: (typeof incidents.$inferInsert)[]) {
  if (!rows.length) return [];
  return db
    .insert(incidents)
    .values(rows)
    .returning({ id: incidents.id, reference: incidents.reference });
}

// Saved searches: always selected by owner as well as id, so nobody reaches another's.
export async function listSavedSearches(db: Executor, userId: string) {
  return db
    .select()
    .from(savedSearches)
    .where(eq(savedSearches.userId, userId))
    .orderBy(asc(savedSearches.name));
}

export async function findSavedSearch(db: Executor, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(savedSearches)
    .where(and(eq(savedSearches.userId, userId), eq(savedSearches.id, id)));
  return row;
}

export async function savedSearchNamed(db: Executor, userId: string, name: string) {
  const [row] = await db
    .select({ id: savedSearches.id })
    .from(savedSearches)
    .where(and(eq(savedSearches.userId, userId), eq(savedSearches.name, name)));
  return row;
}

export async function insertSavedSearch(
  db: Executor,
  values: { userId: string; name: string; filters: Record<string, string> },
) {
  const [row] = await db.insert(savedSearches).values(values).returning();
  return row!;
}

export async function deleteSavedSearch(db: Executor, id: string) {
  await db.delete(savedSearches).where(eq(savedSearches.id, id));
}

/** The id of the incident with this reference (INC-YYYY-NNNNNN), if any. */
export async function idOfReference(db: Executor, reference: string) {
  const [row] = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(eq(incidents.reference, reference.toUpperCase()));
  return row?.id;
}
