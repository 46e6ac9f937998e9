// Imports an official statistical table through a mapping, all or nothing, streaming, in one
// transaction. Two passes over the file, the second only when the first cannot finish:
//
// - The direct pass (a new dataset, or duplicates refused): mapped rows go by COPY straight
//   into stat_observations, under a savepoint. The dataset's unique index is the duplicate
//   check. This is the common case — a clean file — and costs about what a COPY of the same
//   observations into the table costs (docs/statistics.md, "Measured").
// - The checked pass (the first row error, a duplicate, or revised values to replace): the
//   savepoint is rolled back and the file is read again into a staging table, where every row
//   error and every duplicate is named by row; then one INSERT … SELECT moves the rows in.
//
// A preview, any error or a cancellation rolls the whole transaction back: nothing is left
// behind. The file is never held in memory: only the current row, the first MAX_ERRORS row
// errors and the preview sample are.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { BackendKind, Database, Tx } from '../../db/connection.ts';
import { pgErrorOf, UNIQUE_VIOLATION } from '../../db/pgError.ts';
import { Invalid } from '../../domain/errors.ts';
import { datasetMetadata, type DatasetMetadata, type StatMapping } from './mapping.ts';
import * as q from './queries.ts';
import {
  FileProblem,
  ImportCancelled,
  openTable,
  resolveEncoding,
  type FileEncoding,
  type TableSource,
} from './reader.ts';
import { TableMapper, type Observation, type RowError } from './rows.ts';
import { ImportTally } from './tally.ts';
import { populationsFromImport } from '../reference/population.ts';

/** Row errors kept for the preview; beyond this they are counted. */
export const MAX_ERRORS = 5000;

export type ImportPhase = 'reading' | 'checking' | 'writing' | 'done';

export interface ImportProgress {
  phase: ImportPhase;
  bytesRead: number;
  totalBytes: number;
  rows: number;
  observations: number;
}

