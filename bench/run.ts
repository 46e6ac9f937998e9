// `npm run bench`: measures the figures of bench/results.md on the embedded database and, when
// DATABASE_URL is set, on the PostgreSQL server. Grows as capabilities land (issue 9).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/app.ts';
import { createApiToken } from '../src/modules/auth/service.ts';
import { listUsers } from '../src/modules/admin/service.ts';
import { loadConfig } from '../src/config.ts';
import { measureApiRead, type LoadResult } from './api.ts';
import { measureIncidents, type IncidentFigures } from './incidents.ts';
import { measureReports, type ReportFigures } from './reports.ts';
import { createUser } from '../src/modules/admin/service.ts';
import { systemActor } from '../src/db/audit.ts';
import { queryRows } from '../src/db/raw.ts';
import { sql } from 'drizzle-orm';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

// BENCH_ONLY=api measures the API legs only (auth/me, incident read and create) and carries the
// country report figures over from the previous results.json, with the date they were measured.
const only = process.env.BENCH_ONLY;
if (only !== undefined && only !== 'api')
  throw new Error(`BENCH_ONLY=${only}: only "api" is known`);
const previous = (() => {
  try {
    return JSON.parse(fs.readFileSync(path.join(here, 'results.json'), 'utf8')) as {
      measuredAt: string;
      results: (BackendFigures & { reportsMeasuredAt?: string })[];
    };
  } catch {
    return undefined;
  }
})();
/** One line on what changed since the previous figures, printed with them (BENCH_WHAT_CHANGED). */
const whatChanged = process.env.BENCH_WHAT_CHANGED ?? '';
const loadAverage = () => os.loadavg().map((x) => Number(x.toFixed(2)));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface BackendFigures {
  backend: string;
  coldStartMs: number;
  apiRead: { app: LoadResult[]; baseline: LoadResult[] };
  incidents: IncidentFigures;
  reports: ReportFigures;
  /** When the report figures were measured (an earlier run's date with BENCH_ONLY=api). */
  reportsMeasuredAt: string;
  /** Peak RSS of the process serving the API while the API and incident legs ran. */
  apiPeakRssMb: number;
  /** Peak RSS over the whole run of this backend, report generation included. */
  peakRssMb: number;
  /** The machine's 1, 5 and 15 minute load averages before and after the API legs. */
  loadAverage: { before: number[]; after: number[] };
}

