// `DATABASE_URL=… npx tsx bench/scale.ts`: measures a database the data generator filled
// (`rapporteur demo generate --incidents N`), as it is — N is whatever the database holds. Prints
// p50/p95 of the dashboard's count by country from the incident rollup against the same count
// by a full scan of the incidents, and of a faceted search (first page + facet counts) with and
// without filters and a full-text first page, through the service layer the API handlers call,
// as an editor. Writes nothing; the figures go to bench/scale-results.md by hand, with the date
// and the machine's load.
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/connection.ts';
import { queryRows } from '../src/db/raw.ts';
import type { Principal } from '../src/domain/policy.ts';
import { incidentCounts, incidentCountsByScan } from '../src/modules/analytics/queries.ts';
import { facets, listIncidents } from '../src/modules/incidentSearch/service.ts';
import { listQuery, type SearchFilters } from '../src/modules/incidentSearch/schemas.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to the database the generator filled');
const RUNS = Number(process.env.BENCH_SCALE_RUNS ?? 20);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(s.length * q) - 1)]! * 10) / 10;
};

async function time(runs: number, work: (i: number) => Promise<unknown>) {
  await work(0); // warm-up
  const xs: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const t = performance.now();
    await work(i);
    xs.push(performance.now() - t);
  }
  return { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), runs };
}

const handle = await openDatabase({ databaseUrl: url, poolMax: 4 });
const db = handle.db;
try {
  const [counts] = await queryRows<{
    incidents: number;
    engagements: number;
    observations: number;
    rollup_rows: number;
  }>(
    db,
    sql`select (select count(*)::int from incidents) as incidents,
               (select count(*)::int from engagements) as engagements,
               (select count(*)::int from stat_observations) as observations,
               (select count(*)::int from analytics.incident_rollup) as rollup_rows`,
  );
  const [admin] = await queryRows<{ id: string }>(db, sql`select id from users limit 1`);
  const editor: Principal = {
    userId: admin!.id,
    username: 'bench.editor',
    displayName: 'Benchmark editor',
    roles: [{ role: 'editor', postId: null, regionId: null } as Principal['roles'][number]],
    via: 'system',
  };
  const q = (o: Record<string, unknown>) => listQuery.parse({ limit: 50, ...o });
  const range = { from: '2018-01-01', to: '2023-12-31' };
  const dashboardRollup = await time(RUNS * 2, () => incidentCounts(db, 'country', range));
  const dashboardScan = await time(3, () => incidentCountsByScan(db, range));
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
        loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
        ...counts,
        server: (await queryRows<{ v: string }>(db, sql`select version() v`))[0]!.v,
        figuresMs: {
          dashboardByCountryFromRollup: { ...dashboardRollup, targetP95: 50 },
          dashboardByCountryByScan: dashboardScan,
          facetedSearch: { ...faceted, targetP95: 150 },
          facetedSearchNoFilter: facetedNoFilter,
          fullTextFirstPage: { ...fullText, targetP95: 200 },
        },
      },
      null,
      2,
    ),
  );
} finally {
  await handle.close();
}
