// Opens the database: PGlite in a data folder when no DATABASE_URL is set, a PostgreSQL
// server through a node-postgres pool when it is. Everything above this file sees one type.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql, type ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema/index.ts';
import { lockDataDir, type DataDirLock } from './dataDirLock.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a query can run on: the database or an open transaction. */
export type Executor = Database | Tx;

export type BackendKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  kind: BackendKind;
  /** Where the data lives, for messages: a folder or a server address without password. */
  location: string;
  /** PGlite only: the whole cluster as a tarball, for fast test fixtures. */
  dumpImage?: () => Promise<Blob | File>;
  /**
   * Runs `fn` while holding a cluster-wide lock named by `key`, so that several app instances
   * starting at once against one server migrate and seed one at a time. PGlite's folder lock
   * already makes its process the only one.
   */
  exclusive<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const migrationsFolder = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'migrations',
);

export interface OpenOptions {
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** In-memory PGlite for tests that need no folder. */
  memory?: boolean;
  /** With `memory`: start from this image (from `dumpImage`) instead of an empty cluster. */
  memoryImage?: Blob;
  poolMax?: number;
}

export async function openDatabase(options: OpenOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openServer(options.databaseUrl, options.poolMax ?? 10);
  if (options.memory) return openPglite(undefined, undefined, options.memoryImage);
  if (!options.dataDir) throw new Error('openDatabase needs a databaseUrl, a dataDir or memory');
  const lock = lockDataDir(options.dataDir);
  try {
    return await openPglite(path.join(options.dataDir, 'pgdata'), lock);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function openPglite(
  dir: string | undefined,
  lock: DataDirLock | undefined,
  image?: Blob,
): Promise<DatabaseHandle> {
  const client = await PGlite.create({
    ...(dir ? { dataDir: dir } : {}),
    ...(image ? { loadDataDir: image } : {}),
    extensions: { pg_trgm, unaccent },
    // Complex DDL fails with PGlite's 16 MB default ("memory access out of bounds").
    initialMemory: 256 * 1024 * 1024,
    // PostgreSQL's 128 MB of shared buffers are all resident in the process from the start; at
    // 32 MB the server's memory under load is about 120 MB less (bench/results.md), and pages
    // beyond that are read again from the operating system's file cache.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
  });
  const db = drizzlePglite(client, { schema }) as unknown as Database;
  let closed = false;
  return {
    db,
    kind: 'pglite',
    location: dir ?? 'memory',
    dumpImage: () => client.dumpDataDir('none'),
    exclusive: (_key, fn) => fn(),
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openServer(url: string, poolMax: number): Promise<DatabaseHandle> {
  const pool = new pg.Pool({ connectionString: url, max: poolMax });
  // A dropped connection must not crash the process; queries on it fail and the pool recovers.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Database;
  let closed = false;
  const safe = new URL(url);
  safe.password = '';
  return {
    db,
    kind: 'postgres',
    location: safe.toString(),
    async exclusive(key, fn) {
      const client = await pool.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [key]);
        try {
          return await fn();
        } finally {
          await client.query('select pg_advisory_unlock($1)', [key]);
        }
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** True when every migration shipped with this version is already applied. */
export async function migrationsUpToDate(handle: DatabaseHandle): Promise<boolean> {
  const journal = JSON.parse(
    fs.readFileSync(path.join(migrationsFolder, 'meta', '_journal.json'), 'utf8'),
  ) as {
    entries: { when: number }[];
  };
  const latest = Math.max(...journal.entries.map((e) => e.when));
  const result = (await handle.db.execute(
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as present`,
  )) as unknown as { rows: { present: boolean }[] };
  if (!result.rows[0]?.present) return false;
  const applied = (await handle.db.execute(
    sql`select coalesce(max(created_at), 0)::text as latest from drizzle.__drizzle_migrations`,
  )) as unknown as { rows: { latest: string }[] };
  return Number(applied.rows[0]?.latest ?? 0) >= latest;
}

export async function runMigrations(handle: DatabaseHandle): Promise<void> {
  // Skipping when up to date lets an app role that owns nothing start (see appRole.ts).
  if (await migrationsUpToDate(handle)) return;
  if (handle.kind === 'pglite') {
    await migratePglite(handle.db as never, { migrationsFolder });
  } else {
    await migratePg(handle.db as never, { migrationsFolder });
  }
}
