// Logical backup and restore that round-trip a database exactly and work on both backends, so
// that a backup of the embedded (PGlite) database restores onto a PostgreSQL server: that is
// also the way from a trial installation to production. The file format: backupFormat.ts.
//
// PostgreSQL itself writes the rows (row_to_json) and reads them back (json_populate_record),
// so every type converts exactly, bytea, timestamps, numeric, bigint, arrays and jsonb included.
// The attachment files the rows point to travel in the same file, checked by their SHA-256 on
// the way out and on the way back in (backupFiles.ts).
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { getTableName, sql, type SQL } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { Conflict, Invalid } from '../domain/errors.ts';
import type { FileStore } from '../modules/attachments/fileStore.ts';
import {
  SCHEMA,
  identifierList,
  qualified,
  queryRows,
  readCatalog,
  readMigrations,
  readOwnedSequences,
  readSequences,
  type Catalog,
  type CatalogTable,
} from './backupCatalog.ts';
import { FileRestore, fileLines, referencedFiles } from './backupFiles.ts';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  READABLE_FORMAT_VERSIONS,
  describeTable,
  endLine,
  fileLine,
  headerLine,
  jsonOf,
  pageLine,
  parseLine,
  readLines,
  tableLine,
  type BackupHeader,
  type EndRecord,
  type Line,
  type TableSection,
} from './backupFormat.ts';
import type { Database, Executor, Tx } from './connection.ts';
import { auditHead, auditLog } from './schema/index.ts';

export interface BackupSummary {
  tables: number;
  rows: number;
  /** Attachment files in the backup, and their bytes. */
  files: number;
  fileBytes: number;
}

export interface BackupOptions {
  /** Rows per page: the memory bound when reading, and the batch size of the restore. */
  pageSize?: number;
  /**
   * Where the attachment files live. Every file an attachment row points to goes into the
   * backup; without a store, a database that has attachments is refused.
   */
  files?: FileStore;
}

export interface RestoreOptions {
  /** Where the backup's attachment files go; needed when the backup holds any. */
  files?: FileStore;
}

// The audit log refuses DELETE (append-only): a restore target must not hold entries at all.
// Its head row is seeded by a migration and is overwritten rather than deleted.
const appendOnlyTable = getTableName(auditLog);
const overwrittenTables = new Set<string>([getTableName(auditHead)]);

/**
 * Writes every table of the `public` schema to outFile. Given a Database it reads one consistent
 * snapshot (a repeatable-read, read-only transaction); given a transaction it reads within it.
 * The file appears only when complete.
 */
export async function backupDatabase(
  db: Executor,
  outFile: string,
  options: BackupOptions = {},
): Promise<BackupSummary> {
  const pageSize = options.pageSize ?? 1000;
  if (!Number.isInteger(pageSize) || pageSize < 1)
    throw new RangeError('pageSize must be a positive integer');
  const partial = `${outFile}.partial`;
  const summary: BackupSummary = { tables: 0, rows: 0, files: 0, fileBytes: 0 };
  const write = (tx: Executor) =>
    pipeline(
      backupLines(tx, pageSize, options.files, summary),
      createGzip(),
      createWriteStream(partial),
    );
  try {
    if (db instanceof PgTransaction) await write(db);
    else
      await db.transaction(write, { isolationLevel: 'repeatable read', accessMode: 'read only' });
    await rename(partial, outFile);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  return summary;
}

async function* backupLines(
  tx: Executor,
  pageSize: number,
  store: FileStore | undefined,
  summary: BackupSummary,
): AsyncGenerator<string> {
  const migrations = await readMigrations(tx);
  if (!migrations)
    throw new Conflict('the database has never been migrated: there is nothing to back up');
  const files = await referencedFiles(tx);
  if (files.length > 0 && !store) {
    throw new Conflict(
      `the database has ${files.length} attachment files, but no file store was given to back them up from`,
    );
  }
  const catalog = await readCatalog(tx);
  const [server] = await queryRows<{ version: string }>(
    tx,
    sql`SELECT current_setting('server_version') AS version`,
  );
  const header: BackupHeader = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    postgresVersion: server?.version ?? 'unknown',
    migrations,
    tables: catalog.tables.map(describeTable),
  };
  yield `${JSON.stringify(header)}\n`;
  const rows: Record<string, number> = {};
  for (const table of catalog.tables) {
    yield `${JSON.stringify(describeTable(table))}\n`;
    let count = 0;
    for await (const page of readPages(tx, table, pageSize)) {
      count += page.length;
      yield pageLine(page);
    }
    rows[table.name] = count;
    summary.tables += 1;
    summary.rows += count;
  }
  if (store) yield* fileLines(store, files, summary);
  // Read last: sequences only move forward, so these are at or past every id in the snapshot.
  const end: EndRecord = {
    end: true,
    rows,
    sequences: await readSequences(tx),
    files: summary.files,
  };
  yield `${JSON.stringify(end)}\n`;
}

