// Backup and restore: a database with data in every kind of column, and the attachment files
// its rows point to, come back exactly, on each backend and from the embedded database onto a
// PostgreSQL server; a restore that cannot be done whole is refused with nothing written, in
// the database or in the file store.
import { createHash, randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { sql, type SQL } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  backendsUnderTest,
  describeEachBackend,
  openTestDatabase,
  type BackendUnderTest,
} from '../../test/helpers/backends.ts';
import { Conflict, Invalid } from '../domain/errors.ts';
import { contentKey, LocalFileStore, type FileStore } from '../modules/attachments/fileStore.ts';
import { appendAudit, systemActor, verifyAuditChain } from './audit.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import { FILE_CHUNK_BYTES } from './backupFiles.ts';
import type { BackendKind, Database, Executor } from './connection.ts';
import {
  apiTokens,
  attachments,
  countries,
  populations,
  posts,
  regions,
  roleAssignments,
  sessions,
  settings,
  users,
} from './schema/index.ts';

// Tables the migrations do not have, made by the test in source and target alike: every kind of
// column the app may grow (generated, identity, bytea, json with line breaks, arrays), a
// self-referencing table whose children sort before their parents, and a table without a key.
const probeTables = [
  sql`CREATE TABLE backup_probe (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        blob bytea, amount numeric(40, 10), ratio double precision, stamp timestamptz,
        local_stamp timestamp, span interval, day date, doc json, docs json[], tags text[],
        grid integer[][], note text,
        search tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(note, ''))) STORED)`,
  sql`CREATE TABLE backup_probe_tree (
        id integer PRIMARY KEY, parent_id integer REFERENCES backup_probe_tree (id), label text)`,
  sql`CREATE TABLE backup_probe_log (at timestamptz, message text)`,
];

async function createProbeTables(db: Database): Promise<void> {
  for (const ddl of probeTables) await db.execute(ddl);
}

