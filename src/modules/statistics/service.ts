// Imports an official statistical table through a mapping, all or nothing, streaming. The file
// is read once, row by row, into the staging table of one transaction; every row error is
// collected (row, column, reason). Then duplicates are looked for (within the file, and against
// the dataset when refusing), and — unless this is a preview, there were errors, or the import
// was cancelled — the staged rows go into the dataset in one statement, with the dataset's
// metadata, the import record and its audit entry. Anything else rolls the transaction back:
// nothing is left behind.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { BackendKind, Database } from '../../db/connection.ts';
import { Invalid, NotFound } from '../../domain/errors.ts';
import type { STAT_COUNTED_VALUES } from '../../db/schema/statistics.ts';
import { BUILTIN_MAPPINGS } from './builtinMappings.ts';
import { datasetMetadata, statMapping, type DatasetMetadata, type StatMapping } from './mapping.ts';
import * as q from './queries.ts';
import {
  FileProblem,
  ImportCancelled,
  openTable,
  resolveEncoding,
  type FileEncoding,
} from './reader.ts';
import { TableMapper, type RowError } from './rows.ts';

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

export function builtinMapping(name: string): StatMapping {
  const m = BUILTIN_MAPPINGS.get(name);
  if (!m)
    throw new NotFound(
      `no mapping "${name}"; shipped mappings: ${[...BUILTIN_MAPPINGS.keys()].join(', ')}`,
    );
  return m;
}

/** A shipped mapping, or one saved by a user. */
export async function findMapping(db: Database, name: string): Promise<StatMapping> {
  const shipped = BUILTIN_MAPPINGS.get(name);
  if (shipped) return shipped;
  const saved = (await q.savedMappings(db)).find((m) => m.name === name);
  if (!saved) return builtinMapping(name);
  return statMapping.parse(saved.definition);
}

export async function listMappings(db: Database) {
  const saved = await q.savedMappings(db);
  return [
    ...[...BUILTIN_MAPPINGS.values()].map((m) => ({ ...m, builtin: true })),
    ...saved
      .filter((s) => !BUILTIN_MAPPINGS.has(s.name))
      .map((s) => ({ ...statMapping.parse(s.definition), builtin: false })),
  ];
}

export async function saveMapping(
  db: Database,
  actor: Actor,
  input: unknown,
): Promise<StatMapping> {
  const parsed = statMapping.safeParse(input);
  if (!parsed.success)
    throw new Invalid(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    );
  const m = parsed.data;
  if (BUILTIN_MAPPINGS.has(m.name))
    throw Invalid.field(
      'name',
      `"${m.name}" is a mapping shipped with the app; choose another name`,
    );
  await db.transaction(async (tx) => {
    await q.saveMapping(
      tx,
      m.name,
      m.description,
      m as unknown as Record<string, unknown>,
      actor.id,
    );
    await appendAudit(tx, actor, {
      action: 'stats.mapping.save',
      entityType: 'stat_mapping',
      entityId: m.name,
      changes: m,
    });
  });
  return m;
}

/** Thrown inside the transaction to roll it back while keeping the preview. */
class RollBack extends Error {
  constructor(readonly result: StatImportResult) {
    super('rolled back');
  }
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
  progress.totalBytes = table.totalBytes;
  report();

  try {
    return await q.withImportTransaction(db, kind, async (tx, stager) => {
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
          out.errors.forEach(addError);
          break;
        }
        if (out.kind === 'end') {
          ended = true;
          continue;
        }
        if (out.kind !== 'data') continue;
        result.rows += 1;
        out.errors.forEach(addError);
        for (const o of out.observations) await stager.add(o);
        if (result.rows % 5000 === 0) {
          progress.rows = result.rows;
          progress.observations = stager.staged;
          report();
        }
      }
      await stager.finish();
      if (options.signal?.aborted) throw new ImportCancelled();
      if (!mapper.headerSeen)
        addError({
          row: mapping.headerRow,
          column: '(header)',
          reason: `the file ends before its header row ${mapping.headerRow}`,
        });
      result.sha256 = table.sha256();
      result.observations = stager.staged;
      progress.rows = result.rows;
      progress.observations = stager.staged;
      progress.bytesRead = progress.totalBytes;
      progress.phase = 'checking';
      report();

      result.indicators = (await q.stageSummary(tx)).map((r) => ({
        indicator: r.indicator,
        observations: Number(r.observations),
        missing: Number(r.missing),
        total: r.total,
      }));
      result.sample = (await q.stageSample(tx, 20)).map((r) => ({
        row: r.source_row,
        area: r.area,
        countryCode: r.country_code,
        period: r.period,
        indicator: r.indicator,
        dimensions: r.dimensions,
        value: r.value,
        flags: r.flags,
      }));

      // Duplicates within the file are always an error: a cell stated twice cannot be doubled.
      if ((await q.countDuplicatesInStage(tx)) > 0)
        for (const d of await q.duplicatesInStage(tx, MAX_ERRORS))
          addError({
            row: d.row,
            column: '(row)',
            reason: `repeats row ${d.firstRow}: the same area (${d.area}), period (${d.period}), indicator (${d.indicator}) and breakdown`,
          });

      const existing = await q.findDatasetByKey(tx, dataset.key);
      result.datasetId = existing?.id ?? null;
      if (existing && onDuplicate === 'refuse')
        for (const d of await q.existingInDataset(tx, existing.id, MAX_ERRORS))
          addError({
            row: d.row,
            column: '(row)',
            reason: `dataset "${dataset.key}" already holds this observation (${d.area}, ${d.period}, ${d.indicator}) from import ${d.import_id}; import again with "replace" to replace it`,
          });
      result.errors.sort((a, b) => a.row - b.row);
      if (result.errorCount > 0 || result.dryRun) throw new RollBack(result);

      progress.phase = 'writing';
      report();
      const ds = await q.upsertDataset(tx, dataset, actor.id);
      const importId = randomUUID();
      const { inserted, replaced } = await q.insertFromStage(tx, ds.id, importId, onDuplicate);
      if (options.signal?.aborted) throw new ImportCancelled();
      result.importId = importId;
      result.datasetId = ds.id;
      result.inserted = inserted;
      result.replaced = replaced;
      await q.insertImport(tx, {
        id: importId,
        datasetId: ds.id,
        mappingName: mapping.name,
        fileName,
        sha256: result.sha256,
        rows: result.rows,
        observations: inserted + replaced,
        replaced,
        onDuplicate,
        createdBy: actor.id,
      });
      await appendAudit(tx, actor, {
        action: 'import.statistics',
        entityType: 'stat_import',
        entityId: importId,
        changes: {
          dataset: dataset.key,
          datasetVersion: ds.version,
          mapping: mapping.name,
          fileName,
          sha256: result.sha256,
          rows: result.rows,
          inserted,
          replaced,
          onDuplicate,
        },
      });
      progress.phase = 'done';
      report();
      return result;
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

export { ImportCancelled };

export async function listDatasets(db: Database) {
  return (await q.listDatasets(db)).map((d) => ({
    id: d.id,
    key: d.key,
    publisher: d.publisher,
    title: d.title,
    url: d.url,
    licence: d.licence,
    referencePeriod: d.reference_period,
    counted: d.counted as (typeof STAT_COUNTED_VALUES)[number],
    countedDescription: d.counted_description,
    caveats: d.caveats,
    synthetic: d.synthetic,
    observations: Number(d.observations),
    updatedAt: d.updated_at,
  }));
}
