// `npx tsx bench/statistics.ts` (needs DATABASE_URL naming a PostgreSQL server whose role may
// create databases): the statistics importer against two raw COPYs of the same rows in the same
// run — the CSV into a bare table of its text columns, and the rows as the observations they
// become into a table built like stat_observations (same indexes, constraints and foreign key),
// the least any importer must pay to land them — the import's peak RSS, and the dashboard's
// count query from the rollup against a full scan.
// BENCH_STAT_ROWS (default 1,000,000) and BENCH_INCIDENTS (default 1,000,000) size the runs.
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { sql } from 'drizzle-orm';
import { openDatabase, runMigrations } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/app/bootstrap.ts';
import { systemActor } from '../src/db/audit.ts';
import { queryRows } from '../src/db/raw.ts';
import { statMapping } from '../src/modules/statistics/mapping.ts';
import { importStatistics } from '../src/modules/statistics/service.ts';
import { incidentCounts, incidentCountsByScan } from '../src/modules/analytics/queries.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('set DATABASE_URL to a PostgreSQL server');
const ROWS = Number(process.env.BENCH_STAT_ROWS ?? 1_000_000);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 1_000_000);

const AREAS: [string, string][] = [
  ['Germany', 'DE'],
  ['France', 'FR'],
  ['Italy', 'IT'],
  ['Spain', 'ES'],
  ['Greece', 'GR'],
  ['Austria', 'AT'],
  ['Sweden', 'SE'],
  ['Poland', 'PL'],
  ['Belgium', 'BE'],
  ['Netherlands', 'NL'],
];

/**
 * The CSV the importer reads and, row for row, the observations it becomes as COPY text (for
 * the baseline into the observations table): area × year × citizenship × sex, distinct cells
 * like an Eurostat table, values with thousands separators.
 */
async function generate(csv: string, observations: string, datasetId: string) {
  const importId = '00000000-0000-4000-8000-000000000001';
  function* cells() {
    let n = 0;
    for (let c = 0; n < ROWS; c++)
      for (const [area, code] of AREAS)
        for (let year = 2000; year < 2025 && n < ROWS; year++)
          for (const sex of ['F', 'M']) {
            if (n >= ROWS) return;
            yield { n, area, code, year, citizen: `C${c}`, sex, value: (n * 7919) % 100000 };
            n++;
          }
  }
  function* csvLines() {
    yield 'GEO,TIME,CITIZEN,SEX,Value\n';
    for (const r of cells())
      yield `${r.area},${r.year},${r.citizen},${r.sex},"${r.value.toLocaleString('en')}"\n`;
  }
  function* copyLines() {
    for (const r of cells())
      yield `${datasetId}\t${importId}\t${r.n + 2}\t${r.area}\t${r.code}\t${r.year}\t${r.year}-01-01\t${r.year}-12-31\tGenerated\t{"SEX": "${r.sex}", "CITIZEN": "${r.citizen}"}\t${r.value}\t\\N\n`;
  }
  await pipeline(Readable.from(csvLines()), createWriteStream(csv));
  await pipeline(Readable.from(copyLines()), createWriteStream(observations));
}