async function rowsOf<T>(db: Executor, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

// Attachment contents: a small document, one spanning several base64 lines of the backup (and
// shared by two attachments), and an empty file.
const attachmentFiles = [
  Buffer.from('%PDF-1.4\n% a small statement\n%%EOF\n'),
  randomBytes(FILE_CHUNK_BYTES * 3 + 1234),
  Buffer.alloc(0),
];

/** Every file of a file store folder with its SHA-256, by path: [] when there are none. */
async function storeContents(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = entries.filter((e) => e.isFile());
  return Promise.all(
    files.map(async (e) => {
      const file = path.join(e.parentPath, e.name);
      return `${path.relative(root, file)} ${sha256Of(await readFile(file))}`;
    }),
  ).then((list) => list.sort());
}

/** Arranges a small but varied installation: organisation, people, roles, settings, audit trail, attachments. */
async function fillDatabase(db: Database, store: FileStore): Promise<void> {
  const actor = systemActor('backup test');
  await db.transaction(async (tx) => {
    const [africa, europe] = await tx
      .insert(regions)
      .values([
        { code: 'AF', name: 'Africa' },
        { code: 'EUR', name: 'Europe and Eurasia' },
      ])
      .returning();
    await tx.insert(countries).values([
      {
        code: 'NE',
        alpha3: 'NER',
        numeric: '562',
        name: 'Niger',
        officialName: 'Republic of the Niger',
        regionId: africa!.id,
        independent: true,
        capital: 'Niamey',
        latitude: 17.6078,
        longitude: 8.0817,
      },
      {
        code: 'ML',
        alpha3: 'MLI',
        numeric: null,
        name: 'Mali',
        officialName: 'Republic of Mali',
        regionId: africa!.id,
        independent: true,
        capital: null,
        latitude: 0.1 + 0.2,
        longitude: -1e-300,
      },
      {
        code: 'IT',
        alpha3: 'ITA',
        numeric: '380',
        name: 'Italy',
        officialName: 'Italian Republic',
        regionId: europe!.id,
        independent: true,
        capital: 'Roma',
        latitude: 41.9,
        longitude: 12.5,
      },
    ]);
    const [niamey, bamako, rome] = await tx
      .insert(posts)
      .values([
        {
          code: 'NE-NIA',
          name: 'Embassy Niamey',
          kind: 'embassy',
          countryCode: 'NE',
          city: 'Niamey',
        },
        {
          code: 'ML-BKO',
          name: 'Embassy Bamako',
          kind: 'embassy',
          countryCode: 'ML',
          city: 'Bamako',
          active: false,
        },
        {
          code: 'IT-MIL',
          name: 'Consulate Milan',
          kind: 'consulate',
          countryCode: 'IT',
          city: 'Milano',
          createdAt: new Date('2020-02-29T23:59:59.999Z'),
        },
      ])
      .returning();
    await tx.insert(populations).values([
      { countryCode: 'NE', year: 2022, population: 26_207_977, source: 'World Bank, SP.POP.TOTL' },
      { countryCode: 'IT', year: 2022, population: 58_940_425, source: 'ISTAT' },
    ]);
    // Beyond 2^53: a value that would not survive a JavaScript number.
    await tx.execute(sql`INSERT INTO populations (country_code, year, population, source)
                         VALUES ('ML', 1900, 9223372036854775807, 'synthetic bound')`);
    const [zoe, omar] = await tx
      .insert(users)
      .values([
        {
          username: 'zoe',
          displayName: 'Zoë Ł’Ørsted 🌍',
          email: 'zoe@example.org',
          passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$abc$def',
          lockedUntil: new Date('2031-01-01T00:00:00.123Z'),
          failedLogins: 3,
        },
        {
          username: 'omar',
          displayName: 'Omar "Quote" \\ Backslash\nNew line',
          synthetic: true,
          mustChangePassword: true,
        },
      ])
      .returning();
    await tx.insert(roleAssignments).values([
      { userId: zoe!.id, role: 'reporter', postId: niamey!.id },
      { userId: zoe!.id, role: 'approver', postId: bamako!.id },
      { userId: omar!.id, role: 'reviewer', regionId: africa!.id },
      { userId: omar!.id, role: 'admin' },
    ]);
    await tx.insert(sessions).values({
      id: 'a'.repeat(64),
      userId: zoe!.id,
      csrfToken: 'csrf',
      expiresAt: new Date('2030-05-05T05:05:05.555Z'),
      ip: '::1',
      userAgent: 'Mozilla/5.0',
    });
    await tx.insert(apiTokens).values({
      userId: omar!.id,
      name: 'statistics feed',
      tokenHash: 'f'.repeat(64),
      prefix: 'rpt_ab',
      scopes: ['read', 'write'],
    });
    for (const bytes of attachmentFiles)
      await store.put(contentKey(sha256Of(bytes)), Readable.from([bytes]));
    const attachment = (bytes: Buffer, fileName: string, contentType: string) => ({
      ownerType: 'incident',
      ownerId: '6f1d3c9e-0000-4000-8000-000000000001',
      fileName,
      contentType,
      sizeBytes: bytes.length,
      sha256: sha256Of(bytes),
      storageKey: contentKey(sha256Of(bytes)),
      uploadedBy: zoe!.id,
    });
    await tx
      .insert(attachments)
      .values([
        attachment(attachmentFiles[0]!, 'statement.pdf', 'application/pdf'),
        attachment(attachmentFiles[1]!, 'photo.bin', 'application/octet-stream'),
        attachment(attachmentFiles[1]!, 'same photo again.bin', 'application/octet-stream'),
        attachment(attachmentFiles[2]!, 'empty.txt', 'text/plain'),
      ]);
    await tx.insert(settings).values({
      key: 'installation',
      value: {
        name: 'Rapporteur',
        posts: [rome!.code],
        nested: { ok: true, none: null, ratio: 2.5 },
      },
    });
    await tx.execute(sql`INSERT INTO settings (key, value)
                         VALUES ('exact', '{"big": 123456789012345678901234567890.123456789, "s": "tab\\there"}')`);
    for (const [entityType, entityId] of [
      ['region', africa!.id],
      ['user', zoe!.id],
      ['user', omar!.id],
      ['post', rome!.id],
    ] as const) {
      await appendAudit(tx, actor, {
        action: 'create',
        entityType,
        entityId,
        changes: { entityId, at: new Date('2024-01-01T00:00:00Z') },
      });
    }
  });
  // The last role assignment goes again: its id is not handed out twice, after a restore too.
  await db.transaction(async (tx) => {
    await tx.execute(
      sql`DELETE FROM role_assignments WHERE id = (SELECT max(id) FROM role_assignments)`,
    );
    await appendAudit(tx, actor, { action: 'delete', entityType: 'role_assignment' });
  });

  await db.execute(sql`INSERT INTO backup_probe (blob, amount, ratio, stamp, local_stamp, span, day, doc, docs, tags, grid, note)
    VALUES ('\\x00ff10'::bytea, 12345678901234567890.0123456789, 'Infinity', '2024-02-29 12:34:56.789012+05:30',
            '1999-12-31 23:59:59.999999', '1 year 2 mons 3 days 04:05:06.7', '0044-03-15',
            '{ "spaced" :  [1,   2],
  "line": "break" }', ARRAY[E'{\\n "a": 1}'::json, '[1,  2]'], '{"a,b",NULL,"\\"q\\"",""}', '{{1,2},{3,NULL}}', E'Caf\\u00e9 r\\u00e9sum\\u00e9\\r\\nline two'),
           (NULL, 'NaN', '-0', 'infinity', '-infinity', NULL, NULL, 'null', NULL, '{}', NULL, NULL),
           ('\\x'::bytea, -0.0000000001, 1e-300, NULL, NULL, '-1 days', '2038-01-19', '[]', '{}', NULL, '{}', '')`);
  // Children before parents in key order, across pages: loading needs deferred checks.
  await db.execute(sql`INSERT INTO backup_probe_tree (id, parent_id, label)
    SELECT g, CASE WHEN g < 10 THEN g + 1 END, 'node ' || g FROM generate_series(1, 10) g`);
  await db.execute(sql`INSERT INTO backup_probe_log (at, message)
    SELECT '2024-01-01'::timestamptz + g * interval '1 minute', 'same ' || (g % 3) FROM generate_series(1, 9) g`);
  await db.execute(
    sql`INSERT INTO backup_probe_log (at, message) VALUES (NULL, 'same 0'), (NULL, 'same 0')`,
  );
}

/** A content checksum per table, independent of the session's time zone and collation. */
async function tableChecksums(db: Database): Promise<Record<string, string>> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL TimeZone = 'UTC'`);
    await tx.execute(sql`SET LOCAL DateStyle = 'ISO, MDY'`);
    await tx.execute(sql`SET LOCAL IntervalStyle = 'postgres'`);
    const tables = await rowsOf<{ name: string }>(
      tx,
      sql`SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
    );
    const sums: Record<string, string> = {};
    for (const { name } of tables) {
      const table = sql.identifier(name);
      const [row] = await rowsOf<{ sum: string | null; n: string }>(
        tx,
        sql`SELECT md5(string_agg(t::text, '|' ORDER BY t::text COLLATE "C")) AS sum, count(*)::text AS n
              FROM ${table} t`,
      );
      sums[name] = `${row!.n}:${row!.sum ?? 'empty'}`;
    }
    return sums;
  });
}

