// The backup file format: gzip'd NDJSON, one record a line.
//
//   {"format":"rapporteur-backup","formatVersion":1,"migrations":[…],"tables":[…],…}  header
//   {"table":"regions","columns":["id","code","name"],"json":[]}  a section per table
//   [{"id":1,…},{"id":2,…}]       a page of the table's rows, as row_to_json made them
//   {"file":"sha256/ab/cd/abcd…","sha256":"abcd…","size":1234}  a section per attachment file
//   AAECAwQF…                     its bytes, base64 (see backupFiles.ts)
//   {"end":true,"rows":{"regions":6,…},"sequences":[…],"files":3}  last line: the file is complete
//
// Table sections come parents first, then the file sections (format version 2; version 1
// backups hold no files and are still read). Control records are objects; pages are arrays, or a JSON string
// holding the array when its text has a line break. Rows are never parsed in JavaScript, so no
// value passes through a JavaScript number.
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { z } from 'zod';
import { Invalid } from '../domain/errors.ts';
import type { CatalogTable } from './backupCatalog.ts';

export const BACKUP_FORMAT = 'rapporteur-backup';
export const BACKUP_FORMAT_VERSION = 2;
/** Versions this Rapporteur restores: 1 is version 2 without attachment files. */
export const READABLE_FORMAT_VERSIONS = [1, 2];

// `json` names the json and jsonb columns, written as their text (see columnsAsWritten in
// backup.ts).
export const tableLine = z.object({
  table: z.string(),
  columns: z.array(z.string()),
  json: z.array(z.string()),
});
export const headerLine = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int(),
  createdAt: z.string(),
  postgresVersion: z.string(),
  migrations: z.array(z.string()),
  tables: z.array(tableLine),
});
export const endLine = z.object({
  end: z.literal(true),
  rows: z.record(z.string(), z.number().int()),
  sequences: z.array(z.object({ name: z.string(), lastValue: z.string().nullable() })),
  /** The number of file sections (format version 2). */
  files: z.number().int().nonnegative().optional(),
});
export const fileLine = z.object({
  file: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  size: z.number().int().nonnegative(),
});
export type BackupHeader = z.infer<typeof headerLine>;

export type TableSection = z.infer<typeof tableLine>;
export type EndRecord = z.infer<typeof endLine>;
export type FileSection = z.infer<typeof fileLine>;

export function describeTable(table: CatalogTable): TableSection {
  return { table: table.name, columns: table.columns, json: [...table.json.keys()] };
}

export function pageLine(rows: string[]): string {
  const page = `[${rows.join(',')}]`;
  // A json[] array keeps its elements' text verbatim, line breaks included. Such a page is
  // written as a JSON string instead, so that every line of the file stays one record.
  return `${/[\r\n]/.test(page) ? JSON.stringify(page) : page}\n`;
}

export interface Line {
  text: string;
  number: number;
}

export function jsonOf(line: Line): unknown {
  try {
    return JSON.parse(line.text);
  } catch {
    throw Invalid.field(`line ${line.number}`, 'not valid JSON');
  }
}

export function parseLine<T>(line: Line | undefined, schema: z.ZodType<T>, what: string): T {
  if (!line) throw Invalid.field('header', 'the backup file is empty');
  const parsed = schema.safeParse(line.text.startsWith('{') ? jsonOf(line) : undefined);
  if (!parsed.success) {
    throw Invalid.field(
      `line ${line.number}`,
      line.number === 1 ? 'not a Rapporteur backup (no backup header)' : `not a valid ${what}`,
    );
  }
  return parsed.data;
}

export async function* readLines(file: string): AsyncGenerator<Line> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  source.on('error', (err) => gunzip.destroy(err));
  source.pipe(gunzip).setEncoding('utf8');
  let rest = '';
  let number = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        yield { text: text.slice(start, end), number: ++number };
        start = end + 1;
      }
      rest = text.slice(start);
    }
  } catch (err) {
    throw Invalid.field('file', `cannot read the backup ${file}: ${(err as Error).message}`);
  } finally {
    source.destroy();
  }
  if (rest) yield { text: rest, number: ++number };
}
