// Reads an IOM Missing Migrants Project CSV as it is (BOM, quoted or unquoted fields, embedded
// newlines, no final newline) with csv-parse, streaming, and yields one result per data row.
// The layout is told from the header. A row that cannot be read is reported with its row
// number and column and the rest still parse: whether a file with bad rows is imported at all
// is the importer's decision, not the parser's.
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { Invalid } from '../../domain/errors.ts';
import { draftFromRow } from './draft.ts';
import { detectLayout, type DetectedLayout } from './layouts.ts';
import type { IomFileSummary, IomLayout, IomRowResult } from './types.ts';

const MAX_SUMMARY_ERRORS = 20;

/**
 * Yields a draft or a row error for each data row of the file. Throws `Invalid` when the file
 * has no header, an unknown header (naming the missing columns), or is not readable as CSV at
 * all (an unclosed quote: nothing after it can be trusted).
 */
export async function* parseIomFile(filePath: string): AsyncGenerator<IomRowResult> {
  const { results } = await openIomFile(filePath);
  yield* results;
}

/** Reads the header, tells the layout, and hands back the rows still to be read. */
async function openIomFile(
  filePath: string,
): Promise<{ layout: IomLayout; results: AsyncGenerator<IomRowResult> }> {
  const parser = parse({
    bom: true,
    // A row with too few or too many fields is reported as that row's error, not the file's.
    relax_column_count: true,
    skip_empty_lines: true,
  });
  // pipeline, not pipe: a file that cannot be opened fails the parser instead of leaving it
  // waiting, and closing the parser closes the file.
  pipeline(createReadStream(filePath), parser, () => {});
  const records = parser[Symbol.asyncIterator]() as AsyncIterator<string[]>;
  let detected: DetectedLayout;
  try {
    const header = await next(records);
    if (header.done) throw Invalid.field('header', 'the file is empty: no header row');
    detected = detectLayout(header.value);
  } catch (err) {
    parser.destroy();
    throw err;
  }
  async function* results(): AsyncGenerator<IomRowResult> {
    let row = 0;
    try {
      for (;;) {
        const record = await next(records);
        if (record.done) return;
        row += 1;
        yield draftFromRow(record.value, row, detected);
      }
    } finally {
      // A consumer that stops early (a dry run showing the first errors) closes the file.
      parser.destroy();
    }
  }
  return { layout: detected.spec.layout, results: results() };
}

/** The parser's next record, with its own errors (an unclosed quote) as `Invalid`. */
async function next(records: AsyncIterator<string[]>): Promise<IteratorResult<string[]>> {
  try {
    return await records.next();
  } catch (err) {
    if (err instanceof CsvError)
      throw Invalid.field(`line ${String(err.lines)}`, `not readable as CSV: ${err.message}`);
    throw err;
  }
}

/** Counts over a whole file, for a dry run's summary and for checking a file against its notes. */
export async function summariseIomFile(filePath: string): Promise<IomFileSummary> {
  const { layout, results } = await openIomFile(filePath);
  const summary: IomFileSummary = {
    layout,
    rows: 0,
    drafts: 0,
    errors: 0,
    firstErrors: [],
    byYear: {},
    dead: 0,
    missing: 0,
    unknownDead: 0,
    unknownMissing: 0,
    cumulative: 0,
    byRoute: {},
  };
  for await (const result of results) {
    summary.rows += 1;
    if (!result.ok) {
      summary.errors += 1;
      if (summary.firstErrors.length < MAX_SUMMARY_ERRORS) summary.firstErrors.push(result);
      continue;
    }
    const d = result.draft;
    summary.drafts += 1;
    const year = d.occurredStart.slice(0, 4);
    summary.byYear[year] = (summary.byYear[year] ?? 0) + 1;
    summary.dead += d.dead ?? 0;
    summary.missing += d.missing ?? 0;
    if (d.dead === null) summary.unknownDead += 1;
    if (d.missing === null) summary.unknownMissing += 1;
    if (d.cumulative) summary.cumulative += 1;
    const route = d.route ?? 'none';
    summary.byRoute[route] = (summary.byRoute[route] ?? 0) + 1;
  }
  return summary;
}
