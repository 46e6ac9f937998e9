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

const here = path.dirname(fileURLToPath(import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

interface BackendFigures {
  backend: string;
  coldStartMs: number;
  apiRead: { app: LoadResult[]; baseline: LoadResult[] };
  peakRssMb: number;
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
  };
  if (backend === 'pglite') delete env.DATABASE_URL;
  const started = Date.now();
  const server = await startServer({ env, logger: false });
  const coldStartMs = Date.now() - started;
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    const admin = (await listUsers(server.handle.db)).find((u) => u.username === 'admin')!;
    const { token } = await createApiToken(
      { db: server.handle.db, config: loadConfig(env) },
      { id: admin.id, label: 'bench' },
      { name: 'bench', scopes: ['read'] },
    );
    const apiRead = await measureApiRead(server, token, admin.id, seconds, repeats);
    return { backend, coldStartMs, apiRead, peakRssMb: Math.round(peakRss / 1024 / 1024) };
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
    '',
    '| backend | cold start (ms) | GET /api/auth/me req/s | bare select req/s | ratio (target ≥ 0.5) | app p50 / p99 (ms) | bare p50 / p99 (ms) | errors | server peak RSS (MB) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of results) {
    const a = r.apiRead.app;
    const b = r.apiRead.baseline;
    const ra = median(a.map((x) => x.requestsPerSecond));
    const rb = median(b.map((x) => x.requestsPerSecond));
    lines.push(
      `| ${r.backend} | ${r.coldStartMs} | ${ra.toFixed(0)} | ${rb.toFixed(0)} | ${(ra / rb).toFixed(2)} | ${median(a.map((x) => x.p50))} / ${median(a.map((x) => x.p99))} (worst ${Math.max(...a.map((x) => x.p99))}) | ${median(b.map((x) => x.p50))} / ${median(b.map((x) => x.p99))} | ${a.reduce((s, x) => s + x.non2xx, 0)} | ${r.peakRssMb} |`,
    );
  }
  lines.push(
    '',
    'GET /api/auth/me with an API token runs the whole stack: token lookup (SHA-256), the user and role queries, the central policy, and the schema-checked response. The bare route is Fastify with one single-row select of the same user on the same database.',
    'Cold start: process already running, from opening the database (migrations up to date are skipped; first-run reference data is loaded) to listening.',
    'Targets not yet measured (they need incidents at scale, imports and reports): see issue 9.',
  );
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
