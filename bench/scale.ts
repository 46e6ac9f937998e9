// `DATABASE_URL=… npx tsx bench/scale.ts`: measures a database the data generator filled
// (`rapporteur demo generate --incidents N`), as it is — N is whatever the database holds. Prints
// p50/p95 of the dashboard's counts from the rollups (by country, region, category, month and
// route, a country's trend) against the same count by country by a full scan of the incidents
// (and checks that the two agree), and of a faceted search (first page + facet counts) with and
// without filters and a full-text first page, through the service layer the API handlers call,
// as an editor. Writes nothing; the figures go to bench/scale-results.md by hand, with the date
// and the machine's load.
//
// `BENCH_SCALE_FILL=N` (DATABASE_URL naming the server) instead creates a database of its own
// (BENCH_SCALE_DB, default rapporteur_bench_dashboard), fills N incidents spread as the generator
// spreads them (its hash: 194 countries, 142 months, 16 categories with one in five carrying a
// second, 15 routes, half verified) by INSERT … SELECT generate_series with the triggers off and
// the secondary indexes dropped (rebuilt only with BENCH_SCALE_INDEXES=1), recounts the
// dashboard rollups with analytics.dashboard_rollups_rebuild(), measures the dashboard legs only (the search legs need
// the facet copy, not built here) and drops the database (BENCH_SCALE_KEEP=1 keeps it,
// BENCH_SCALE_REUSE=1 measures a kept one without loading again).
import os from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { prepareDatabase } from '../src/app/bootstrap.ts';
import { openDatabase, type Executor } from '../src/db/connection.ts';
import { queryRows } from '../src/db/raw.ts';
import { INCIDENT_CATEGORIES, MIGRATION_ROUTES } from '../src/domain/vocabularies.ts';
import {
  incidentCounts,
  incidentCountsByScan,
  incidentTrend,
} from '../src/modules/analytics/queries.ts';
import { facets, listIncidents } from '../src/modules/incidentSearch/service.ts';
import { listQuery, type SearchFilters } from '../src/modules/incidentSearch/schemas.ts';
import { benchEditor, time } from './measure.ts';

