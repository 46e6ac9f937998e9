// `npx tsx bench/iom.ts`: the IOM Missing Migrants 2019 file imported end to end (hash, parse,
// checks, the all-or-nothing write with search vectors, facet copy and audit entry) into a
// fresh embedded database, three times; with DATABASE_URL also into fresh databases on that
// server. Issue 3's target: under 10 s on PGlite. Writes bench/iom-results.json.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { prepareDatabase } from '../src/app/bootstrap.ts';
import { systemActor } from '../src/db/audit.ts';
import { openDatabase, type DatabaseHandle } from '../src/db/connection.ts';
import { importIomFile, postByCode } from '../src/modules/iomImport/service.ts';

const FILE = path.resolve(import.meta.dirname, '../../shared/datasets/iom_mmp_global_2019.csv');
const RUNS = Number(process.env.BENCH_IOM_RUNS ?? 3);

async function once(handle: DatabaseHandle): Promise<{ ms: number; created: number }> {
  await prepareDatabase(handle, { adminPassword: 'bench-admin-password' });
  const post = await postByCode(handle.db, 'EMB-IT');
  const started = performance.now();
  const result = await importIomFile(handle.db, systemActor('bench'), {
    path: FILE,
    postId: post.id,
    countryCode: 'IT',
    dryRun: false,
  });
  const ms = performance.now() - started;
  if (result.errors.length)
    throw new Error(`the file did not import: ${result.errors.length} errors`);
  return { ms, created: result.created };
}

async function onPglite() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'rapporteur-bench-iom-'));
  const handle = await openDatabase({ dataDir: dir });
  try {
    return await once(handle);
  } finally {
    await handle.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function onServer(url: string, n: number) {
  const name = `rapporteur_bench_iom_${process.pid}_${n}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: target.toString() });
  try {
    return await once(handle);
  } finally {
    await handle.close();
    await admin.query(`drop database ${name}`);
    await admin.end();
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: Record<string, { runsMs: number[]; medianMs: number; created: number }> = {};
for (const backend of ['pglite', ...(process.env.DATABASE_URL ? ['postgres'] : [])]) {
  const runs: { ms: number; created: number }[] = [];
  for (let i = 0; i < RUNS; i++)
    runs.push(
      backend === 'pglite' ? await onPglite() : await onServer(process.env.DATABASE_URL!, i),
    );
  const runsMs = runs.map((r) => Math.round(r.ms));
  results[backend] = { runsMs, medianMs: median(runsMs), created: runs[0]!.created };
  console.log(
    `${backend}: IOM 2019 file, ${runs[0]!.created} incidents, median ${median(runsMs)} ms (runs ${runsMs.join(', ')} ms; target < 10,000 ms on PGlite)`,
  );
}
await writeFile(
  path.join(import.meta.dirname, 'iom-results.json'),
  JSON.stringify(
    {
      measuredAt: new Date().toISOString(),
      loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
      results,
    },
    null,
    2,
  ) + '\n',
);
