// Reads a statistical table row by row without holding the file: CSV through csv-parse
// (decoded as UTF-8 with or without BOM, or Latin-1), XLSX through exceljs' streaming
// WorkbookReader. Every row comes out as its cells' text, with its 1-based row number as a
// spreadsheet would show it. Bytes read are reported for progress; the SHA-256 of the file is
// computed on the way.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import chardet from 'chardet';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { Invalid } from '../../domain/errors.ts';

export type FileEncoding = 'utf-8' | 'latin1';

export interface RawRow {
  row: number;
  cells: string[];
}

export interface ReadProgress {
  bytesRead: number;
  totalBytes: number;
}

/** A file that is not what its mapping says: refused as a whole, naming where. */
export class FileProblem extends Invalid {
  constructor(
    readonly row: number,
    message: string,
  ) {
    super([{ field: `row ${row}`, message }]);
  }
}

/**
 * Checks that the whole file decodes as UTF-8; if not, returns the first line that does not.
 * Reads the file once, streaming (a few hundred MB/s).
 */
export async function firstNonUtf8Line(path: string): Promise<number | null> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let carry: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, {
    highWaterMark: 1 << 20,
  }) as AsyncIterable<Buffer>) {
    try {
      decoder.decode(chunk, { stream: true });
    } catch {
      // Find the line: decode this chunk's lines one by one (with what the previous chunk left).
      const buf = Buffer.concat([carry, chunk]);
      let start = 0;
      for (let i = 0; i <= buf.length; i++) {
        if (i === buf.length || buf[i] === 0x0a) {
          try {
            new TextDecoder('utf-8', { fatal: true }).decode(buf.subarray(start, i));
          } catch {
            return line;
          }
          line += 1;
          start = i + 1;
        }
      }
      return line;
    }
    const lastNl = chunk.lastIndexOf(0x0a);
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) line += 1;
    carry = lastNl === -1 ? Buffer.concat([carry, chunk]) : chunk.subarray(lastNl + 1);
    if (carry.length > 1 << 20) carry = carry.subarray(carry.length - (1 << 20));
  }
  try {
    decoder.decode();
  } catch {
    return line;
  }
  return null;
}

/**
 * The encoding to read a CSV with. `auto`: UTF-8 when every byte sequence is valid UTF-8 (a BOM
 * is dropped by the parser), else Latin-1 when chardet recognises a single-byte Western
 * encoding. A declared UTF-8 that is not refuses the file naming the first bad line.
 */
export async function resolveEncoding(
  path: string,
  declared: 'auto' | FileEncoding,
): Promise<FileEncoding> {
  if (declared === 'latin1') return 'latin1';
  const bad = await firstNonUtf8Line(path);
  if (bad === null) return 'utf-8';
  const sample = await readHead(path, 256 * 1024);
  const guess = chardet.detect(sample) ?? 'unknown';
  if (declared === 'utf-8')
    throw new FileProblem(
      bad,
      `line ${bad} is not valid UTF-8 (the file looks like ${guess}); import it with encoding "latin1" or "auto"`,
    );
  if (
    /^(ISO-8859-1|ISO-8859-15|windows-1252)$/i.test(guess) ||
    /^ISO-8859|windows-125/i.test(guess)
  )
    return 'latin1';
  throw new FileProblem(
    bad,
    `line ${bad} is not valid UTF-8 and the encoding (${guess}) is not one this importer reads (UTF-8, Latin-1)`,
  );
}

async function readHead(path: string, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of createReadStream(path, {
    start: 0,
    end: bytes - 1,
  }) as AsyncIterable<Buffer>) {
    parts.push(chunk);
    n += chunk.length;
  }
  return Buffer.concat(parts, n);
}

/** Counts bytes and hashes them as they pass. */
function meter(onBytes: (n: number) => void, hash: ReturnType<typeof createHash>) {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

export interface ReadOptions {
  format: 'csv' | 'xlsx';
  encoding: FileEncoding;
  delimiter: string;
  sheet?: string | undefined;
  onProgress?: (p: ReadProgress) => void;
  signal?: AbortSignal | undefined;
}

export interface TableSource {
  rows: AsyncIterable<RawRow>;
  /** Hex SHA-256 of the bytes read; complete once `rows` is exhausted (CSV) or the file read. */
  sha256: () => string;
  totalBytes: number;
}

export async function openTable(path: string, options: ReadOptions): Promise<TableSource> {
  const totalBytes = (await stat(path)).size;
  const hash = createHash('sha256');
  let bytesRead = 0;
  let lastReport = 0;
  const onBytes = (n: number) => {
    bytesRead += n;
    if (options.onProgress && (bytesRead - lastReport > 256 * 1024 || bytesRead === totalBytes)) {
      lastReport = bytesRead;
      options.onProgress({ bytesRead, totalBytes });
    }
  };
  const input = createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(meter(onBytes, hash));
  let digest: string | null = null;
  const sha256 = () => (digest ??= hash.digest('hex'));
  const rows = options.format === 'csv' ? csvRows(input, options) : xlsxRows(input, options.sheet);
  return { rows, sha256, totalBytes };
}

async function* csvRows(
  input: NodeJS.ReadableStream,
  options: ReadOptions,
): AsyncGenerator<RawRow> {
  const decoder = new TextDecoder(options.encoding === 'latin1' ? 'windows-1252' : 'utf-8');
  const decode = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, decoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      done(null, decoder.decode());
    },
  });
  const parser = input.pipe(decode).pipe(
    parse({
      bom: true,
      delimiter: options.delimiter,
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
    }),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (options.signal?.aborted) {
      parser.destroy();
      throw new ImportCancelled();
    }
    yield { row: info.lines, cells: record };
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as {
      richText?: { text: string }[];
      result?: unknown;
      text?: unknown;
      error?: string;
    };
    if (v.richText) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result);
    if ('text' in v) return cellText(v.text);
    if (v.error) return v.error;
  }
  return String(value as string);
}

async function* xlsxRows(
  input: NodeJS.ReadableStream,
  sheet: string | undefined,
): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(
    input as never,
    {
      sharedStrings: 'cache',
      worksheets: 'emit',
      hyperlinks: 'ignore',
      styles: 'ignore',
      entries: 'ignore',
    } as never,
  );
  const seen: string[] = [];
  for await (const ws of reader as unknown as AsyncIterable<
    AsyncIterable<ExcelJS.Row> & { name: string }
  >) {
    seen.push(ws.name);
    if (sheet !== undefined && ws.name !== sheet) {
      // The reader must be drained sheet by sheet; these rows are not ours.
      for await (const _row of ws) void _row;
      continue;
    }
    for await (const row of ws) {
      const values = row.values as unknown[];
      const cells: string[] = [];
      for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
      yield { row: row.number, cells };
    }
    return;
  }
  throw new FileProblem(
    1,
    sheet === undefined
      ? 'the workbook has no sheet'
      : `the workbook has no sheet "${sheet}" (sheets: ${seen.join(', ')})`,
  );
}

export class ImportCancelled extends Error {
  constructor() {
    super('the import was cancelled; nothing was written');
    this.name = 'ImportCancelled';
  }
}
