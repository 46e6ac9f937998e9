// The synthetic data generator's SQL: rows are made inside the database from generate_series,
// so ten million incidents never travel through Node. Every row is marked synthetic; ids are
// derived from the run id and the row number, so a batch can be re-run after a crash without
// doubling (ON CONFLICT DO NOTHING) and incidents can name their sources without a lookup.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { queryRows } from '../../db/raw.ts';

/** One array parameter (drizzle would otherwise spread a JS array into a list). */
const textArray = (values: readonly string[]) => sql`${sql.param(values)}::text[]`;

export interface GeneratorVocabulary {
  categories: string[];
  routes: string[];
  sourceTypes: string[];
  sexes: string[];
  ageBands: string[];
  /** Phrases per language, joined into narratives. */
  phrases: Record<string, string[]>;
  publishers: string[];
}

export async function embassyPosts(db: Executor): Promise<number> {
  const result = (await db.execute(sql`
    select count(*)::int as n from posts p join countries c on c.code = p.country_code
    where p.kind = 'embassy' and c.latitude is not null`)) as unknown as { rows: { n: number }[] };
  return result.rows[0]?.n ?? 0;
}

/** Sources numbered [from, to) of a run. */
export async function insertSources(
  db: Executor,
  run: string,
  from: number,
  to: number,
  vocab: GeneratorVocabulary,
): Promise<void> {
  await db.execute(sql`
    insert into sources (id, type, publisher, title, url, published_on, language, reliability, synthetic)
    select md5(${run}::text || ':s:' || j)::uuid,
           (${textArray(vocab.sourceTypes)})[1 + (j * 7) % ${vocab.sourceTypes.length}],
           (${textArray(vocab.publishers)})[1 + (j * 13) % ${vocab.publishers.length}],
           'Synthetic source report no. ' || j,
           'https://example.org/synthetic/' || ${run}::text || '/' || j,
           date '2015-01-01' + ((j * 37) % 4000),
           (array['en','de','fr','es'])[1 + j % 4],
           (array['A','B','B','C','C','C','D','E','F'])[1 + (j * 11) % 9],
           true
    from generate_series(${from}::int, ${to - 1}::int) as j
    on conflict (id) do nothing`);
}

/**
 * Incidents numbered [from, to) of a run, with one or two source links, an act and a victim
 * group each. Everything is a deterministic function of the row number and the run, so the same
 * run and seed give the same data set.
 */