export interface StatImportOptions {
  path: string;
  mapping: StatMapping;
  /** Overrides of the mapping's dataset metadata (e.g. the next release's period). */
  dataset?: Partial<DatasetMetadata> | undefined;
  onDuplicate?: 'refuse' | 'replace';
  dryRun?: boolean;
  fileName?: string | undefined;
  onProgress?: ((p: ImportProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
  /**
   * The table is a population series: on commit its annual country figures become the
   * denominators of rates (`populations`), with the dataset as their source.
   */
  asPopulation?: boolean | undefined;
}

export interface StatImportResult {
  importId: string | null;
  dryRun: boolean;
  mapping: string;
  datasetKey: string;
  datasetId: string | null;
  fileName: string;
  sha256: string;
  encoding: FileEncoding | null;
  /** Data rows read (header, title and footnote rows not counted). */
  rows: number;
  /** Rows after the table's end (a blank row or the footer) that were not read as data. */
  rowsAfterEnd: number;
  observations: number;
  inserted: number;
  replaced: number;
  /** With `asPopulation`: population figures new or changed by this import. */
  populations: number | null;
  errors: RowError[];
  errorCount: number;
  indicators: { indicator: string; observations: number; missing: number; total: string | null }[];
  sample: {
    row: number;
    area: string;
    countryCode: string | null;
    period: string;
    indicator: string;
    dimensions: Record<string, string>;
    value: string | null;
    flags: string | null;
  }[];
}

/** Thrown inside the transaction to roll it back while keeping the preview. */
class RollBack extends Error {
  constructor(readonly result: StatImportResult) {
    super('rolled back');
  }
}

/** The direct pass met something only the checked pass can name. */
class NeedsChecking extends Error {
  constructor() {
    super('the file needs the checked pass');
  }
}

interface Run {
  tx: Tx;
  open: q.OpenStager;
  actor: Actor;
  mapping: StatMapping;
  dataset: DatasetMetadata & { key: string };
  onDuplicate: 'refuse' | 'replace';
  options: StatImportOptions;
  result: StatImportResult;
  progress: ImportProgress;
  report: () => void;
  openFile: () => Promise<TableSource>;
  addError: (e: RowError) => void;
}

export async function importStatistics(
  db: Database,
  kind: BackendKind,
  actor: Actor,
  options: StatImportOptions,
): Promise<StatImportResult> {
  const mapping = options.mapping;
  const meta = datasetMetadata.safeParse({ ...mapping.dataset, ...options.dataset });
  if (!meta.success)
    throw new Invalid(
      meta.error.issues.map((i) => ({ field: `dataset.${i.path.join('.')}`, message: i.message })),
    );
  const dataset = { ...meta.data, key: meta.data.key ?? mapping.name };
  if (options.asPopulation && dataset.counted !== 'population')
    throw Invalid.field(
      'asPopulation',
      `dataset "${dataset.key}" counts ${dataset.counted}, not population: its figures cannot be denominators`,
    );
  const onDuplicate = options.onDuplicate ?? 'refuse';
  const fileName = options.fileName ?? path.basename(options.path);
  const result: StatImportResult = {
    importId: null,
    dryRun: options.dryRun ?? false,
    mapping: mapping.name,
    datasetKey: dataset.key,
    datasetId: null,
    fileName,
    sha256: '',
    encoding: null,
    rows: 0,
    rowsAfterEnd: 0,
    observations: 0,
    inserted: 0,
    replaced: 0,
    populations: null,
    errors: [],
    errorCount: 0,
    indicators: [],
    sample: [],
  };
  const addError = (e: RowError) => {
    result.errorCount += 1;
    if (result.errors.length < MAX_ERRORS) result.errors.push(e);
  };

  let encoding: FileEncoding = 'utf-8';
  try {
    if (mapping.format === 'csv') encoding = await resolveEncoding(options.path, mapping.encoding);
  } catch (err) {
    if (err instanceof FileProblem) {
      addError({ row: err.row, column: '(file)', reason: err.errors[0]!.message });
      return result;
    }
    throw err;
  }
  result.encoding = mapping.format === 'csv' ? encoding : null;

  const progress: ImportProgress = {
    phase: 'reading',
    bytesRead: 0,
    totalBytes: 0,
    rows: 0,
    observations: 0,
  };
  const report = () => options.onProgress?.({ ...progress });
  const openFile = async () => {
    const table = await openTable(options.path, {
      format: mapping.format,
      encoding,
      delimiter: mapping.delimiter,
      sheet: mapping.sheet,
      signal: options.signal,
      onProgress: (p) => {
        progress.bytesRead = p.bytesRead;
        progress.totalBytes = p.totalBytes;
      },
    });
    progress.phase = 'reading';
    progress.bytesRead = 0;
    progress.totalBytes = table.totalBytes;
    report();
    return table;
  };

  try {
    return await q.withImportTransaction(db, kind, async (tx, open) => {
      const run: Run = {
        tx,
        open,
        actor,
        mapping,
        dataset,
        onDuplicate,
        options,
        result,
        progress,
        report,
        openFile,
        addError,
      };
      const existing = await q.findDatasetByKey(tx, dataset.key);
      result.datasetId = existing?.id ?? null;
      if (onDuplicate === 'refuse' || !existing) {
        const done = await directPass(run);
        if (done) return done;
      }
      return await checkedPass(run, existing?.id ?? null);
    });
  } catch (err) {
    if (err instanceof RollBack) {
      progress.phase = 'done';
      report();
      return err.result;
    }
    if (err instanceof FileProblem) {
      addError({ row: err.row, column: '(file)', reason: err.errors[0]!.message });
      return result;
    }
    throw err;
  }
}

/** Reads the table through the mapping into `add`; row errors (and a missing header) go to `error`. */
async function readTable(
  run: Run,
  table: TableSource,
  add: (o: Observation) => Promise<void>,
  error: (e: RowError) => void,
  staged: () => number,
): Promise<void> {
  const { result, progress, options, mapping } = run;
  const mapper = new TableMapper(mapping);
  let ended = false;
  for await (const raw of table.rows) {
    if (options.signal?.aborted) throw new ImportCancelled();
    if (ended) {
      if (raw.cells.some((c) => c.trim() !== '')) result.rowsAfterEnd += 1;
      continue;
    }
    const out = mapper.accept(raw.row, raw.cells);
    if (out.kind === 'header-errors') {
      out.errors.forEach(error);
      break;
    }
    if (out.kind === 'end') {
      ended = true;
      continue;
    }
    if (out.kind !== 'data') continue;
    result.rows += 1;
    out.errors.forEach(error);
    for (const o of out.observations) await add(o);
    if (result.rows % 5000 === 0) {
      progress.rows = result.rows;
      progress.observations = staged();
      run.report();
    }
  }
  if (options.signal?.aborted) throw new ImportCancelled();
  if (!mapper.headerSeen)
    error({
      row: mapping.headerRow,
      column: '(header)',
      reason: `the file ends before its header row ${mapping.headerRow}`,
    });
  result.sha256 = table.sha256();
  result.observations = staged();
  progress.rows = result.rows;
  progress.observations = staged();
  progress.bytesRead = progress.totalBytes;
  progress.phase = 'checking';
  run.report();
}

/** The preview's totals and sample, from the tally kept while reading. */
function summarise(result: StatImportResult, tally: ImportTally) {
  result.indicators = tally.indicators();
  result.sample = tally.sample().map((o) => ({
    row: o.sourceRow,
    area: o.area,
    countryCode: o.countryCode,
    period: o.period,
    indicator: o.indicator,
    dimensions: o.dimensions,
    value: o.value,
    flags: o.flags,
  }));
}

/**
 * COPY straight into the dataset under a savepoint. Returns the result, or null when the file
 * needs the checked pass (a row error, a duplicate): the savepoint is then rolled back.
 */
async function directPass(run: Run): Promise<StatImportResult | null> {
  const { result } = run;
  const table = await run.openFile();
  try {
    return await run.tx.transaction(async (sp) => {
      const ds = await q.upsertDataset(sp, run.dataset, run.actor.id);
      const importId = randomUUID();
      const stager = await run.open(sp, { kind: 'observations', datasetId: ds.id, importId });
      const tally = new ImportTally();
      try {
        await readTable(
          run,
          table,
          (o) => {
            tally.add(o);
            return stager.add(o);
          },
          () => {
            throw new NeedsChecking();
          },
          () => stager.staged,
        );
        await stager.finish();
      } catch (err) {
        await stager.abort();
        if (pgErrorOf(err)?.code === UNIQUE_VIOLATION) throw new NeedsChecking();
        throw err;
      }
      summarise(result, tally);
      if (result.dryRun) throw new RollBack(result);
      await commitRecord({ ...run, tx: sp }, ds, importId, {
        inserted: stager.staged,
        replaced: 0,
      });
      return result;
    });
  } catch (err) {
    if (!(err instanceof NeedsChecking)) throw err;
    // Start again from the top of the file; nothing of the direct pass is kept.
    await drain(table);
    Object.assign(result, { rows: 0, rowsAfterEnd: 0, observations: 0, importId: null });
    result.datasetId = (await q.findDatasetByKey(run.tx, run.dataset.key))?.id ?? null;
    return null;
  }
}

/** Stops reading a table the direct pass gave up on (closes the file). */
async function drain(table: TableSource) {
  const it = table.rows[Symbol.asyncIterator]();
  await it.return?.();
}

/** Every row error and duplicate named; then one INSERT … SELECT from the staging table. */
async function checkedPass(run: Run, existingId: string | null): Promise<StatImportResult> {
  const { tx, result, progress, dataset, addError } = run;
  const table = await run.openFile();
  const stager = await run.open(tx, { kind: 'stage' });
  const tally = new ImportTally();
  const add = (o: Observation) => {
    tally.add(o);
    return stager.add(o);
  };
  await readTable(run, table, add, addError, () => stager.staged);
  await stager.finish();
  summarise(result, tally);

  // Duplicates within the file are always an error: a cell stated twice cannot be doubled.
  if ((await q.countDuplicatesInStage(tx)) > 0)
    for (const d of await q.duplicatesInStage(tx, MAX_ERRORS))
      addError({
        row: d.row,
        column: '(row)',
        reason: `repeats row ${d.firstRow}: the same area (${d.area}), period (${d.period}), indicator (${d.indicator}) and breakdown`,
      });
  if (existingId && run.onDuplicate === 'refuse')
    for (const d of await q.existingInDataset(tx, existingId, MAX_ERRORS))
      addError({
        row: d.row,
        column: '(row)',
        reason: `dataset "${dataset.key}" already holds this observation (${d.area}, ${d.period}, ${d.indicator}) from import ${d.import_id}; import again with "replace" to replace it`,
      });
  result.errors.sort((a, b) => a.row - b.row);
  if (result.errorCount > 0 || result.dryRun) throw new RollBack(result);

  progress.phase = 'writing';
  run.report();
  const ds = await q.upsertDataset(tx, dataset, run.actor.id);
  const importId = randomUUID();
  const counts = await q.insertFromStage(tx, ds.id, importId, run.onDuplicate);
  if (run.options.signal?.aborted) throw new ImportCancelled();
  await commitRecord(run, ds, importId, counts);
  return result;
}

/** The import record and its audit entry, in the import's transaction. */
async function commitRecord(
  run: Run,
  ds: { id: string; version: number },
  importId: string,
  counts: { inserted: number; replaced: number },
) {
  const { tx, result, progress, mapping, dataset, onDuplicate } = run;
  progress.phase = 'writing';
  run.report();
  if (run.options.asPopulation) {
    const { problems, changed } = await populationsFromImport(tx, importId, {
      dataset: dataset.key,
      source: `${dataset.publisher}: ${dataset.title} (statistics dataset "${dataset.key}")`,
      actor: run.actor,
    });
    for (const p of problems)
      run.addError({ row: p.row, column: '(population)', reason: p.reason });
    if (problems.length > 0) {
      result.errors.sort((x, y) => x.row - y.row);
      throw new RollBack(result);
    }
    result.populations = changed;
  }
  result.importId = importId;
  result.datasetId = ds.id;
  result.inserted = counts.inserted;
  result.replaced = counts.replaced;
  await q.insertImport(tx, {
    id: importId,
    datasetId: ds.id,
    mappingName: mapping.name,
    fileName: result.fileName,
    sha256: result.sha256,
    rows: result.rows,
    observations: counts.inserted + counts.replaced,
    replaced: counts.replaced,
    onDuplicate,
    createdBy: run.actor.id,
  });
  await appendAudit(tx, run.actor, {
    action: 'import.statistics',
    entityType: 'stat_import',
    entityId: importId,
    changes: {
      dataset: dataset.key,
      datasetVersion: ds.version,
      mapping: mapping.name,
      fileName: result.fileName,
      sha256: result.sha256,
      rows: result.rows,
      inserted: counts.inserted,
      replaced: counts.replaced,
      onDuplicate,
    },
  });
  progress.phase = 'done';
  run.report();
}

export { ImportCancelled };
