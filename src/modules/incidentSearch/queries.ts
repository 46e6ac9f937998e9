// SQL for finding incidents: one filter builder shared by the list, the facets, the map and the
// exports, so that every view shows exactly the same set, always cut by what the caller may see
// (`visibleTo`). Lists page by keyset under every sort; full text matches the language-neutral
// vector and the record's own language (migration 0015, `incident_text_config`).
import { and, asc, desc, eq, inArray, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { unionAll, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database, Executor } from '../../db/connection.ts';
import { queryRows } from '../../db/raw.ts';
import {
  countries,
  incidentFacetPairs,
  incidentFacetPending,
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

/** Visibility first (unless null), then each filter the caller set that both tables can answer.
 * `categoryByRow`: test the category row by row (`= any`), which the GIN index cannot answer, so
 * that the planner reads a narrow part (one post) in sort order instead of intersecting it with
 * the category's tenth of the table. */
function commonWhere(
  v: IncidentVisibility | null,
  f: SearchFilters,
  t: FilterColumns,
  categoryByRow = false,
): SQL[] {
  const where: SQL[] = v ? [visibleTo(v, t)] : [sql`true`];
  if (f.country) where.push(eq(t.countryCode, f.country));
  if (f.region)
    where.push(
      sql`${t.countryCode} in (select code from ${countries} where region_id = ${f.region})`,
    );
  if (f.post) where.push(eq(t.postId, f.post));
  if (f.status) where.push(eq(t.status, f.status));
  if (f.category)
    where.push(
      categoryByRow
        ? sql`${f.category}::text = any(${t.categories})`
        : sql`${t.categories} @> array[${f.category}]::text[]`,
    );
  if (f.route) where.push(eq(t.route, f.route));
  if (f.marking) where.push(eq(t.marking, f.marking));
  // An incident overlaps [from, to] when it ends on or after `from` and starts on or before `to`.
  if (f.from) where.push(sql`${t.occurredEnd} >= ${f.from}`);
  if (f.to) where.push(sql`${t.occurredStart} <= ${f.to}`);
  return where;
}

/** The WHERE of every search view on `incidents`; with `v` null, the filters alone. */
export function searchWhere(
  v: IncidentVisibility | null,
  f: SearchFilters,
  categoryByRow = false,
): SQL {
  const where = commonWhere(v, f, incidents, categoryByRow);
  if (f.sourceType) where.push(sourceExists(sql`s.type = ${f.sourceType}`));
  if (f.reliability) where.push(sourceExists(sql`s.reliability = ${f.reliability}`));
  if (f.q) where.push(sql`${incidents.search} @@ (${textQuery(f.q)})`);
  return and(...where)!;
}

/** The same filters on `analytics.incident_facets` (full text excepted: that needs `incidents`);
 * with `v` null, the filters alone. */
function facetsWhere(v: IncidentVisibility | null, f: SearchFilters): SQL {
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
  const page = (where: SQL) =>
    db
      .select(summaryColumns)
      .from(incidents)
      .where(after ? and(where, keysetCondition(sort, after)) : where)
      .orderBy(...orderOf(sort))
      .limit(limit);
  if (v.everywhere || v.regionIds.length || !v.postIds.length) return page(searchWhere(v, f));
  // A caller who sees only their posts' records and their own (a reporter, an approver): the
  // OR of the two cannot use an index (there is none on incidents.created_by), so the planner
  // walks the sort's index for every record and keeps the post's, 1 in 194 at 1M: thousands of
  // rows per page (1.5–3 s cold). Instead each post apart and the caller's own records
  // elsewhere are disjoint parts, each paged on its own, then merged (the same rows in the same
  // order): their own records elsewhere through the facet copy's index on the author, each post
  // in sort order through an index on (post_id, sort key) where one exists (DDL in
  // docs/incidents.md, "Lists and search"; without it the post part walks the sort's index as
  // before).
  const filters = searchWhere(null, f, true);
  const parts = v.postIds.map((p) => page(and(eq(incidents.postId, p), filters)!));
  const elsewhere = and(
    notInArray(incidents.postId, v.postIds),
    eq(incidents.createdBy, v.userId),
    inArray(
      incidents.id,
      db
        .select({ id: incidentFacets.incidentId })
        .from(incidentFacets)
        .where(
          and(eq(incidentFacets.createdBy, v.userId), notInArray(incidentFacets.postId, v.postIds)),
        ),
    ),
    filters,
  )!;
  const [first, ...others] = parts;
  return unionAll(first!, page(elsewhere), ...others)
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
export async function facetCounts(
  db: Executor,
  v: IncidentVisibility,
  f: SearchFilters,
  /** Tests only: a smaller cap than FULL_TEXT_EXACT_CAP. */
  fullTextCap = FULL_TEXT_EXACT_CAP,
) {
  if (f.q) return fullTextFacets(db, v, f, fullTextCap);
  const plan = rollupPlan(f);
  const rows = plan
    ? await rollupRows(db, v, f, plan, facetsWhere(null, f))
    : await scannedFacetRows(db, v, f);
  return facetsOf(rows);
}

/** Up to this many full-text matches the facets are counted exactly. */
export const FULL_TEXT_EXACT_CAP = 5_000;

/**
 * Facets of a full-text search, counted over the matches only. Up to FULL_TEXT_EXACT_CAP
 * matches: exact. More: estimated from the matches whose id falls in the first 1/16 of the id
 * space (1/256, 1/4096… until at most FULL_TEXT_EXACT_CAP remain), scaled up and rounded to two
 * significant figures, and marked `estimated` (the page says "about"). Record ids are random
 * (version 4 UUIDs), so that slice is a uniform sample of the matches; the index on ids keeps
 * the rest of the matches from being read.
 */
async function fullTextFacets(db: Executor, v: IncidentVisibility, f: SearchFilters, cap: number) {
  const where = searchWhere(v, f);
  const matches = async (sample?: string) => {
    const cut = sample ? sql` and ${incidents.id} < ${sample}::uuid` : sql``;
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from (select 1 from ${incidents} where ${where}${cut}
          limit ${cap + 1}) x`,
    );
    return row!.n;
  };
  if ((await matches()) <= cap) return facetsOf(await scannedFacetRows(db, v, f));
  for (let digits = 1; digits <= 6; digits++) {
    // ids below 0…010…0 (the 1 at hex digit `digits`): a 16^-digits share of the id space.
    const bound = `${'0'.repeat(digits - 1)}1${'0'.repeat(32 - digits)}`.replace(
      /^(.{8})(.{4})(.{4})(.{4})(.{12})$/,
      '$1-$2-$3-$4-$5',
    );
    if (digits < 6 && (await matches(bound)) > cap) continue;
    return facetsOf(await scannedFacetRows(db, v, f, bound), 16 ** digits);
  }
  throw new Error('unreachable');
}

/** The same counts by the scan alone, never the pairs (the tests hold the two equal). */
export async function facetCountsByScan(db: Executor, v: IncidentVisibility, f: SearchFilters) {
  return facetsOf(await scannedFacetRows(db, v, f));
}

type FacetRow = { facet: string; value: string | null; count: number };

/** By the scan: the rows the filters admit (the facet copy's, or the matching incidents' with
 * full text), grouped by every facet. */
async function scannedFacetRows(
  db: Executor,
  v: IncidentVisibility,
  f: SearchFilters,
  /** Full text only: count the matches whose id is below this one (a sample). */
  idBelow?: string,
): Promise<FacetRow[]> {
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
          from ${incidents} where ${searchWhere(v, f)}
          ${idBelow ? sql`and ${incidents.id} < ${idBelow}::uuid` : sql``}`
    : sql`select ${incidentFacets.incidentId} as id, ${incidentFacets.countryCode} as country_code,
                 ${incidentFacets.status} as status, ${incidentFacets.route} as route,
                 ${incidentFacets.marking} as marking, ${incidentFacets.categories} as categories,
                 extract(year from ${incidentFacets.occurredStart})::int as year,
                 ${incidentFacets.sourceTypes} as source_types,
                 ${incidentFacets.reliabilities} as reliabilities
          from ${incidentFacets} where ${facetsWhere(v, f)}`;
  return queryRows<FacetRow>(
    db,
    sql`with f as materialized (${filtered})
        select 'total' as facet, null as value, count(*)::int as count from f
        union all select 'country', country_code::text, count(*)::int from f group by 2
        union all select 'status', status, count(*)::int from f group by 2
        union all select 'route', route, count(*)::int from f group by 2
        union all select 'marking', marking, count(*)::int from f group by 2
        union all select 'year', year::text, count(*)::int from f group by 2
        union all select 'category', c, count(*)::int
          from f, lateral (select distinct c from unnest(f.categories) c) u group by 2
        union all select 'region', r.region_id::text, count(*)::int
          from f join ${countries} r on r.code = f.country_code group by 2
        union all select 'sourceType', t, count(*)::int from f, unnest(f.source_types) t group by 2
        union all select 'reliability', g, count(*)::int from f, unnest(f.reliabilities) g group by 2`,
  );
}

/** Two significant figures: 1,234 → 1,200; small counts as they are. */
const roughly = (n: number) => {
  if (n < 100) return Math.round(n);
  const unit = 10 ** (Math.floor(Math.log10(n)) - 1);
  return Math.round(n / unit) * unit;
};

/** The facets from grouped rows; `scale` > 1 when the rows count a sample (estimated). */
function facetsOf(rows: FacetRow[], scale = 1) {
  const count = (n: number) => (scale === 1 ? n : roughly(n * scale));
  const facet = (name: string): FacetCount[] =>
    rows
      .filter((r) => r.facet === name && r.value !== null)
      .map((r) => ({ value: String(r.value).trim(), count: count(Number(r.count)) }))
      .sort((x, y) =>
        name === 'sourceType' || name === 'reliability'
          ? x.value.localeCompare(y.value)
          : y.count - x.count || x.value.localeCompare(y.value),
      );
  return {
    total: count(Number(rows.find((r) => r.facet === 'total')?.count ?? 0)),
    estimated: scale !== 1,
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

// ---------------------------------------------------------------------------------------------
// Facet counts from the pre-aggregated pairs (analytics.incident_facet_pairs, migrations 0024-0025)
// when the filters allow an exact answer from them; otherwise `facetCounts` scans the facet copy.
//
// Exact from the pairs when there is no full text, no post filter, dates (if any) on whole years
// (from = 1 January, to = 31 December) and at most one filter dimension among country (or
// region), route, marking, category, source type and reliability grade; the status filter is
// always allowed. What the caller may see is split in two, like `visibleTo`:
//   released: not a draft, and the caller sees everything or the record's post is in one of the
//             caller's regions — read from the pairs (and the changes not yet folded into them);
//   own:      the caller wrote it or works at its post — the part of it that is *not* released
//             is counted row by row from the facet copy (a post's or a person's drafts: few).
// The two parts are disjoint and their union is exactly what `visibleTo` admits, so the counts
// equal what the caller can page through (test/api/incident-search.test.ts checks both paths).

type Dim = 'country' | 'route' | 'marking' | 'category' | 'sourceType' | 'reliability';

interface RollupPlan {
  /** '' when no filter dimension is set. */
  fdim: Dim | '';
  /** The values of that dimension the filter admits (several for a region). */
  fvals: SQL;
  fromYear?: number;
  toYear?: number;
}

/** How the pairs answer these filters, or null when only a scan can. */
export function rollupPlan(f: SearchFilters): RollupPlan | null {
  if (f.q || f.post) return null;
  if (f.from && !f.from.endsWith('-01-01')) return null;
  if (f.to && !f.to.endsWith('-12-31')) return null;
  const single: [Dim, string][] = [];
  if (f.route) single.push(['route', f.route]);
  if (f.marking) single.push(['marking', f.marking]);
  if (f.category) single.push(['category', f.category]);
  if (f.sourceType) single.push(['sourceType', f.sourceType]);
  if (f.reliability) single.push(['reliability', f.reliability]);
  const countryFilter = f.country !== undefined || f.region !== undefined;
  if (single.length + (countryFilter ? 1 : 0) > 1) return null;
  const years = {
    fromYear: f.from ? Number(f.from.slice(0, 4)) : undefined,
    toYear: f.to ? Number(f.to.slice(0, 4)) : undefined,
  };
  if (countryFilter) {
    const inRegion =
      f.region !== undefined
        ? sql`select code::text from ${countries} where region_id = ${f.region}`
        : undefined;
    const fvals =
      f.country !== undefined && inRegion
        ? sql`select ${f.country}::text intersect ${inRegion}`
        : f.country !== undefined
          ? sql`select ${f.country}::text`
          : inRegion!;
    return { fdim: 'country', fvals, ...years };
  }
  if (single.length === 1) {
    const [fdim, value] = single[0]!;
    return { fdim, fvals: sql`select ${value}::text`, ...years };
  }
  return { fdim: '', fvals: sql`select ''::text`, ...years };
}

/** The released part, on any table with `region_id` and `status` columns. */
function releasedWhere(v: IncidentVisibility, region: SQL, status: SQL): SQL {
  if (v.everywhere) return sql`${status} <> 'draft'`;
  if (!v.regionIds.length) return sql`false`;
  return sql`${status} <> 'draft' and ${region} in (${sql.join(
    v.regionIds.map((r) => sql`${r}`),
    sql`, `,
  )})`;
}

/** On the facet copy: the caller's own records that are not released to them. */
function ownNotReleased(v: IncidentVisibility): SQL {
  const own: SQL[] = [eq(incidentFacets.createdBy, v.userId)];
  if (v.postIds.length) own.push(inArray(incidentFacets.postId, v.postIds));
  const region = sql`(select c.region_id from ${posts} p join ${countries} c on c.code = p.country_code where p.id = ${incidentFacets.postId})`;
  const released = v.everywhere
    ? ne(incidentFacets.status, 'draft')
    : v.regionIds.length
      ? and(
          ne(incidentFacets.status, 'draft'),
          sql`coalesce(${region}, 0) in (${sql.join(
            v.regionIds.map((r) => sql`${r}`),
            sql`, `,
          )})`,
        )!
      : sql`false`;
  return and(or(...own)!, sql`not (${released})`)!;
}

/** The facet values of a row of `t` (alias) as (dim, val), plus the row itself as ('*', ''). */
const countedValues = (t: string) =>
  sql.raw(`(select '*'::text as dim, ''::text as val union all
    select * from analytics.incident_facet_values(${t}.country_code, ${t}.route, ${t}.marking,
      ${t}.categories, ${t}.source_types, ${t}.reliabilities))`);
const filterValues = (t: string) =>
  sql.raw(`(select ''::text as dim, ''::text as val union all
    select * from analytics.incident_facet_values(${t}.country_code, ${t}.route, ${t}.marking,
      ${t}.categories, ${t}.source_types, ${t}.reliabilities))`);

/**
 * The facet rows {facet, value, count} under `plan`, as the scan gives them: from the pairs, the
 * pending changes (exploded here) and the caller's own records outside what is released to them
 * (`ownFilters`: the same filters on the facet copy, exactly).
 */
export async function rollupRows(
  db: Executor,
  v: IncidentVisibility,
  f: SearchFilters,
  plan: RollupPlan,
  ownFilters: SQL,
) {
  const byStatus = (t: string) => (f.status ? sql`and ${sql.raw(t)}status = ${f.status}` : sql``);
  const byYears = (t: string) =>
    sql`${plan.fromYear !== undefined ? sql`and ${sql.raw(t)}end_year >= ${plan.fromYear}` : sql``}
        ${plan.toYear !== undefined ? sql`and ${sql.raw(t)}start_year <= ${plan.toYear}` : sql``}`;
  return queryRows<{ facet: string; value: string | null; count: number }>(
    db,
    sql`with fv as (${plan.fvals}),
      cells as (
        select dim, val, status, start_year, n from ${incidentFacetPairs}
         where fdim = ${plan.fdim} and fval in (select * from fv)
           and ${releasedWhere(v, sql`region_id`, sql`status`)} ${byStatus('')} ${byYears('')}
        union all
        select c.dim, c.val, x.status, x.start_year, x.w from ${incidentFacetPending} x
          cross join lateral ${filterValues('x')} fl
          cross join lateral ${countedValues('x')} c
         where fl.dim = ${plan.fdim} and fl.val in (select * from fv)
           and ${releasedWhere(v, sql`x.region_id`, sql`x.status`)} ${byStatus('x.')} ${byYears('x.')}
        union all
        select c.dim, c.val, o.status, extract(year from o.occurred_start)::int, 1
          from (select * from ${incidentFacets} where ${ownNotReleased(v)} and ${ownFilters}) o
          cross join lateral ${countedValues('o')} c
      ),
      agg as (
        select dim, val, status, start_year, sum(n)::int as n from cells
         group by 1, 2, 3, 4 having sum(n) <> 0
      )
      select 'total' as facet, null as value, coalesce(sum(n), 0)::int as count from agg where dim = '*'
      union all select 'status', status, sum(n)::int from agg where dim = '*' group by 2
      union all select 'year', start_year::text, sum(n)::int from agg where dim = '*' group by 2
      union all select dim, val, sum(n)::int from agg where dim <> '*' group by 1, 2 having sum(n) > 0
      union all select 'region', r.region_id::text, sum(n)::int
        from agg join ${countries} r on r.code::text = agg.val
       where agg.dim = 'country' group by 2 having sum(n) > 0`,
  );
}

/** Whether any change waits to be folded into the pairs. */
export async function hasPendingChanges(db: Executor): Promise<boolean> {
  const [row] = await queryRows<{ any: boolean }>(
    db,
    sql`select exists (select 1 from ${incidentFacetPending}) as any`,
  );
  return row?.any ?? false;
}

/**
 * Folds the pending changes into the pairs, returning the number of cells changed. Returns 0 at
 * once when another fold is running (a bulk loader's, which folds everything written before it
 * started); `foldPendingAfterOthers` waits for it instead.
 */
export async function drainPending(db: Executor): Promise<number> {
  const [row] = await queryRows<{ cells: string | number }>(
    db,
    sql`select analytics.incident_facet_pairs_drain() as cells`,
  );
  return Number(row?.cells ?? 0);
}

/**
 * Folds the pending changes in after any fold already running has finished, so that changes
 * written while it ran are folded too. The transaction-level advisory lock is the one the
 * drain function tries: held here first, the drain's own try succeeds (same session) and no
 * other fold runs until this one commits; its DELETE … RETURNING then reads, under READ
 * COMMITTED, only the changes no earlier fold took, so two folds never count a change twice.
 * Waits at most `waitMs` for a running fold (a bulk loader's can take many minutes) and then
 * returns null, folding nothing.
 */
export async function foldPendingAfterOthers(
  db: Database,
  waitMs = 10_000,
): Promise<number | null> {
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`set local lock_timeout = ${Math.max(1, Math.round(waitMs))}`));
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext('analytics.incident_facet_pairs_drain'))`,
      );
      return drainPending(tx);
    });
  } catch (err) {
    // 55P03 lock_not_available: the running fold outlasted the wait.
    const code = (e: unknown) => (e as { code?: unknown } | undefined)?.code;
    if (code(err) === '55P03' || code((err as { cause?: unknown }).cause) === '55P03') return null;
    throw err;
  }
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