export async function insertIncidents(
  db: Executor,
  run: string,
  from: number,
  to: number,
  sourceCount: number,
  vocab: GeneratorVocabulary,
  /** A fresh run in a bulk load (queries.ts): nothing of the run exists, so no conflict checks. */
  fresh = false,
): Promise<void> {
  const onConflict = fresh ? sql`` : sql`on conflict (id) do nothing`;
  const langs = Object.keys(vocab.phrases);
  // Phrases as one flat array; language k owns slots [k*per, (k+1)*per).
  const per = Math.min(...langs.map((l) => vocab.phrases[l]!.length));
  const flat = langs.flatMap((l) => vocab.phrases[l]!.slice(0, per));
  await db.execute(sql`
    with p as (
      select row_number() over (order by p.id) - 1 as k, p.id as post_id, p.country_code,
             c.name as country_name, c.latitude, c.longitude
      from posts p join countries c on c.code = p.country_code
      where p.kind = 'embassy' and c.latitude is not null
    ), np as (select count(*) as n from p),
    g as (
      select i,
             ('x' || substr(md5(${run}::text || ':i:' || i), 1, 15))::bit(60)::bigint as h
      from generate_series(${from}::int, ${to - 1}::int) as i
    ), r as (
      select g.i, g.h, p.*, (g.h / 7) % ${langs.length} as lang
      from g cross join np join p on p.k = (g.h % np.n)
    ), d as (
      -- One in four is known to the month only: the whole month is the range.
      select r.*, date '2015-01-01' + ((r.h / 29) % 4300)::int as day,
             (r.h / 31) % 4 = 0 as monthly
      from r
    ), dr as (
      select d.*,
             case when monthly then date_trunc('month', day)::date else day end as day_start,
             case when monthly then (date_trunc('month', day) + interval '1 month - 1 day')::date
                  else day end as day_end,
             case when monthly then 'month' else 'day' end as precision
      from d
    )
    insert into incidents (id, reference, post_id, country_code, title, narrative, language,
      categories, occurred_start, occurred_end, date_precision, place_name, latitude, longitude,
      geo_precision, route, status, marking, tags, synthetic, evidence_text,
      submitted_at, verified_at)
    select md5(${run}::text || ':i:' || r.i)::uuid,
           'SYN-' || ${run}::text || '-' || lpad(r.i::text, 8, '0'),
           r.post_id, r.country_code,
           (${textArray(vocab.categories)})[1 + (r.h / 3) % ${vocab.categories.length}]
             || ' reported in ' || r.country_name || ' (synthetic ' || r.i || ')',
           (${textArray(flat)})[1 + r.lang * ${per} + (r.h / 11) % ${per}] || ' ' ||
           (${textArray(flat)})[1 + r.lang * ${per} + (r.h / 13) % ${per}] || ' ' ||
           (${textArray(flat)})[1 + r.lang * ${per} + (r.h / 17) % ${per}],
           (${textArray(langs)})[1 + r.lang],
           -- One in five has a second category (a different one: a record names each once).
           case when (r.h / 19) % 5 = 0
                 and (r.h / 3) % ${vocab.categories.length} <> (r.h / 23) % ${vocab.categories.length}
             then array[(${textArray(vocab.categories)})[1 + (r.h / 3) % ${vocab.categories.length}],
                        (${textArray(vocab.categories)})[1 + (r.h / 23) % ${vocab.categories.length}]]
             else array[(${textArray(vocab.categories)})[1 + (r.h / 3) % ${vocab.categories.length}]] end,
           r.day_start, r.day_end, r.precision,
           'Synthetic place ' || (r.h % 97),
           case when (r.h / 37) % 3 = 0 then null
             else least(90, greatest(-90, r.latitude + ((r.h / 41) % 200 - 100) / 100.0)) end,
           case when (r.h / 37) % 3 = 0 then null
             else least(180, greatest(-180, r.longitude + ((r.h / 43) % 200 - 100) / 100.0)) end,
           case when (r.h / 37) % 3 = 0 then null else 2 end,
           (${textArray(vocab.routes)})[1 + (r.h / 47) % ${vocab.routes.length}],
           (array['verified','verified','verified','verified','verified','verified',
                   'submitted','submitted','draft','draft','returned','rejected'])[1 + (r.h / 53) % 12],
           (array['public','sbu','sbu','sbu_noforn'])[1 + (r.h / 59) % 4],
           array['synthetic'],
           true,
           'Synthetic source report no. ' || ((r.h / 61) % ${sourceCount}),
           case when (r.h / 53) % 12 < 8 then now() end,
           case when (r.h / 53) % 12 < 6 then now() end
    from dr r
    ${onConflict}`);
  await db.execute(sql`
    insert into incident_sources (incident_id, source_id, credibility, excerpt)
    select md5(${run}::text || ':i:' || i)::uuid, md5(${run}::text || ':s:' || (h / 61) % ${sourceCount})::uuid,
           1 + (h / 67) % 6, 'Synthetic excerpt for record ' || i
    from (select i, ('x' || substr(md5(${run}::text || ':i:' || i), 1, 15))::bit(60)::bigint as h
          from generate_series(${from}::int, ${to - 1}::int) as i) g
    ${fresh ? sql`` : sql`on conflict do nothing`}`);
  await db.execute(sql`
    insert into incident_victim_groups (incident_id, sex, age_band, count)
    select md5(${run}::text || ':i:' || i)::uuid,
           (${textArray(vocab.sexes)})[1 + (h / 71) % ${vocab.sexes.length}],
           (${textArray(vocab.ageBands)})[1 + (h / 73) % ${vocab.ageBands.length}],
           1 + (h / 79) % 12
    from (select i, ('x' || substr(md5(${run}::text || ':i:' || i), 1, 15))::bit(60)::bigint as h
          from generate_series(${from}::int, ${to - 1}::int) as i) g
    ${
      fresh
        ? sql``
        : sql`where not exists (select 1 from incident_victim_groups v
                      where v.incident_id = md5(${run}::text || ':i:' || g.i)::uuid)`
    }`);
}

