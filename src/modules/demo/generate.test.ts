// The synthetic data generator: the rows it makes are valid incidents by the same rules as
// entered ones (vocabulary codes, ordered dates, coordinates in range, month precision covering
// the month), all marked synthetic, the installation flagged synthetic, one audit entry per
// run, and re-running an interrupted run adds nothing twice.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/helpers/backends.ts';
import { prepareDatabase } from '../../app/bootstrap.ts';
import { systemActor, verifyAuditChain } from '../../db/audit.ts';
import { queryRows } from '../../db/raw.ts';
import {
  AGE_BANDS,
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  MIGRATION_ROUTES,
} from '../../domain/vocabularies.ts';
import { HOST_STANCES } from '../../domain/engagements.ts';
import { generateSyntheticData } from './generate.ts';
import { disabledTriggers } from './queries.ts';

describeEachBackend('synthetic data generator', (getDb) => {
  beforeAll(async () => {
    await prepareDatabase(getDb().handle, { adminPassword: 'generator-test-password' });
  });

  it('makes valid, synthetic incidents with sources and victim groups, engagements and statistics, resumably', async () => {
    const db = getDb().handle.db;
    const result = await generateSyntheticData(db, systemActor('test'), {
      incidents: 1_200,
      batchSize: 500,
      run: '0badc0de',
    });
    expect(result).toMatchObject({ run: '0badc0de', incidents: 1_200, sources: 300 });
    // One engagement for every fifty incidents, each with one to three follow-ups.
    expect(result.engagements).toBe(24);
    expect(result.followUps).toBeGreaterThanOrEqual(24);
    expect(result.followUps).toBeLessThanOrEqual(72);
    expect(result.observations).toBeGreaterThan(0);

    const rows = await queryRows<{
      categories: string[];
      route: string;
      status: string;
      occurred_start: string;
      occurred_end: string;
      date_precision: string;
      latitude: number | null;
      longitude: number | null;
      synthetic: boolean;
      links: number;
    }>(
      db,
      sql`select i.categories, i.route, i.status, i.occurred_start::text, i.occurred_end::text,
              i.date_precision, i.latitude, i.longitude, i.synthetic,
              (select count(*)::int from incident_sources s where s.incident_id = i.id) as links
       from incidents i where i.reference like 'SYN-0badc0de-%'`,
    );
    expect(rows).toHaveLength(1_200);
    const categories = new Set<string>(INCIDENT_CATEGORIES.map((c) => c.code));
    const routes = new Set<string>(MIGRATION_ROUTES.map((r) => r.code));
    const today = new Date().toISOString().slice(0, 10);
    for (const row of rows) {
      expect(row.synthetic).toBe(true);
      expect(row.links).toBeGreaterThanOrEqual(1);
      for (const c of row.categories) expect(categories.has(c)).toBe(true);
      expect(routes.has(row.route)).toBe(true);
      expect(INCIDENT_STATUSES).toContain(row.status);
      expect(row.occurred_end >= row.occurred_start).toBe(true);
      expect(row.occurred_end <= today).toBe(true);
      if (row.date_precision === 'month') {
        expect(row.occurred_start.endsWith('-01')).toBe(true);
        expect(row.occurred_end.slice(0, 7)).toBe(row.occurred_start.slice(0, 7));
      } else expect(row.occurred_end).toBe(row.occurred_start);
      if (row.latitude !== null) expect(Math.abs(row.latitude)).toBeLessThanOrEqual(90);
      if (row.longitude !== null) expect(Math.abs(row.longitude)).toBeLessThanOrEqual(180);
    }
    // A realistic mix, not one value everywhere.
    expect(new Set(rows.map((r) => r.status)).size).toBeGreaterThan(3);
    expect(new Set(rows.flatMap((r) => r.categories)).size).toBe(categories.size);

    const victims = await queryRows<{ n: number; bad: number }>(
      db,
      sql`select count(*)::int as n,
              count(*) filter (where not (age_band = any(${sql.param(AGE_BANDS.map((a) => a.code))}::text[])))::int as bad
       from incident_victim_groups v join incidents i on i.id = v.incident_id
       where i.reference like 'SYN-0badc0de-%'`,
    );
    expect(victims[0]).toEqual({ n: 1_200, bad: 0 });
    // The bulk load (COPY) keeps the facet copy whole: every record, with its sources' types.
    const facets = await queryRows<{ n: number; without_sources: number }>(
      db,
      sql`select count(*)::int as n,
              count(*) filter (where cardinality(f.source_types) = 0)::int as without_sources
       from analytics.incident_facets f join incidents i on i.id = f.incident_id
       where i.reference like 'SYN-0badc0de-%'`,
    );
    expect(facets[0]).toEqual({ n: 1_200, without_sources: 0 });

    // Engagements: synthetic, with the host's coded stance, an answer unless none came yet,
    // follow-ups and a synthetic source behind each.
    const engagements = await queryRows<{
      synthetic: boolean;
      stance: string;
      response_summary: string;
      follow_ups: number;
      sources: number;
      synthetic_sources: number;
    }>(
      db,
      sql`select e.synthetic, e.stance, e.response_summary,
              (select count(*)::int from engagement_follow_ups f where f.engagement_id = e.id) as follow_ups,
              (select count(*)::int from engagement_sources l where l.engagement_id = e.id) as sources,
              (select count(*)::int from engagement_sources l join sources s on s.id = l.source_id
                where l.engagement_id = e.id and s.synthetic) as synthetic_sources
       from engagements e where e.concerns_raised like 'Synthetic concerns raised in engagement 0badc0de-%'`,
    );
    expect(engagements).toHaveLength(24);
    for (const e of engagements) {
      expect(e.synthetic).toBe(true);
      expect(HOST_STANCES.map((s) => s.code)).toContain(e.stance);
      expect(e.response_summary === '').toBe(e.stance === 'no_response_yet');
      expect(e.follow_ups).toBeGreaterThanOrEqual(1);
      expect(e.sources).toBe(1);
      expect(e.synthetic_sources).toBe(1);
    }
    expect(new Set(engagements.map((e) => e.stance)).size).toBeGreaterThan(1);

    // Official statistics: one dataset titled and caveated as synthetic; for every country of
    // an incident and every year, the parts by sex add up to the total.
    const datasets = await queryRows<{ title: string; caveats: string; synthetic: boolean }>(
      db,
      sql`select title, caveats, synthetic from stat_datasets where key = 'synthetic-0badc0de'`,
    );
    expect(datasets).toHaveLength(1);
    expect(datasets[0]!.synthetic).toBe(true);
    expect(datasets[0]!.title).toMatch(/^SYNTHETIC /);
    expect(datasets[0]!.caveats).toMatch(/^SYNTHETIC:/);
    const uncovered = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from (
            select distinct country_code, extract(year from occurred_start)::int as y
            from incidents where reference like 'SYN-0badc0de-%') i
          where not exists (select 1 from stat_observations o join stat_datasets d on d.id = o.dataset_id
                            where d.key = 'synthetic-0badc0de' and o.country_code = i.country_code
                              and o.period = i.y::text)`,
    );
    expect(uncovered[0]!.n).toBe(0);
    const unbalanced = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from (
            select o.country_code, o.period, o.indicator,
                   sum(o.value) filter (where o.dimensions->>'Sex' = 'Total') as total,
                   sum(o.value) filter (where o.dimensions->>'Sex' <> 'Total') as parts
            from stat_observations o join stat_datasets d on d.id = o.dataset_id
            where d.key = 'synthetic-0badc0de' group by 1, 2, 3) x
          where total is distinct from parts`,
    );
    expect(unbalanced[0]!.n).toBe(0);

    // The rollups stay consistent with the records after the bulk load: the dashboard's
    // verified-incident rollup counts exactly what a scan of the incidents counts.
    const rollupVsScan = await queryRows<{ rollup: number; scan: number }>(
      db,
      sql`select (select coalesce(sum(incidents), 0)::int from analytics.incident_rollup
                   where category = '*' and synthetic) as rollup,
                 (select count(*)::int from incidents where status = 'verified' and synthetic) as scan`,
    );
    expect(rollupVsScan[0]!.rollup).toBe(rollupVsScan[0]!.scan);
    expect(rollupVsScan[0]!.scan).toBeGreaterThan(0);
    // The facet copy has every record as it is, and the facet pairs, folded in at the end of the
    // run, equal a rebuild from the copy cell for cell.
    const copyVsRecords = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from incidents i
          full join analytics.incident_facets f on f.incident_id = i.id
          where f.incident_id is null or i.id is null
             or (f.status, f.country_code, f.categories, f.occurred_start, f.post_id)
                is distinct from (i.status, i.country_code, i.categories, i.occurred_start, i.post_id)`,
    );
    expect(copyVsRecords[0]!.n).toBe(0);
    const pending = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from analytics.incident_facet_pending`,
    );
    expect(pending[0]!.n).toBe(0);
    const pairs = async () =>
      (
        await queryRows<{ c: string }>(
          db,
          sql`select concat_ws('|', fdim, fval, region_id, status, start_year, end_year, dim, val, n) as c
              from analytics.incident_facet_pairs where n <> 0 order by 1`,
        )
      ).map((r) => r.c);
    const folded = await pairs();
    expect(folded.length).toBeGreaterThan(0);
    await db.execute(sql`select analytics.incident_facet_pairs_rebuild()`);
    expect(await pairs()).toEqual(folded);

    // Resuming the same run (as after a crash) adds nothing twice.
    const again = await generateSyntheticData(db, systemActor('test'), {
      incidents: 1_200,
      batchSize: 700,
      run: '0badc0de',
    });
    expect(again).toMatchObject({
      incidents: 1_200,
      sources: 300,
      engagements: 24,
      followUps: result.followUps,
      observations: result.observations,
    });
    const victimsAfter = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from incident_victim_groups v join incidents i
         on i.id = v.incident_id where i.reference like 'SYN-0badc0de-%'`,
    );
    expect(victimsAfter[0]!.n).toBe(1_200);

    const flag = await queryRows<{ value: unknown }>(
      db,
      sql`select value from settings where key = 'synthetic_data'`,
    );
    expect(flag[0]?.value).toBe(true);
    const audit = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from audit_log where action = 'demo.generated'`,
    );
    expect(audit[0]!.n).toBe(2);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  }, 120_000);

  it('loads a large run in one transaction, rebuilding the derived tables and indexes; a crash leaves nothing behind', async () => {
    const db = getDb().handle.db;
    const indexes = async () =>
      (
        await queryRows<{ def: string }>(
          db,
          sql`select pg_get_indexdef(indexrelid) as def from pg_index
              where indrelid = any('{incidents,incident_sources,incident_victim_groups,sources,analytics.incident_facets}'::text[]::regclass[])
              order by 1`,
        )
      ).map((r) => r.def);
    const before = await indexes();
    expect(before.some((d) => d.includes('incidents_search_idx'))).toBe(true);

    // A crash in the middle of the load (here: the progress callback throws after the first
    // chunk of incidents, with the triggers disabled and the indexes dropped) rolls it all back.
    await expect(
      generateSyntheticData(db, systemActor('test'), {
        incidents: 2_000,
        run: 'dead0001',
        bulk: true,
        onProgress: () => {
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(await disabledTriggers(db)).toEqual([]);
    expect(await indexes()).toEqual(before);
    const leftover = await queryRows<{ n: number }>(
      db,
      sql`select (select count(*)::int from incidents where reference like 'SYN-dead0001-%')
               + (select count(*)::int from sources where url like 'https://example.org/synthetic/dead0001/%') as n`,
    );
    expect(leftover[0]!.n).toBe(0);

    const steps: string[] = [];
    const result = await generateSyntheticData(db, systemActor('test'), {
      incidents: 2_000,
      run: 'b01cb01c',
      bulk: true,
      onStep: (step) => steps.push(step),
    });
    expect(result).toMatchObject({ bulk: true, incidents: 2_000, sources: 500, engagements: 40 });
    expect(
      steps.some((s) =>
        /^[1-9]\d* derived-table triggers disabled, [1-9]\d* indexes dropped$/.test(s),
      ),
    ).toBe(true);
    expect(await disabledTriggers(db)).toEqual([]);
    expect(await indexes()).toEqual(before);

    // Every record of the run is synthetic.
    const unmarked = await queryRows<{ n: number }>(
      db,
      sql`select (select count(*)::int from incidents where reference like 'SYN-b01cb01c-%' and not synthetic)
               + (select count(*)::int from sources where url like 'https://example.org/synthetic/b01cb01c/%' and not synthetic)
               + (select count(*)::int from engagements
                   where concerns_raised like 'Synthetic concerns raised in engagement b01cb01c-%' and not synthetic)
               + (select count(*)::int from stat_datasets where key = 'synthetic-b01cb01c' and not synthetic) as n`,
    );
    expect(unmarked[0]!.n).toBe(0);

    // The derived tables equal a recount from the base tables: the facet copy (with the
    // sources' types and grades), the facet pairs, the dashboard rollup.
    const facetsVsRecount = await queryRows<{ n: number }>(
      db,
      sql`with recount as (
            select i.id, i.post_id, i.created_by, i.status, i.country_code, i.route, i.marking,
                   i.categories, i.occurred_start, i.occurred_end,
                   coalesce((select array_agg(distinct s.type) from incident_sources l join sources s on s.id = l.source_id
                              where l.incident_id = i.id), '{}') as source_types,
                   coalesce((select array_agg(distinct s.reliability::text) from incident_sources l join sources s on s.id = l.source_id
                              where l.incident_id = i.id), '{}') as reliabilities
              from incidents i),
          copy as (
            select incident_id, post_id, created_by, status, country_code, route, marking, categories,
                   occurred_start, occurred_end, source_types, reliabilities from analytics.incident_facets)
          select (select count(*)::int from (select * from recount except select * from copy) a)
               + (select count(*)::int from (select * from copy except select * from recount) b) as n`,
    );
    expect(facetsVsRecount[0]!.n).toBe(0);
    const rollupVsRecount = await queryRows<{ n: number; cells: number }>(
      db,
      sql`with recount as (
            select n.country_code, date_trunc('month', n.occurred_start)::date as month, cats.c as category,
                   coalesce(n.route, '') as route, n.synthetic, count(*)::int as incidents
              from incidents n
             cross join lateral (select distinct c from unnest(n.categories || '{*}'::text[]) as u(c)) cats
             where n.status = 'verified' group by 1, 2, 3, 4, 5),
          kept as (select country_code, month, category, route, synthetic, incidents
                     from analytics.incident_rollup where incidents <> 0)
          select (select count(*)::int from (select * from recount except select * from kept) a)
               + (select count(*)::int from (select * from kept except select * from recount) b) as n,
                 (select count(*)::int from kept) as cells`,
    );
    expect(rollupVsRecount[0]!.n).toBe(0);
    expect(rollupVsRecount[0]!.cells).toBeGreaterThan(0);
    // The country × month × category rollup is the recount summed over routes.
    const coarseVsRecount = await queryRows<{ n: number }>(
      db,
      sql`with recount as (
            select cats.c as category, date_trunc('month', n.occurred_start)::date as month,
                   n.country_code, n.synthetic, count(*)::int as incidents
              from incidents n
             cross join lateral (select distinct c from unnest(n.categories || '{*}'::text[]) as u(c)) cats
             where n.status = 'verified' group by 1, 2, 3, 4),
          kept as (select category, month, country_code, synthetic, incidents
                     from analytics.incident_rollup_cm where incidents <> 0)
          select (select count(*)::int from (select * from recount except select * from kept) a)
               + (select count(*)::int from (select * from kept except select * from recount) b) as n`,
    );
    expect(coarseVsRecount[0]!.n).toBe(0);
    const pairs = async () =>
      (
        await queryRows<{ c: string }>(
          db,
          sql`select concat_ws('|', p.fdim, p.fval, p.region_id, p.status, p.start_year, p.end_year, p.dim, p.val, p.n) as c
              from analytics.incident_facet_pairs p where p.n <> 0 order by 1`,
        )
      ).map((r) => r.c);
    const pending = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from analytics.incident_facet_pending`,
    );
    expect(pending[0]!.n).toBe(0);
    const loaded = await pairs();
    expect(loaded.some((c) => c.startsWith('||'))).toBe(true);
    await db.execute(sql`select analytics.incident_facet_pairs_rebuild()`);
    expect(await pairs()).toEqual(loaded);

    // The same run again (as after an interruption, or by mistake) adds nothing twice.
    const again = await generateSyntheticData(db, systemActor('test'), {
      incidents: 2_000,
      run: 'b01cb01c',
    });
    expect(again).toMatchObject({
      bulk: false,
      incidents: 2_000,
      sources: 500,
      engagements: 40,
      followUps: result.followUps,
      observations: result.observations,
    });
    const children = await queryRows<{ links: number; victims: number; facets: number }>(
      db,
      sql`select (select count(*)::int from incident_sources l join incidents i on i.id = l.incident_id
                   where i.reference like 'SYN-b01cb01c-%') as links,
                 (select count(*)::int from incident_victim_groups v join incidents i on i.id = v.incident_id
                   where i.reference like 'SYN-b01cb01c-%') as victims,
                 (select count(*)::int from analytics.incident_facets f join incidents i on i.id = f.incident_id
                   where i.reference like 'SYN-b01cb01c-%') as facets`,
    );
    expect(children[0]).toEqual({ links: 2_000, victims: 2_000, facets: 2_000 });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  }, 180_000);

  it('refuses a count that is not a positive whole number, naming the field', async () => {
    await expect(
      generateSyntheticData(getDb().handle.db, systemActor('test'), { incidents: 0 }),
    ).rejects.toMatchObject({ errors: [{ field: 'incidents' }] });
  });
});