async function sequenceStates(db: Database): Promise<Record<string, string | null>> {
  const rows = await rowsOf<{ name: string; value: string | null }>(
    db,
    sql`SELECT sequencename AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public'`,
  );
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}

function backendOf(kind: BackendKind): BackendUnderTest {
  const backend = backendsUnderTest().find((b) => b.kind === kind);
  if (!backend) throw new Error(`backend ${kind} is not under test`);
  return backend;
}

/** A freshly migrated target with the probe tables and an empty file store, closed (and dropped) by the test. */
async function openTarget(kind: BackendKind) {
  const target = await openTestDatabase(backendOf(kind));
  await createProbeTables(target.handle.db);
  const storeRoot = await mkdtemp(path.join(folder, 'target-files-'));
  return { ...target, storeRoot, store: new LocalFileStore(storeRoot) };
}

/** The backup with its lines changed by `edit`, written beside it. */
async function editedBackup(
  file: string,
  name: string,
  edit: (lines: string[]) => string[],
): Promise<string> {
  const edited = path.join(folder, name);
  await writeFile(edited, gzipSync(edit(await backupLines(file)).join('\n')));
  return edited;
}

/** Indexes of the lines of a backup that open a file section. */
function fileSectionLines(lines: string[]): number[] {
  return lines.flatMap((l, i) => (l.startsWith('{"file":') ? [i] : []));
}