export async function countSynthetic(
  db: Executor,
  run: string,
): Promise<{ incidents: number; sources: number }> {
  const result = (await db.execute(sql`
    select (select count(*)::int from incidents where reference like ${`SYN-${run}-%`}) as incidents,
           (select count(*)::int from sources
             where synthetic and url like ${`https://example.org/synthetic/${run}/%`}) as sources`)) as unknown as {
    rows: { incidents: number; sources: number }[];
  };
  return result.rows[0]!;
}

/** Codes the engagement generator picks from (domain/engagements.ts and the topic lists). */
export interface EngagementVocabulary {
  kinds: string[];
  levels: string[];
  stances: string[];
  topics: string[];
}

/**
 * The synthetic official-statistics dataset of a run, titled and caveated as synthetic, with one
 * import row standing for the generator. Idempotent: the ids derive from the run.
 */
export async function insertStatDataset(db: Executor, run: string): Promise<void> {
  await db.execute(sql`
    insert into stat_datasets (id, key, publisher, title, url, licence, reference_period, counted,
      counted_description, caveats, synthetic)
    values (md5(${run}::text || ':dataset')::uuid, 'synthetic-' || ${run}::text,
      'Synthetic statistics office (not a real publisher)',
      'SYNTHETIC victims identified and suspects prosecuted by country and year (run ' || ${run}::text || ')',
      'https://example.org/synthetic/' || ${run}::text || '/statistics',
      'Synthetic data, no licence needed', '2015-2026', 'victims',
      'Invented counts of identified victims and prosecuted suspects, per country and calendar year',
      'SYNTHETIC: made up by the data generator (rapporteur demo generate), for trying the system at scale. '
        || 'The figures describe no real country and must never be quoted.',
      true)
    on conflict (id) do nothing`);
  await db.execute(sql`
    insert into stat_imports (id, dataset_id, mapping_name, file_name, sha256, rows, observations, on_duplicate)
    values (md5(${run}::text || ':import')::uuid, md5(${run}::text || ':dataset')::uuid,
      'synthetic-generator', 'synthetic-' || ${run}::text, md5(${run}::text), 0, 0, 'refuse')
    on conflict (id) do nothing`);
}

/**
 * Observations for every country the run's incidents cover (the embassies' countries) and every
 * year from 2015 to the current one: two indicators, each by sex (Total, Female, Male), the parts
 * adding up to the total. Values are a deterministic function of the run, country and year.
 */
export async function insertStatObservations(db: Executor, run: string): Promise<void> {
  await db.execute(sql`
    with c as (
      select distinct p.country_code, c.name
      from posts p join countries c on c.code = p.country_code
      where p.kind = 'embassy' and c.latitude is not null
    ), g as (
      select c.country_code, c.name, y, ind,
             ('x' || substr(md5(${run}::text || ':o:' || c.country_code || y || ind), 1, 12))::bit(48)::bigint as h
      from c, generate_series(2015, extract(year from now())::int) y,
           unnest(array['victims_identified', 'suspects_prosecuted']) ind
    ), v as (
      select g.*, (h % 400)::int as total, ((h / 400) % 100)::int as female_pct from g
    )
    insert into stat_observations (dataset_id, area, country_code, period, period_start, period_end,
      indicator, dimensions, value, import_id, source_row)
    select md5(${run}::text || ':dataset')::uuid, v.name || ' (synthetic)', v.country_code, v.y::text,
           make_date(v.y, 1, 1), make_date(v.y, 12, 31), v.ind,
           jsonb_build_object('Sex', s.sex),
           case s.sex when 'Total' then v.total
                      when 'Female' then v.total * v.female_pct / 100
                      else v.total - v.total * v.female_pct / 100 end,
           md5(${run}::text || ':import')::uuid,
           (row_number() over (order by v.country_code, v.y, v.ind, s.sex))::int
    from v, unnest(array['Total', 'Female', 'Male']) s(sex)
    on conflict (dataset_id, indicator, area, period, dimensions) do nothing`);
  await db.execute(sql`
    update stat_imports set rows = x.n, observations = x.n
    from (select count(*)::int as n from stat_observations
          where dataset_id = md5(${run}::text || ':dataset')::uuid) x
    where id = md5(${run}::text || ':import')::uuid`);
}

/**
 * Engagements numbered [from, to) of a run: a post's démarche, meeting or call with the host, the
 * host's coded stance and answer (none yet for some), a source behind it, and one to three
 * follow-ups, some overdue.
 */
export async function insertEngagements(
  db: Executor,
  run: string,
  from: number,
  to: number,
  sourceCount: number,
  vocab: EngagementVocabulary,
): Promise<void> {
  const rows = sql`
    select j, ('x' || substr(md5(${run}::text || ':e:' || j), 1, 15))::bit(60)::bigint as h
    from generate_series(${from}::int, ${to - 1}::int) as j`;
  await db.execute(sql`
    with p as (
      select row_number() over (order by p.id) - 1 as k, p.id as post_id, p.country_code
      from posts p join countries c on c.code = p.country_code
      where p.kind = 'embassy' and c.latitude is not null
    ), np as (select count(*) as n from p),
    g as (${rows}),
    r as (select g.*, p.post_id, p.country_code, (g.h / 29) % ${vocab.stances.length} as st
          from g cross join np join p on p.k = (g.h % np.n))
    insert into engagements (id, post_id, country_code, occurred_on, kind, counterpart_office,
      counterpart_level, topics, concerns_raised, data_requested, support_offered,
      response_summary, stance, marking, synthetic)
    select md5(${run}::text || ':e:' || r.j)::uuid, r.post_id, r.country_code,
           date '2015-01-01' + ((r.h / 7) % 4300)::int,
           (${textArray(vocab.kinds)})[1 + (r.h / 11) % ${vocab.kinds.length}],
           'Synthetic Ministry no. ' || (r.h / 13) % 9,
           (${textArray(vocab.levels)})[1 + (r.h / 17) % ${vocab.levels.length}],
           array[(${textArray(vocab.topics)})[1 + (r.h / 19) % ${vocab.topics.length}]],
           'Synthetic concerns raised in engagement ' || ${run}::text || '-' || r.j || '.',
           case when (r.h / 23) % 2 = 0 then 'Synthetic request for disaggregated data.' else '' end,
           case when (r.h / 31) % 3 = 0 then 'Synthetic offer of training for border officials.' else '' end,
           case when (${textArray(vocab.stances)})[1 + r.st] = 'no_response_yet' then ''
                else 'Synthetic host response to engagement ' || r.j || '.' end,
           (${textArray(vocab.stances)})[1 + r.st],
           (array['public','sbu','sbu','sbu_noforn'])[1 + (r.h / 37) % 4],
           true
    from r
    on conflict (id) do nothing`);
  await db.execute(sql`
    insert into engagement_follow_ups (id, engagement_id, action, owner, due_on, status, position)
    select md5(${run}::text || ':f:' || g.j || ':' || n)::uuid, md5(${run}::text || ':e:' || g.j)::uuid,
           'Synthetic follow-up ' || (n + 1) || ' of engagement ' || g.j,
           'Synthetic desk officer',
           date '2015-02-01' + ((g.h / 7) % 4300)::int + (30 * n)::int,
           (array['open','done','done','cancelled'])[1 + (g.h / (41 + n)) % 4], n
    from (${rows}) g, generate_series(0, (g.h / 43) % 3) n
    on conflict (id) do nothing`);
  await db.execute(sql`
    insert into engagement_sources (engagement_id, source_id)
    select md5(${run}::text || ':e:' || g.j)::uuid, md5(${run}::text || ':s:' || (g.h / 47) % ${sourceCount})::uuid
    from (${rows}) g
    on conflict do nothing`);
}

/** The run's engagements (found by their concerns text, which names the run), follow-ups and observations. */
export async function countSyntheticExtras(
  db: Executor,
  run: string,
): Promise<{ engagements: number; followUps: number; observations: number }> {
  const result = (await db.execute(sql`
    with e as (select id from engagements
               where synthetic and concerns_raised like ${`Synthetic concerns raised in engagement ${run}-%`})
    select (select count(*)::int from e) as engagements,
           (select count(*)::int from engagement_follow_ups f join e on e.id = f.engagement_id) as follow_ups,
           (select count(*)::int from stat_observations
             where dataset_id = md5(${run}::text || ':dataset')::uuid) as observations`)) as unknown as {
    rows: { engagements: number; follow_ups: number; observations: number }[];
  };
  const r = result.rows[0]!;
  return { engagements: r.engagements, followUps: r.follow_ups, observations: r.observations };
}

// The bulk load of the synthetic data generator (generate.ts, large runs): inside ONE transaction
// the derived-table triggers are disabled and the secondary indexes dropped, the rows loaded
// set-based, then the derived tables (facet copy, facet pairs, dashboard rollups) and the indexes
// rebuilt set-based and the triggers enabled again before the commit. ALTER TABLE … DISABLE
// TRIGGER and DROP INDEX are transactional on PostgreSQL (and PGlite): a crash or an error
// anywhere rolls them back with the rows, so no other session ever sees a trigger disabled or an
// index missing, and nothing can be left that way. The price: the loaded tables are locked
// against writers (and, once the indexes are dropped, readers) until the commit.

/** The tables the generator writes. */
const LOADED_TABLES = [
  'incidents',
  'incident_sources',
  'incident_victim_groups',
  'sources',
  'engagements',
  'engagement_follow_ups',
  'engagement_sources',
  'analytics.incident_facets',
];

/** The large tables whose secondary indexes are built after the load rather than during it. */
const REINDEXED_TABLES = [
  'incidents',
  'incident_sources',
  'incident_victim_groups',
  'sources',
  'analytics.incident_facets',
];

const regclasses = (names: string[]) => sql`${sql.param(names)}::text[]::regclass[]`;

export interface TriggerRef {
  disable: string;
  enable: string;
}

/**
 * The enabled triggers on the loaded tables that keep derived tables the bulk load rebuilds: the
 * facet copy and its pending pair changes, and the dashboard rollups (recounted by
 * analytics.dashboard_rollups_rebuild()). Other triggers keep firing.
 */
export async function derivedTriggers(db: Executor): Promise<TriggerRef[]> {
  return queryRows<TriggerRef & Record<string, unknown>>(
    db,
    sql`select format('alter table %s disable trigger %I', t.tgrelid::regclass, t.tgname) as disable,
               format('alter table %s enable trigger %I', t.tgrelid::regclass, t.tgname) as enable
          from pg_trigger t join pg_proc p on p.oid = t.tgfoid
          join pg_namespace n on n.oid = p.pronamespace
         where not t.tgisinternal and t.tgenabled <> 'D'
           and t.tgrelid = any(${regclasses(LOADED_TABLES)})
           and n.nspname = 'analytics'
           and (p.proname like 'incident\\_facet%' or p.proname like '%rollup%')
         order by 1`,
  );
}

export async function setTriggers(db: Executor, triggers: TriggerRef[], enabled: boolean) {
  for (const t of triggers) await db.execute(sql.raw(enabled ? t.enable : t.disable));
}

/** Triggers disabled anywhere in the database (none should be, after a run or a crash). */
export async function disabledTriggers(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select t.tgrelid::regclass::text || '.' || t.tgname as name from pg_trigger t
         where not t.tgisinternal and t.tgenabled = 'D' order by 1`,
  );
  return rows.map((r) => r.name);
}

export interface IndexRef {
  drop: string;
  create: string;
}

/** Secondary indexes of the large tables (not those behind a primary key or unique constraint). */
export async function secondaryIndexes(db: Executor): Promise<IndexRef[]> {
  return queryRows<IndexRef & Record<string, unknown>>(
    db,
    sql`select format('drop index %s', i.indexrelid::regclass) as drop,
               pg_get_indexdef(i.indexrelid) as create
          from pg_index i
         where i.indrelid = any(${regclasses(REINDEXED_TABLES)})
           and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)
         order by 1`,
  );
}

export async function dropIndexes(db: Executor, indexes: IndexRef[]) {
  for (const i of indexes) await db.execute(sql.raw(i.drop));
}

export async function createIndexes(db: Executor, indexes: IndexRef[]) {
  for (const i of indexes) await db.execute(sql.raw(i.create));
}

/** Memory for the sorts of the index builds and the rebuilds, for this transaction only. */
export async function tuneBulkTransaction(db: Executor) {
  await db.execute(sql`set local maintenance_work_mem = '256MB'`);
  await db.execute(sql`set local work_mem = '64MB'`);
}

const runReferences = (run: string) => `SYN-${run}-%`;

/**
 * The facet copy of the run's incidents in one statement, with the types and grades of their
 * sources (what the facet triggers would have written row by row).
 */
export async function insertFacetsOfRun(db: Executor, run: string): Promise<void> {
  await db.execute(sql`
    with links as (
      select l.incident_id,
             array_agg(distinct s.type) filter (where s.type is not null) as types,
             array_agg(distinct s.reliability::text) filter (where s.reliability is not null) as grades
        from incident_sources l join sources s on s.id = l.source_id
       where l.incident_id in (select id from incidents where reference like ${runReferences(run)})
       group by l.incident_id)
    insert into analytics.incident_facets (incident_id, post_id, created_by, status, country_code,
      route, marking, categories, occurred_start, occurred_end, source_types, reliabilities)
    select i.id, i.post_id, i.created_by, i.status, i.country_code, i.route, i.marking,
           i.categories, i.occurred_start, i.occurred_end,
           coalesce(x.types, '{}'), coalesce(x.grades, '{}')
      from incidents i left join links x on x.incident_id = i.id
     where i.reference like ${runReferences(run)}`);
}

export async function rebuildFacetPairs(db: Executor): Promise<void> {
  await db.execute(sql`select analytics.incident_facet_pairs_rebuild()`);
}

/** Every dashboard rollup recounted from the incidents (migration 0028). */
export async function rebuildDashboardRollups(db: Executor): Promise<void> {
  await db.execute(sql`select analytics.dashboard_rollups_rebuild()`);
}

/**
 * Fresh planner statistics for the loaded tables: inside the load, before the rebuilds (without
 * them the planner takes the just-filled tables for empty and joins them by nested loops), and
 * again after the commit.
 */
export async function analyzeLoaded(db: Executor): Promise<void> {
  for (const t of LOADED_TABLES) await db.execute(sql.raw(`analyze ${t}`));
}
