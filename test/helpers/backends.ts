// Runs a test suite once per database backend: embedded PGlite always, and a real PostgreSQL
// server when DATABASE_URL names one. Each suite gets a fresh, migrated database of its own.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe } from 'vitest';
import {
  migrationsFolder,
  openDatabase,
  runMigrations,
  type BackendKind,
  type DatabaseHandle,
} from '../../src/db/connection.ts';

const serverUrl = process.env.DATABASE_URL;
let noticePrinted = false;

export interface BackendUnderTest {
  kind: BackendKind;
  /** Creates an empty database (not migrated) and returns how to open it. */
  createDatabase(): Promise<{ url: string | undefined; drop(): Promise<void> }>;
}

function serverDatabaseUrl(name: string): string {
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export function backendsUnderTest(): BackendUnderTest[] {
  const list: BackendUnderTest[] = [
    {
      kind: 'pglite',
      createDatabase: async () => ({ url: undefined, drop: async () => undefined }),
    },
  ];
  if (serverUrl) {
    list.push({
      kind: 'postgres',
      async createDatabase() {
        const name = `rapporteur_test_${randomBytes(6).toString('hex')}`;
        await adminQuery(`CREATE DATABASE ${name}`);
        return {
          url: serverDatabaseUrl(name),
          drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
        };
      },
    });
  } else if (!noticePrinted) {
    noticePrinted = true;
    console.warn(
      'NOTICE: DATABASE_URL is not set; the PostgreSQL-server leg of the database tests is not run.',
    );
  }
  return list;
}

export interface TestDatabase {
  handle: DatabaseHandle;
  kind: BackendKind;
  /** The server URL of this test's database (postgres only), for second connections. */
  url: string | undefined;
}

/**
 * A freshly migrated, empty PGlite cluster as an image, built once per set of migrations and
 * shared by every test process through a file: starting from it skips initdb and the
 * migrations, the slowest part of opening a test database on a busy 2-core machine.
 */
async function migratedPgliteImage(): Promise<Blob> {
  const files = fs.readdirSync(migrationsFolder, { recursive: true }).map(String).sort();
  const hash = createHash('sha256');
  for (const f of files) {
    const full = path.join(migrationsFolder, f);
    if (fs.statSync(full).isFile()) hash.update(f).update(fs.readFileSync(full));
  }
  const file = path.join(
    os.tmpdir(),
    `rapporteur-test-pglite-${hash.digest('hex').slice(0, 16)}.tar`,
  );
  if (!fs.existsSync(file)) {
    const handle = await openDatabase({ memory: true });
    try {
      await runMigrations(handle);
      const image = await handle.dumpImage!();
      const partial = `${file}.${process.pid}.partial`;
      fs.writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
      fs.renameSync(partial, file); // atomic: a concurrent worker sees all or nothing
    } finally {
      await handle.close();
    }
  }
  return new Blob([fs.readFileSync(file)]);
}

/** Opens a fresh migrated database on the given backend; the returned close() drops it. */
export async function openTestDatabase(
  backend: BackendUnderTest,
): Promise<TestDatabase & { close(): Promise<void> }> {
  const created = await backend.createDatabase();
  const memoryImage = backend.kind === 'pglite' ? await migratedPgliteImage() : undefined;
  const handle = await openDatabase({
    databaseUrl: created.url,
    memory: true,
    poolMax: 5,
    ...(memoryImage ? { memoryImage } : {}),
  });
  await runMigrations(handle);
  return {
    handle,
    kind: backend.kind,
    url: created.url,
    async close() {
      await handle.close();
      await created.drop();
    },
  };
}

/**
 * describe() once per backend. The callback receives a getter, valid inside tests and hooks,
 * for that suite's migrated database.
 */
export function describeEachBackend(title: string, suite: (db: () => TestDatabase) => void): void {
  for (const backend of backendsUnderTest()) {
    describe(`${title} [${backend.kind}]`, () => {
      let current: (TestDatabase & { close(): Promise<void> }) | undefined;
      beforeAll(async () => {
        current = await openTestDatabase(backend);
      }, 180_000);
      afterAll(async () => {
        await current?.close();
      });
      suite(() => {
        if (!current) throw new Error('test database not open yet');
        return current;
      });
    });
  }
}