function backupLines(file: string): Promise<string[]> {
  return readFile(file).then((gz) => gunzipSync(gz).toString('utf8').split('\n'));
}

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'rapporteur-backup-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describeEachBackend('backup and restore', (getDb) => {
  let file: string;
  let sourceSums: Record<string, string>;
  let sourceStoreRoot: string;
  let sourceStore: LocalFileStore;
  let sourceFiles: string[];

  beforeAll(async () => {
    const { db } = getDb().handle;
    sourceStoreRoot = await mkdtemp(path.join(folder, 'source-files-'));
    sourceStore = new LocalFileStore(sourceStoreRoot);
    await createProbeTables(db);
    await fillDatabase(db, sourceStore);
    sourceSums = await tableChecksums(db);
    sourceFiles = await storeContents(sourceStoreRoot);
    file = path.join(folder, `${getDb().kind}.backup.gz`);
  });

  it('restores every table and attachment file exactly into a fresh installation, audit chain intact', async () => {
    const { db } = getDb().handle;
    const written = await backupDatabase(db, file, { pageSize: 3, files: sourceStore });
    expect(written.tables).toBe(Object.keys(sourceSums).length);
    // Three stored files for four attachments: the shared one is in the backup once.
    expect(sourceFiles).toHaveLength(3);
    expect(written).toMatchObject({
      files: 3,
      fileBytes: attachmentFiles.reduce((n, b) => n + b.length, 0),
    });
    // One record a line, even where a json[] value holds raw line breaks.
    const lines = await backupLines(file);
    expect(lines.filter((l) => l.startsWith('"'))).toHaveLength(1);
    expect(fileSectionLines(lines)).toHaveLength(3);

    const target = await openTarget(getDb().kind);
    try {
      const restored = await restoreDatabase(target.handle.db, file, { files: target.store });
      expect(restored).toEqual(written);
      expect(await tableChecksums(target.handle.db)).toEqual(sourceSums);
      // Every file is back under its key, byte for byte.
      expect(await storeContents(target.storeRoot)).toEqual(sourceFiles);
      expect(await sequenceStates(target.handle.db)).toEqual(await sequenceStates(db));
      expect(await verifyAuditChain(target.handle.db)).toEqual({ ok: true, checked: 5 });
      // The self-reference was loaded with deferred checks, and is back to how the schema made it.
      const [tree] = await rowsOf<{ deferrable: boolean }>(
        target.handle.db,
        sql`SELECT condeferrable AS deferrable FROM pg_constraint WHERE conname = 'backup_probe_tree_parent_id_fkey'`,
      );
      expect(tree).toEqual({ deferrable: false });

      // A backup of the restored database holds the same records, line for line.
      const again = path.join(folder, `${getDb().kind}.again.gz`);
      await backupDatabase(target.handle.db, again, { pageSize: 3, files: target.store });
      expect((await backupLines(again)).slice(1)).toEqual(lines.slice(1));

      // The restored database carries on: the chain extends and ids are not reused.
      await target.handle.db.transaction((tx) =>
        appendAudit(tx, systemActor('after restore'), { action: 'check', entityType: 'system' }),
      );
      expect(await verifyAuditChain(target.handle.db)).toEqual({ ok: true, checked: 6 });
      const [next] = await rowsOf<{ id: number }>(
        target.handle.db,
        sql`INSERT INTO role_assignments (user_id, role) SELECT id, 'analyst' FROM users WHERE username = 'zoe' RETURNING id`,
      );
      expect(next!.id).toBe(5);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('refuses a target that already holds data, and changes nothing there', async () => {
    const target = await openTarget(getDb().kind);
    try {
      await target.handle.db.transaction(async (tx) => {
        await tx.insert(users).values({ username: 'existing', displayName: 'Existing User' });
        await appendAudit(tx, systemActor('test'), { action: 'create', entityType: 'user' });
      });
      const before = await tableChecksums(target.handle.db);
      const files = { files: target.store };
      await expect(restoreDatabase(target.handle.db, file, files)).rejects.toThrow(Conflict);
      await expect(restoreDatabase(target.handle.db, file, files)).rejects.toThrow(
        /already holds data/,
      );
      expect(await tableChecksums(target.handle.db)).toEqual(before);
      expect(await storeContents(target.storeRoot)).toEqual([]);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('refuses a target migrated to another schema version, and changes nothing there', async () => {
    const target = await openTarget(getDb().kind);
    try {
      await target.handle.db.execute(
        sql`INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ('a-later-migration', 0)`,
      );
      const before = await tableChecksums(target.handle.db);
      await expect(
        restoreDatabase(target.handle.db, file, { files: target.store }),
      ).rejects.toThrow(/different schema version/);
      expect(await tableChecksums(target.handle.db)).toEqual(before);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('refuses an incomplete or damaged backup file, leaving the target as it was', async () => {
    const lines = await backupLines(file);
    const withoutEnd = path.join(folder, `${getDb().kind}.no-end.gz`);
    await writeFile(withoutEnd, gzipSync(lines.slice(0, -2).join('\n') + '\n'));
    const cut = path.join(folder, `${getDb().kind}.cut.gz`);
    const gz = await readFile(file);
    await writeFile(cut, gz.subarray(0, Math.floor(gz.length * 0.8)));
    const notABackup = path.join(folder, `${getDb().kind}.text`);
    await writeFile(notABackup, 'hello');
    const target = await openTarget(getDb().kind);
    const files = { files: target.store };
    try {
      const before = await tableChecksums(target.handle.db);
      await expect(restoreDatabase(target.handle.db, withoutEnd, files)).rejects.toThrow(
        /incomplete/,
      );
      await expect(restoreDatabase(target.handle.db, cut, files)).rejects.toThrow(Invalid);
      await expect(restoreDatabase(target.handle.db, notABackup, files)).rejects.toThrow(Invalid);
      expect(await tableChecksums(target.handle.db)).toEqual(before);
      expect(await storeContents(target.storeRoot)).toEqual([]);
      // The target is still a good one: the untouched backup restores into it.
      await restoreDatabase(target.handle.db, file, files);
      expect(await tableChecksums(target.handle.db)).toEqual(sourceSums);
      expect(await storeContents(target.storeRoot)).toEqual(sourceFiles);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('refuses a backup whose attachment files are damaged, cut short or missing, leaving database and files as they were', async () => {
    const kind = getDb().kind;
    const lines = await backupLines(file);
    const sections = fileSectionLines(lines);
    const end = lines.findIndex((l) => l.startsWith('{"end":'));
    // The large file's section: its header, then several base64 lines.
    const large = sections.find(
      (i) => (JSON.parse(lines[i]!) as { size: number }).size > FILE_CHUNK_BYTES,
    )!;
    const largeKey = (JSON.parse(lines[large]!) as { file: string }).file;

    // One byte of the large file changed (a different, still valid base64 character).
    const flipped = await editedBackup(file, `${kind}.flipped.gz`, (l) =>
      l.map((text, i) => (i === large + 2 ? (text[0] === 'A' ? 'B' : 'A') + text.slice(1) : text)),
    );
    // Cut in the middle of the large file: no end record.
    const cutInFile = await editedBackup(file, `${kind}.cut-in-file.gz`, (l) =>
      l.slice(0, large + 2),
    );
    // A line of the large file dropped: shorter than its section declares.
    const lineDropped = await editedBackup(file, `${kind}.line-dropped.gz`, (l) =>
      l.filter((_, i) => i !== large + 1),
    );
    // The large file's whole section left out, the end record adjusted to match: rows point to
    // a file that is neither in the backup nor in the target's store.
    const sectionLeftOut = await editedBackup(file, `${kind}.no-section.gz`, (l) => {
      const next = [...sections, end].find((i) => i > large)!;
      const record = JSON.parse(l[end]!) as { files: number };
      return [
        ...l.slice(0, large),
        ...l.slice(next, end),
        JSON.stringify({ ...record, files: record.files - 1 }),
        ...l.slice(end + 1),
      ];
    });
    // Not base64 at all.
    const garbage = await editedBackup(file, `${kind}.garbage.gz`, (l) =>
      l.map((text, i) => (i === large + 1 ? `<${text.slice(1)}` : text)),
    );

    const target = await openTarget(kind);
    const files = { files: target.store };
    try {
      const before = await tableChecksums(target.handle.db);
      await expect(restoreDatabase(target.handle.db, flipped, files)).rejects.toThrow(
        new RegExp(`the file ${largeKey} is damaged in the backup`),
      );
      await expect(restoreDatabase(target.handle.db, cutInFile, files)).rejects.toThrow(
        /incomplete/,
      );
      await expect(restoreDatabase(target.handle.db, lineDropped, files)).rejects.toThrow(
        /is damaged in the backup/,
      );
      await expect(restoreDatabase(target.handle.db, sectionLeftOut, files)).rejects.toThrow(
        new RegExp(
          `1 attachment file\\(s\\) its records point to are neither in the backup nor in the target's file store \\(${largeKey}\\)`,
        ),
      );
      await expect(restoreDatabase(target.handle.db, garbage, files)).rejects.toThrow(
        /not base64 data/,
      );
      // Without a store to put them in, a backup with files is refused as well.
      await expect(restoreDatabase(target.handle.db, file)).rejects.toThrow(
        /no file store was given/,
      );
      expect(await tableChecksums(target.handle.db)).toEqual(before);
      expect(await storeContents(target.storeRoot)).toEqual([]);

      // A store that fills up after the first file: the files already put are taken out again.
      let puts = 0;
      const filling: FileStore = {
        put: async (key, content) => {
          if (++puts > 1) {
            content.destroy();
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          }
          await target.store.put(key, content);
        },
        get: (key) => target.store.get(key),
        delete: (key) => target.store.delete(key),
        exists: (key) => target.store.exists(key),
      };
      await expect(restoreDatabase(target.handle.db, file, { files: filling })).rejects.toThrow(
        /ENOSPC/,
      );
      expect(puts).toBe(2);
      expect(await tableChecksums(target.handle.db)).toEqual(before);
      expect(await storeContents(target.storeRoot)).toEqual([]);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('refuses to back up a database whose attachment file is missing or damaged, writing no file', async () => {
    const { db } = getDb().handle;
    const kind = getDb().kind;
    const largeKey = contentKey(sha256Of(attachmentFiles[1]!));
    const out = path.join(folder, `${kind}.refused.gz`);

    const missingRoot = await mkdtemp(path.join(folder, 'missing-files-'));
    await cp(sourceStoreRoot, missingRoot, { recursive: true });
    await rm(path.join(missingRoot, ...largeKey.split('/')));
    await expect(
      backupDatabase(db, out, { files: new LocalFileStore(missingRoot) }),
    ).rejects.toThrow(new RegExp(`attachment file ${largeKey} is missing from the file store`));
    await expect(readdir(folder)).resolves.not.toContain(`${kind}.refused.gz`);
    await expect(readdir(folder)).resolves.not.toContain(`${kind}.refused.gz.partial`);

    const damagedRoot = await mkdtemp(path.join(folder, 'damaged-files-'));
    await cp(sourceStoreRoot, damagedRoot, { recursive: true });
    const damaged = Buffer.from(attachmentFiles[1]!);
    damaged[1000] = damaged[1000]! ^ 0xff;
    await writeFile(path.join(damagedRoot, ...largeKey.split('/')), damaged);
    await expect(
      backupDatabase(db, out, { files: new LocalFileStore(damagedRoot) }),
    ).rejects.toThrow(new RegExp(`attachment file ${largeKey} is damaged in the file store`));
    await expect(readdir(folder)).resolves.not.toContain(`${kind}.refused.gz`);

    // Without the store, a database with attachments is not backed up at all.
    await expect(backupDatabase(db, out)).rejects.toThrow(/no file store was given/);
    await expect(readdir(folder)).resolves.not.toContain(`${kind}.refused.gz`);
  }, 120_000);
});

const server = backendsUnderTest().find((b) => b.kind === 'postgres');

describe('moving an embedded database onto a PostgreSQL server', () => {
  it.skipIf(!server)(
    'restores a PGlite backup onto the server exactly',
    async () => {
      const source = await openTestDatabase(backendOf('pglite'));
      const target = await openTarget('postgres');
      try {
        const sourceRoot = await mkdtemp(path.join(folder, 'pglite-files-'));
        const files = new LocalFileStore(sourceRoot);
        await createProbeTables(source.handle.db);
        await fillDatabase(source.handle.db, files);
        const file = path.join(folder, 'pglite-to-server.backup.gz');
        const written = await backupDatabase(source.handle.db, file, { files });
        expect(written.files).toBe(3);
        expect(await restoreDatabase(target.handle.db, file, { files: target.store })).toEqual(
          written,
        );
        expect(await storeContents(target.storeRoot)).toEqual(await storeContents(sourceRoot));
        expect(await tableChecksums(target.handle.db)).toEqual(
          await tableChecksums(source.handle.db),
        );
        expect(await sequenceStates(target.handle.db)).toEqual(
          await sequenceStates(source.handle.db),
        );
        expect(await verifyAuditChain(target.handle.db)).toEqual({ ok: true, checked: 5 });
      } finally {
        await target.close();
        await source.close();
      }
    },
    120_000,
  );
});