/** A database of the benchmark's own on the server, empty at each run (earlier runs left users). */
async function freshServerDatabase(serverUrl: string): Promise<string> {
  const name = 'rapporteur_bench';
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function benchBackend(backend: 'pglite' | 'postgres'): Promise<BackendFigures> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-bench-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RAPPORTEUR_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    RAPPORTEUR_ADMIN_PASSWORD: 'bench-admin-password',
    // The benchmarks measure throughput: the per-user limit on search and exports would cap it.
    RAPPORTEUR_EXPENSIVE_RATE_PER_MINUTE: '100000000',
  };
  if (backend === 'pglite') delete env.DATABASE_URL;
  else env.DATABASE_URL = await freshServerDatabase(env.DATABASE_URL!);
  const started = Date.now();
  const server = await startServer({ env, logger: false });
  const coldStartMs = Date.now() - started;
  let peakRss = process.memoryUsage().rss;
  let apiPeakRss = 0;
  let underApiLoad = false;
  const sampler = setInterval(() => {
    const rss = process.memoryUsage().rss;
    peakRss = Math.max(peakRss, rss);
    if (underApiLoad) apiPeakRss = Math.max(apiPeakRss, rss);
  }, 100);
  try {
    const admin = (await listUsers(server.handle.db)).find((u) => u.username === 'admin')!;
    const { token } = await createApiToken(
      { db: server.handle.db, config: loadConfig(env) },
      { id: admin.id, label: 'bench' },
      { name: 'bench', scopes: ['read'] },
    );
    const loadBefore = loadAverage();
    underApiLoad = true;
    const apiRead = await measureApiRead(server, token, admin.id, seconds, repeats);

    // Incident create and read: an editor with a write token, one incident to read.
    const editor = await createUser(server.handle.db, systemActor('bench'), {
      username: 'bench.editor',
      displayName: 'Benchmark editor (synthetic)',
      password: 'bench-editor-password',
      mustChangePassword: false,
      roles: [{ role: 'editor' }],
      synthetic: true,
    });
    const writeToken = (
      await createApiToken(
        { db: server.handle.db, config: loadConfig(env) },
        { id: editor.id, label: 'bench' },
        { name: 'bench-write', scopes: ['read', 'write'] },
      )
    ).token;
    const postId = (
      await queryRows<{ id: number }>(
        server.handle.db,
        sql`select id from posts where code = 'EMB-FR'`,
      )
    )[0]!.id;
    const created = await fetch(`${server.url}/api/incidents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${writeToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        postId,
        title: 'Benchmark incident to read (synthetic)',
        categories: ['abuse_in_transit'],
        occurredStart: '2025-04-01',
        datePrecision: 'day',
        synthetic: true,
      }),
    });
    const incidentId = ((await created.json()) as { id: string }).id;
    const incidents = await measureIncidents(
      server,
      writeToken,
      postId,
      incidentId,
      seconds,
      repeats,
    );

    underApiLoad = false;
    const loadAfter = loadAverage();

    let reports: ReportFigures;
    let reportsMeasuredAt = new Date().toISOString();
    const carried = previous?.results.find((r) => r.backend === backend);
    if (only === 'api' && carried) {
      reports = carried.reports;
      reportsMeasuredAt = carried.reportsMeasuredAt ?? previous!.measuredAt;
    } else {
      const reportIncidents = Number(
        backend === 'postgres'
          ? (process.env.BENCH_REPORT_INCIDENTS ?? 100_000)
          : (process.env.BENCH_PGLITE_REPORT_INCIDENTS ?? 10_000),
      );
      reports = await measureReports(server, editor.id, reportIncidents);
    }
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    return {
      backend,
      coldStartMs,
      apiRead,
      incidents,
      reports,
      reportsMeasuredAt,
      apiPeakRssMb: mb(apiPeakRss),
      peakRssMb: only === 'api' && carried ? carried.peakRssMb : mb(peakRss),
      loadAverage: { before: loadBefore, after: loadAfter },
    };
  } finally {
    clearInterval(sampler);
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function report(results: BackendFigures[]): string {
  const lines = [
    '# Benchmark results',
    '',
    `Measured ${new Date().toISOString()} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
    `Each figure: median (and worst) of ${repeats} runs of ${seconds} s, 10 connections, autocannon in a separate process on the same machine (it competes for the same 2 cores).`,
    `The machine is shared with other work: load average (1, 5, 15 min) before → after the API legs: ${results.map((r) => `${r.backend} ${r.loadAverage.before.join(', ')} → ${r.loadAverage.after.join(', ')}`).join('; ')}. Compare the ratios of one run, not absolute figures across runs.`,
    ...(whatChanged ? ['', `What changed: ${whatChanged}`] : []),
    '',
    '| backend | cold start (ms) | GET /api/auth/me req/s | bare select req/s | ratio (target ≥ 0.5) | app p50 / p99 (ms) | bare p50 / p99 (ms) | errors | server peak RSS under the API load (MB, target < 512) | peak RSS of the whole run, reports included (MB) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const a = r.apiRead.app;
    const b = r.apiRead.baseline;
    const ra = median(a.map((x) => x.requestsPerSecond));
    const rb = median(b.map((x) => x.requestsPerSecond));
    lines.push(
      `| ${r.backend} | ${r.coldStartMs} | ${ra.toFixed(0)} | ${rb.toFixed(0)} | ${(ra / rb).toFixed(2)} | ${median(a.map((x) => x.p50))} / ${median(a.map((x) => x.p99))} (worst ${Math.max(...a.map((x) => x.p99))}) | ${median(b.map((x) => x.p50))} / ${median(b.map((x) => x.p99))} | ${a.reduce((s, x) => s + x.non2xx, 0)} | ${r.apiPeakRssMb} | ${r.peakRssMb} |`,
    );
  }
  lines.push(
    '',
    'GET /api/auth/me with an API token runs the whole stack: token lookup (SHA-256), the user and role queries, the central policy, and the schema-checked response. The bare route is Fastify with one single-row select of the same user on the same database.',
    'Peak RSS is sampled every 100 ms in the process serving the API (the bare routes run in it too; autocannon does not). "Under the API load" covers the auth/me and incident legs only; the whole-run figure includes generating the report data (carried over with the reports when BENCH_ONLY=api).',
    "What the PGlite process holds: about 140 MB of JavaScript heap once every module is loaded (as with the server), PGlite's 256 MB WebAssembly memory, of which PostgreSQL's shared buffers are resident from the start (32 MB, PostgreSQL's 128 MB default measured about 120 MB more RSS), and after a first start in a new data folder the initdb module's memory until it is collected. The initial WebAssembly memory cannot go below 128 MB (the module's minimum) and complex DDL needs more.",
    'Cold start: process already running, from opening the database (migrations up to date are skipped; first-run reference data is loaded) to listening.',
  );
  const pair = (a: LoadResult[], b: LoadResult[]) => {
    const ra = median(a.map((x) => x.requestsPerSecond));
    const rb = median(b.map((x) => x.requestsPerSecond));
    return `${ra.toFixed(0)} | ${rb.toFixed(0)} | ${(ra / rb).toFixed(2)} | ${median(a.map((x) => x.p50))} / ${median(a.map((x) => x.p99))} | ${median(b.map((x) => x.p50))} / ${median(b.map((x) => x.p99))} | ${a.reduce((s, x) => s + x.non2xx, 0)}`;
  };
  lines.push(
    '',
    '## Incidents: the API against a bare route doing the same single-row work',
    '',
    '| backend | operation | app req/s | bare req/s | ratio (target ≥ 0.5) | app p50 / p99 (ms) | bare p50 / p99 (ms) | app errors |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of results) {
    lines.push(
      `| ${r.backend} | GET /api/incidents/:id | ${pair(r.incidents.read.app, r.incidents.read.baseline)} |`,
    );
    lines.push(
      `| ${r.backend} | POST /api/incidents | ${pair(r.incidents.create.app, r.incidents.create.baseline)} |`,
    );
  }
  lines.push(
    '',
    '| backend | GET /api/incidents/:id at a fixed 1,000 req/s: achieved req/s | p50 / p99 (ms) (target p99 < 25 ms on the server) |',
    '| --- | --- | --- |',
  );
  for (const r of results) {
    const f = r.incidents.readAtThousand;
    lines.push(
      `| ${r.backend} | ${median(f.map((x) => x.requestsPerSecond)).toFixed(0)} | ${median(f.map((x) => x.p50))} / ${median(f.map((x) => x.p99))} |`,
    );
  }
  lines.push(
    '',
    '## Country reports: generate and export (DOCX and PDF) every country report of a region',
    '',
    ...(only === 'api'
      ? [
          `Measured ${[...new Set(results.map((r) => r.reportsMeasuredAt))].join(' and ')} (carried over: this run measured the API legs only, BENCH_ONLY=api).`,
          '',
        ]
      : []),
    '| backend | incidents in the database | region | countries | seconds (target < 60 s on the server at 100,000) | DOCX bytes | PDF bytes | data generation (s) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  );
  for (const r of results) {
    const x = r.reports;
    lines.push(
      `| ${r.backend} | ${x.incidents.toLocaleString('en')} | ${x.region} | ${x.countries} | ${x.seconds.toFixed(1)} | ${x.docxBytes.toLocaleString('en')} | ${x.pdfBytes.toLocaleString('en')} | ${x.generateDataSeconds.toFixed(1)} |`,
    );
  }
  return lines.join('\n') + '\n';
}

const backends: ('pglite' | 'postgres')[] = ['pglite'];
if (loadConfig().databaseUrl) backends.push('postgres');
const results: BackendFigures[] = [];
for (const b of backends) results.push(await benchBackend(b));
fs.writeFileSync(path.join(here, 'results.md'), report(results));
fs.writeFileSync(
  path.join(here, 'results.json'),
  JSON.stringify({ measuredAt: new Date().toISOString(), results }, null, 2),
);
console.log(report(results));