/**
 * The select list of a backup. A json or jsonb value is written as its text: row_to_json would
 * embed it as JSON, and json_populate_record would then read a JSON `null` back as SQL NULL.
 */
function columnsAsWritten(table: CatalogTable): SQL {
  return sql.join(
    table.columns.map((c) =>
      table.json.has(c)
        ? sql`${sql.identifier(c)}::text AS ${sql.identifier(c)}`
        : sql.identifier(c),
    ),
    sql`, `,
  );
}

/** Pages of row_to_json texts, in primary-key order, each page fetched after the last key. */
async function* readPages(
  tx: Executor,
  table: CatalogTable,
  pageSize: number,
): AsyncGenerator<string[]> {
  const columns = columnsAsWritten(table);
  const from = qualified(table.name);
  const keyed =
    table.primaryKey.length > 0 &&
    table.primaryKey.every((c) => table.columns.includes(c) && !table.json.has(c));
  if (!keyed) {
    yield* readPagesWithCursor(tx, sql`SELECT ${columns} FROM ${from}`, pageSize);
    return;
  }
  const key = identifierList(table.primaryKey);
  let last: string | undefined;
  for (;;) {
    // The key of the last row is read back out of its own JSON, so it keeps its exact type.
    const after =
      last === undefined
        ? sql``
        : sql`WHERE (${key}) > (SELECT ${key} FROM json_populate_record(null::${from}, ${last}::json))`;
    const result = await queryRows<{ row: string }>(
      tx,
      sql`SELECT row_to_json(t)::text AS row
            FROM (SELECT ${columns} FROM ${from} ${after} ORDER BY ${key} LIMIT ${pageSize}) t`,
    );
    const page = result.map((r) => r.row);
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    last = page[page.length - 1];
  }
}

/** Tables without a primary key: a cursor, ordered by the row's text so backups are reproducible. */
async function* readPagesWithCursor(
  tx: Executor,
  select: SQL,
  pageSize: number,
): AsyncGenerator<string[]> {
  const cursor = sql.identifier('rapporteur_backup_rows');
  await tx.execute(
    sql`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM (${select}) t ORDER BY 1`,
  );
  for (;;) {
    // FETCH takes no bind parameters; pageSize is a checked positive integer.
    const result = await queryRows<{ row: string }>(
      tx,
      sql`FETCH FORWARD ${sql.raw(String(pageSize))} FROM ${cursor}`,
    );
    if (result.length > 0) yield result.map((r) => r.row);
    if (result.length < pageSize) break;
  }
  await tx.execute(sql`CLOSE ${cursor}`);
}

/**
 * Loads a backup into a freshly migrated, empty database whose migrations equal the backup's,
 * in one transaction: it is restored completely or not at all.
 */
export async function restoreDatabase(
  db: Database,
  inFile: string,
  options: RestoreOptions = {},
): Promise<BackupSummary> {
  const lines = readLines(inFile);
  const files = new FileRestore(options.files);
  try {
    const first = await lines.next();
    const header = parseLine(first.done ? undefined : first.value, headerLine, 'header');
    if (!READABLE_FORMAT_VERSIONS.includes(header.formatVersion)) {
      throw Invalid.field(
        'formatVersion',
        `the backup has format version ${header.formatVersion}; this Rapporteur reads versions ${READABLE_FORMAT_VERSIONS.join(' and ')}`,
      );
    }
    return await db.transaction((tx) => loadBackup(tx, header, lines, files));
  } catch (err) {
    // The database rolled back; the files this restore put into the store go too.
    await files.undo();
    throw err;
  } finally {
    await files.dispose();
    await lines.return(undefined);
  }
}