/** Samples the process's resident set while `work` runs; returns its result and the peak. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ value: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  try {
    const value = await work();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, peakRssMb: Math.round(peak / (1024 * 1024)) };
  } finally {
    clearInterval(timer);
  }
}

const mapping = statMapping.parse({
  name: 'bench-generated',
  dataset: {
    publisher: 'Benchmark (synthetic)',
    title: 'Generated table',
    url: 'https://example.org/',
    licence: 'none',
    referencePeriod: '2000–2024',
    counted: 'other',
    countedDescription: 'generated numbers',
    caveats: 'SYNTHETIC benchmark data',
  },
  format: 'csv',
  area: { column: 'GEO', codes: 'name' },
  period: { column: 'TIME' },
  indicator: { fixed: 'Generated' },
  values: [{ column: 'Value' }],
  dimensions: [{ column: 'CITIZEN' }, { column: 'SEX' }],
});

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;

async function main() {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const name = `rapporteur_bench_stats_${process.pid}`;
  await admin.query(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url!);
  dbUrl.pathname = `/${name}`;
  const dir = await mkdtemp(path.join(tmpdir(), 'rapporteur-bench-stats-'));
  const handle = await openDatabase({ databaseUrl: dbUrl.toString(), poolMax: 4 });
  try {
    await runMigrations(handle);
    await prepareDatabase(handle, { adminPassword: 'bench-admin-password-1' });
    const client = new pg.Client({ connectionString: dbUrl.toString() });
    await client.connect();
    // The second baseline lands in a table built like stat_observations, under a dataset of
    // its own (the foreign key is checked as for the import).
    await client.query(`CREATE TABLE copy_observations (LIKE stat_observations INCLUDING ALL,
      FOREIGN KEY (dataset_id) REFERENCES stat_datasets (id))`);
    const {
      rows: [baselineDataset],
    } = await client.query<{ id: string }>(`INSERT INTO stat_datasets
        (key, publisher, title, url, licence, reference_period, counted, counted_description, caveats)
      VALUES ('copy-baseline', 'Benchmark', 'COPY baseline', 'https://example.org/', 'none', '2000–2024',
        'other', 'generated numbers', 'SYNTHETIC benchmark data') RETURNING id`);
    const file = path.join(dir, 'rows.csv');
    const observationsFile = path.join(dir, 'observations.copy');
    await generate(file, observationsFile, baselineDataset!.id);

    // Baseline 1: COPY of the same CSV into a table of its columns.
    await client.query(
      'CREATE TABLE raw_copy (geo text, time text, citizen text, sex text, value text)',
    );
    let t = performance.now();
    await pipeline(
      createReadStream(file),
      client.query(copyFrom('COPY raw_copy FROM STDIN WITH (FORMAT csv, HEADER true)')),
    );
    const copyMs = performance.now() - t;
    // Baseline 2: COPY of the same rows, as observations, into the observations' table.
    t = performance.now();
    await pipeline(
      createReadStream(observationsFile),
      client.query(
        copyFrom(`COPY copy_observations (dataset_id, import_id, source_row, area, country_code, period,
          period_start, period_end, indicator, dimensions, value, flags) FROM STDIN`),
      ),
    );
    const copyObservationsMs = performance.now() - t;
    await client.end();

    const rssBeforeImportMb = Math.round(process.memoryUsage.rss() / (1024 * 1024));
    t = performance.now();
    const { value: r, peakRssMb: importPeakRssMb } = await withPeakRss(() =>
      importStatistics(handle.db, handle.kind, systemActor('bench'), { path: file, mapping }),
    );
    const importMs = performance.now() - t;
    if (r.errorCount > 0)
      throw new Error(`import refused: ${JSON.stringify(r.errors.slice(0, 3))}`);

    // Dashboard: verified incidents, then the count by country from the rollup vs a scan.
    await handle.db.execute(sql`ALTER TABLE incidents DISABLE TRIGGER USER`);
    await handle.db
      .execute(sql`INSERT INTO incidents (post_id, country_code, title, categories, occurred_start, occurred_end, date_precision, status)
      SELECT (SELECT min(id) FROM posts), (ARRAY['FR','DE','IT','ES','GR','AT','SE','PL','BE','NL'])[1 + g % 10], 'bench', ARRAY['abuse_in_transit'],
             DATE '2016-01-01' + (g % 3650), DATE '2016-01-01' + (g % 3650), 'day', 'verified'
        FROM generate_series(1, ${INCIDENTS}) g`);
    await handle.db.execute(sql`ALTER TABLE incidents ENABLE TRIGGER USER`);
    // The load bypassed the triggers: recount the dashboard rollups as a bulk loader does.
    await handle.db.execute(sql`SELECT analytics.dashboard_rollups_rebuild()`);
    await handle.db.execute(sql`ANALYZE`);
    const f = { from: '2018-01-01', to: '2023-12-31' };
    const time = async (fn: () => Promise<unknown>, n: number) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        await fn();
        xs.push(performance.now() - s);
      }
      return xs;
    };
    const rollup = await time(() => incidentCounts(handle.db, 'country', f), 50);
    const scan = await time(() => incidentCountsByScan(handle.db, f), 5);
    const [{ n } = { n: '0' }] = await queryRows<{ n: string }>(
      handle.db,
      sql`select count(*)::text as n from stat_observations`,
    );
    const figures = {
      rows: ROWS,
      observations: Number(n),
      copyMs: Math.round(copyMs),
      copyObservationsMs: Math.round(copyObservationsMs),
      importMs: Math.round(importMs),
      /** Against the COPY into a bare table of text columns. */
      throughputRatio: +(copyMs / importMs).toFixed(3),
      /** Against the COPY of the same observations into a table built like stat_observations. */
      throughputRatioSameTable: +(copyObservationsMs / importMs).toFixed(3),
      copyRowsPerSecond: Math.round(ROWS / (copyMs / 1000)),
      copyObservationsRowsPerSecond: Math.round(ROWS / (copyObservationsMs / 1000)),
      importRowsPerSecond: Math.round(ROWS / (importMs / 1000)),
      rssBeforeImportMb,
      importPeakRssMb,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      incidents: INCIDENTS,
      dashboardRollupP95Ms: +p95(rollup).toFixed(2),
      dashboardScanP95Ms: +p95(scan).toFixed(2),
    };
    console.log(JSON.stringify(figures, null, 2));
  } finally {
    await handle.close();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