const serverUrl = process.env.DATABASE_URL;
if (!serverUrl) throw new Error('set DATABASE_URL to the database the generator filled');
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 20);
const FILL = Number(process.env.BENCH_SCALE_FILL ?? 0);
const fillDb = process.env.BENCH_SCALE_DB ?? 'rapporteur_bench_dashboard';
const reuse = process.env.BENCH_SCALE_REUSE === '1';
const keep = process.env.BENCH_SCALE_KEEP === '1' || reuse;
const log = (m: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
const loadAverage = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

const lit = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]::text[]`;

/** Fills `n` incidents spread as src/modules/demo/queries.ts spreads them; returns the figures. */
async function fill(url: string, n: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const figures: Record<string, number> = {};
  try {
    const secondary = (
      await client.query<{ indexname: string; indexdef: string }>(
        `select indexname, indexdef from pg_indexes where schemaname = 'public' and tablename = 'incidents'
            and indexname not in ('incidents_pkey', 'incidents_reference_unique')`,
      )
    ).rows;
    for (const i of secondary) await client.query(`drop index ${i.indexname}`);
    // A bulk load: no triggers (the facet copy and the rollups), no foreign-key checks.
    await client.query(`set session_replication_role = replica`);
    const cats = lit(INCIDENT_CATEGORIES.map((c) => c.code));
    const nc = INCIDENT_CATEGORIES.length;
    const routes = lit(MIGRATION_ROUTES.map((r) => r.code));
    const load = performance.now();
    const BATCH = 500_000;
    for (let from = 1; from <= n; from += BATCH) {
      const to = Math.min(n, from + BATCH - 1);
      await client.query(`
        with p as (
          select row_number() over (order by p.id) - 1 as k, p.id as post_id, p.country_code
            from posts p join countries c on c.code = p.country_code
           where p.kind = 'embassy' and c.latitude is not null
        ), np as (select count(*) as n from p),
        g as (select i, ('x' || substr(md5('bench:i:' || i), 1, 15))::bit(60)::bigint as h
                from generate_series(${from}, ${to}) as i),
        r as (select g.i, g.h, p.post_id, p.country_code,
                     date '2015-01-01' + ((g.h / 29) % 4300)::int as day
                from g cross join np join p on p.k = (g.h % np.n))
        insert into incidents (reference, post_id, country_code, title, categories, occurred_start,
          occurred_end, date_precision, route, status, synthetic)
        select 'BENCH-' || r.i, r.post_id, r.country_code, 'Synthetic incident ' || r.i,
               case when (r.h / 19) % 5 = 0 and (r.h / 3) % ${nc} <> (r.h / 23) % ${nc}
                 then array[(${cats})[1 + (r.h / 3) % ${nc}], (${cats})[1 + (r.h / 23) % ${nc}]]
                 else array[(${cats})[1 + (r.h / 3) % ${nc}]] end,
               r.day, r.day, 'day',
               (${routes})[1 + (r.h / 47) % ${MIGRATION_ROUTES.length}],
               (array['verified','verified','verified','verified','verified','verified',
                      'submitted','submitted','draft','draft','returned','rejected'])[1 + (r.h / 53) % 12],
               true
          from r`);
      log(`  ${to.toLocaleString('en')} incidents`);
    }
    await client.query(`set session_replication_role = origin`);
    figures.loadSeconds = Math.round((performance.now() - load) / 1000);
    // The secondary indexes stay dropped unless asked for: no dashboard leg reads them (the
    // scan reads the whole table) and the database is dropped afterwards.
    let t = performance.now();
    if (process.env.BENCH_SCALE_INDEXES === '1') {
      await client.query(`set maintenance_work_mem = '512MB'`);
      for (const i of secondary) await client.query(i.indexdef);
      figures.indexSeconds = Math.round((performance.now() - t) / 1000);
    }
    log('recounting the dashboard rollups');
    t = performance.now();
    await client.query(`select analytics.dashboard_rollups_rebuild()`);
    figures.rebuildSeconds = Math.round((performance.now() - t) / 1000);
    await client.query(`vacuum analyze incidents`);
    await client.query(`vacuum analyze analytics.incident_rollup`);
    await client.query(`vacuum analyze analytics.incident_rollup_cm`);
    await client.query(`vacuum analyze analytics.incident_rollup_cy`);
    log(`rollups recounted in ${figures.rebuildSeconds} s`);
  } finally {
    await client.end();
  }
  return figures;
}

/** The dashboard legs: every count from the rollups, and the same count by a full scan. */
async function dashboardLegs(db: Executor) {
  const range = { from: '2018-01-01', to: '2023-12-31' };
  const byCountry = await time(RUNS * 2, () => incidentCounts(db, 'country', range));
  // The same query on the route rollup, as the dashboard read it before the coarse rollup.
  const byCountryFineRollup = await time(RUNS, () =>
    queryRows(
      db,
      sql`SELECT r.country_code AS key, max(c.name) AS label, sum(r.incidents)::text AS incidents, bool_or(r.synthetic) AS synthetic
            FROM analytics.incident_rollup r JOIN countries c ON c.code = r.country_code
            JOIN regions g ON g.id = c.region_id
           WHERE r.month BETWEEN date_trunc('month', ${range.from}::date)::date AND ${range.to}::date
             AND r.category = '*' GROUP BY 1 HAVING sum(r.incidents) > 0 ORDER BY 1`,
    ),
  );
  // A period of partial years: its whole years from the yearly rollup, the rest by month.
  const byCountryPartialYears = await time(RUNS, () =>
    incidentCounts(db, 'country', { from: '2018-03-15', to: '2023-08-31' }),
  );
  const byRegion = await time(RUNS, () => incidentCounts(db, 'region', range));
  const byCategory = await time(RUNS, () => incidentCounts(db, 'category', range));
  const byMonth = await time(RUNS, () => incidentCounts(db, 'month', range));
  const byCountryOneCategory = await time(RUNS, () =>
    incidentCounts(db, 'country', { ...range, category: 'trafficking' }),
  );
  const trendOfCountry = await time(RUNS, () =>
    incidentTrend(db, 'FR', 'month', { from: '2015-01-01', to: '2026-12-31' }),
  );
  const byRoute = await time(Math.min(RUNS, 5), () => incidentCounts(db, 'route', range));
  const scan = await time(3, () => incidentCountsByScan(db, range));
  // The rollup and the scan must give the same figures.
  const fromRollup = (await incidentCounts(db, 'country', range)).map((r) => [r.key, r.incidents]);
  const fromScan = (await incidentCountsByScan(db, range)).map((r) => [r.key, r.incidents]);
  const agree = JSON.stringify(fromRollup) === JSON.stringify(fromScan);
  if (!agree) throw new Error('the dashboard rollup and the full scan disagree');
  const [rows] = await queryRows<{
    fine: number;
    coarse: number;
    coarse_all: number;
    yearly: number;
  }>(
    db,
    sql`select (select count(*)::int from analytics.incident_rollup) as fine,
               (select count(*)::int from analytics.incident_rollup_cm) as coarse,
               (select count(*)::int from analytics.incident_rollup_cm where category = '*') as coarse_all,
               (select count(*)::int from analytics.incident_rollup_cy) as yearly`,
  );
  return {
    rollupRows: {
      routeRollup: rows!.fine,
      coarseRollup: rows!.coarse,
      coarseAllCategories: rows!.coarse_all,
      yearlyRollup: rows!.yearly,
    },
    rollupEqualsScan: agree,
    figuresMs: {
      dashboardByCountryWholeYears: { ...byCountry, targetP95: 50 },
      dashboardByCountryFromRouteRollup: byCountryFineRollup,
      dashboardByCountryPartialYears: byCountryPartialYears,
      dashboardByCountryByScan: scan,
      dashboardByRegion: byRegion,
      dashboardByCategory: byCategory,
      dashboardByMonth: byMonth,
      dashboardByCountryOneCategory: byCountryOneCategory,
      trendOfOneCountryByMonth: trendOfCountry,
      dashboardByRouteFromRouteRollup: byRoute,
    },
  };
}

async function admin(text: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

let url = serverUrl;
let filled: Record<string, number> | undefined;
if (FILL > 0) {
  const u = new URL(serverUrl);
  u.pathname = `/${fillDb}`;
  url = u.toString();
  if (!reuse) {
    await admin(`drop database if exists ${fillDb} with (force)`);
    await admin(`create database ${fillDb}`);
    const h = await openDatabase({ databaseUrl: url, poolMax: 2 });
    try {
      await prepareDatabase(h, { adminPassword: 'bench-admin-password' });
    } finally {
      await h.close();
    }
    log(`filling ${FILL.toLocaleString('en')} incidents into ${fillDb}`);
    filled = await fill(url, FILL);
  }
}

const handle = await openDatabase({ databaseUrl: url, poolMax: 4 });
const db = handle.db;
try {
  if (FILL > 0) {
    const [c] = await queryRows<{ incidents: number; verified: number }>(
      db,
      sql`select count(*)::int as incidents, count(*) filter (where status = 'verified')::int as verified from incidents`,
    );
    log('measuring the dashboard');
    const legs = await dashboardLegs(db);
    console.log(
      JSON.stringify(
        {
          at: new Date().toISOString(),
          loadAverage: loadAverage(),
          ...c,
          fill: filled ?? 'reused',
          server: (await queryRows<{ v: string }>(db, sql`select version() v`))[0]!.v,
          ...legs,
        },
        null,
        2,
      ),
    );
  } else {
    const [counts] = await queryRows<{
      incidents: number;
      engagements: number;
      observations: number;
    }>(
      db,
      sql`select (select count(*)::int from incidents) as incidents,
               (select count(*)::int from engagements) as engagements,
               (select count(*)::int from stat_observations) as observations`,
    );
    const editor = await benchEditor(db);
    const q = (o: Record<string, unknown>) => listQuery.parse({ limit: 50, ...o });
    const dashboard = await dashboardLegs(db);
    const FILTERS: SearchFilters[] = [
      { category: 'trafficking', from: '2024-01-01', to: '2024-12-31' },
      { country: 'FR' },
      { route: 'western_balkans', status: 'verified' },
      { category: 'forced_labour', reliability: 'B' },
      { sourceType: 'court_record', from: '2025-01-01' },
    ];
    const faceted = await time(RUNS, (i) => {
      const f = FILTERS[i % FILTERS.length]!;
      return Promise.all([listIncidents(db, editor, q(f)), facets(db, editor, f)]);
    });
    const facetedNoFilter = await time(Math.min(RUNS, 5), () =>
      Promise.all([listIncidents(db, editor, q({})), facets(db, editor, {})]),
    );
    const TERMS = ['warehouse', 'Schleuser', 'passeurs', 'forced labour', 'Menschenhandel'];
    const fullText = await time(RUNS, (i) =>
      listIncidents(db, editor, q({ q: TERMS[i % TERMS.length] })),
    );
    console.log(
      JSON.stringify(
        {
          at: new Date().toISOString(),
          loadAverage: loadAverage(),
          ...counts,
          server: (await queryRows<{ v: string }>(db, sql`select version() v`))[0]!.v,
          rollupRows: dashboard.rollupRows,
          rollupEqualsScan: dashboard.rollupEqualsScan,
          figuresMs: {
            ...dashboard.figuresMs,
            facetedSearch: { ...faceted, targetP95: 150 },
            facetedSearchNoFilter: facetedNoFilter,
            fullTextFirstPage: { ...fullText, targetP95: 200 },
          },
        },
        null,
        2,
      ),
    );
  }
} finally {
  await handle.close();
  if (FILL > 0 && !keep) await admin(`drop database if exists ${fillDb} with (force)`);
}