async function loadBackup(
  tx: Tx,
  header: BackupHeader,
  lines: AsyncGenerator<Line>,
  files: FileRestore,
): Promise<BackupSummary> {
  const catalog = await checkTarget(tx, header);
  const tables = new Map(catalog.tables.map((t) => [t.name, t]));
  const deferred = catalog.backwardForeignKeys;
  for (const fk of deferred.filter((f) => !f.deferrable)) {
    await tx.execute(
      sql`ALTER TABLE ${qualified(fk.table)} ALTER CONSTRAINT ${sql.identifier(fk.name)} DEFERRABLE`,
    );
  }
  const deferredNames = sql.join(
    deferred.map((fk) => qualified(fk.name)),
    sql`, `,
  );
  if (deferred.length > 0) await tx.execute(sql`SET CONSTRAINTS ${deferredNames} DEFERRED`);

  // Rows seeded by migrations make way for the backup's own, children before parents.
  for (const table of [...catalog.tables].reverse()) {
    if (table.name !== appendOnlyTable && !overwrittenTables.has(table.name)) {
      await tx.execute(sql`DELETE FROM ${qualified(table.name)}`);
    }
  }

  let section: CatalogTable | undefined;
  let sections = 0;
  let end: EndRecord | undefined;
  for await (const line of lines) {
    if (end) throw Invalid.field(`line ${line.number}`, 'unexpected data after the end record');
    if (line.text.startsWith('{')) {
      await files.finish();
      const record = jsonOf(line) as Record<string, unknown>;
      if ('end' in record) {
        end = parseLine(line, endLine, 'end record');
        continue;
      }
      if ('file' in record && header.formatVersion >= 2) {
        if (sections !== header.tables.length)
          throw Invalid.field(`line ${line.number}`, 'a file section before the last table');
        section = undefined;
        await files.begin(parseLine(line, fileLine, 'file section'), line);
        continue;
      }
      const { table } = parseLine(line, tableLine, 'table section');
      if (table !== header.tables[sections]?.table) {
        throw Invalid.field(
          `line ${line.number}`,
          `table "${table}" is not the next one the header lists`,
        );
      }
      section = tables.get(table)!;
      sections += 1;
    } else {
      if (await files.chunk(line)) continue;
      if (!section) throw Invalid.field(`line ${line.number}`, 'rows before any table section');
      const page = line.text.startsWith('"') ? jsonOf(line) : line.text;
      if (typeof page !== 'string' || !page.startsWith('[')) {
        throw Invalid.field(`line ${line.number}`, 'not a page of rows');
      }
      await tx.execute(insertPage(section, page));
    }
  }
  if (!end || sections !== header.tables.length) {
    throw Invalid.field('end', 'the backup file is incomplete (it ends before its end record)');
  }

  const summary = await checkRowCounts(tx, catalog, end.rows);
  await restoreSequences(tx, end.sequences);
  if (deferred.length > 0) await tx.execute(sql`SET CONSTRAINTS ${deferredNames} IMMEDIATE`);
  for (const fk of deferred.filter((f) => !f.deferrable)) {
    await tx.execute(
      sql`ALTER TABLE ${qualified(fk.table)} ALTER CONSTRAINT ${sql.identifier(fk.name)} NOT DEFERRABLE`,
    );
  }
  // Last, so that little can fail after the files are in the store. Version 1 backups hold no
  // files: their attachments folder was copied on its own.
  if (header.formatVersion >= 2) await files.complete(tx, end.files);
  return { ...summary, files: files.count, fileBytes: files.bytes };
}

/** Refuses, before anything is written, a target that is not an empty twin of the backup's database. */
async function checkTarget(tx: Tx, header: BackupHeader): Promise<Catalog> {
  const migrations = await readMigrations(tx);
  if (!migrations)
    throw new Conflict('the target database is not migrated: run `rapporteur migrate` first');
  if (migrations.join() !== header.migrations.join()) {
    throw new Conflict(
      `the backup was made at a different schema version (${header.migrations.length} migrations, ` +
        `the target has ${migrations.length}): restore into a database migrated by the same Rapporteur version`,
    );
  }
  const catalog = await readCatalog(tx);
  const differences = tableDifferences(catalog, header);
  if (differences.length > 0) {
    throw new Conflict(`the target's tables differ from the backup's: ${differences.join('; ')}`);
  }
  await tx.execute(
    sql`LOCK TABLE ${sql.join(
      catalog.tables.map((t) => qualified(t.name)),
      sql`, `,
    )} IN ACCESS EXCLUSIVE MODE`,
  );
  if (catalog.tables.some((t) => t.name === appendOnlyTable)) {
    const [audit] = await queryRows<{ entries: string }>(
      tx,
      sql`SELECT count(*)::text AS entries FROM ${qualified(appendOnlyTable)}`,
    );
    if (audit && audit.entries !== '0') {
      throw new Conflict(
        `the target database already holds data (${audit.entries} audit entries): ` +
          'restore only into a freshly migrated, empty database',
      );
    }
  }
  return catalog;
}

function tableDifferences(catalog: Catalog, header: BackupHeader): string[] {
  const shape = (t: TableSection) =>
    `${[...t.columns].sort().join()} / ${[...t.json].sort().join()}`;
  const target = new Map(catalog.tables.map((t) => [t.name, shape(describeTable(t))]));
  const backup = new Map(header.tables.map((t) => [t.table, shape(t)]));
  const differences: string[] = [];
  for (const [name, columns] of backup) {
    if (!target.has(name)) differences.push(`table "${name}" is missing`);
    else if (target.get(name) !== columns) differences.push(`table "${name}" has other columns`);
  }
  for (const name of target.keys())
    if (!backup.has(name)) differences.push(`table "${name}" is not in the backup`);
  return differences;
}

function insertPage(table: CatalogTable, page: string): SQL {
  const target = qualified(table.name);
  const columns = identifierList(table.columns);
  // json_populate_record converts each value exactly as PostgreSQL's own input would; json and
  // jsonb values, written as text, are parsed from that text.
  const values = sql.join(
    table.columns.map((c) => {
      const type = table.json.get(c);
      if (!type) return sql`x.${sql.identifier(c)}`;
      const text = sql`(r.value ->> ${c})`;
      return type === 'json' ? sql`${text}::json` : sql`${text}::jsonb`;
    }),
    sql`, `,
  );
  const overwrite = overwrittenTables.has(table.name)
    ? sql` ON CONFLICT (${identifierList(table.primaryKey)}) DO UPDATE SET ${sql.join(
        table.columns
          .filter((c) => !table.primaryKey.includes(c))
          .map((c) => sql`${sql.identifier(c)} = EXCLUDED.${sql.identifier(c)}`),
        sql`, `,
      )}`
    : sql``;
  // OVERRIDING SYSTEM VALUE: identity columns GENERATED ALWAYS take the backup's values too.
  return sql`INSERT INTO ${target} (${columns}) OVERRIDING SYSTEM VALUE
             SELECT ${values}
               FROM json_array_elements(${page}::json) AS r(value)
               CROSS JOIN LATERAL json_populate_record(null::${target}, r.value) AS x${overwrite}`;
}

async function checkRowCounts(
  tx: Tx,
  catalog: Catalog,
  expected: Record<string, number>,
): Promise<Pick<BackupSummary, 'tables' | 'rows'>> {
  let rows = 0;
  for (const table of catalog.tables) {
    const [count] = await queryRows<{ n: string }>(
      tx,
      sql`SELECT count(*)::text AS n FROM ${qualified(table.name)}`,
    );
    const actual = Number(count?.n);
    if (actual !== expected[table.name]) {
      throw Invalid.field(
        table.name,
        `the restore produced ${actual} rows where the backup lists ${expected[table.name] ?? 'none'}`,
      );
    }
    rows += actual;
  }
  return { tables: catalog.tables.length, rows };
}

async function restoreSequences(tx: Tx, sequences: EndRecord['sequences']): Promise<void> {
  for (const { name, lastValue } of sequences) {
    const sequence = sql`format('%I.%I', ${SCHEMA}::text, ${name}::text)::regclass`;
    await tx.execute(
      lastValue === null
        ? sql`SELECT setval(${sequence}, start_value, false) FROM pg_sequences
               WHERE schemaname = ${SCHEMA} AND sequencename = ${name}`
        : sql`SELECT setval(${sequence}, ${lastValue}::bigint, true)`,
    );
  }
  // A serial or identity column must never hand out an id that is already taken, whatever the
  // backup said about its sequence.
  for (const owned of await readOwnedSequences(tx)) {
    await tx.execute(
      sql`SELECT setval(format('%I.%I', ${SCHEMA}::text, ${owned.sequence}::text)::regclass, m)
            FROM (SELECT max(${sql.identifier(owned.column)}) AS m FROM ${qualified(owned.table)}) x
           WHERE m >= (SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END
                         FROM ${qualified(owned.sequence)})`,
    );
  }
}
