// SQL for the statistics import. Rows go either straight into stat_observations (the direct
// pass: a clean file, nothing to replace) or into a temporary staging table of the import's own
// transaction (the checked pass: every duplicate named, revised values replaced) and then into
// stat_observations in one INSERT … SELECT — by COPY FROM STDIN on a PostgreSQL server, by
// batched array inserts on PGlite. Everything happens inside one transaction (the staging
// table is dropped with it), so a cancelled or failed import leaves nothing behind.
import { Writable } from 'node:stream';
import { eq, sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { BackendKind, Database, Executor, Schema, Tx } from '../../db/connection.ts';
import { queryRows } from '../../db/raw.ts';
import * as schema from '../../db/schema/index.ts';
import { statDatasets, statImports, statMappings } from '../../db/schema/index.ts';
import type { Observation } from './rows.ts';
import type { DatasetMetadata } from './mapping.ts';

export const STAGE_BATCH = 5000;

/** Where staged rows go: the staging table, or the dataset itself (the direct pass). */
export type StageTarget =
  { kind: 'stage' } | { kind: 'observations'; datasetId: string; importId: string };

export type OpenStager = (tx: Tx, target: StageTarget) => Promise<Stager>;

/**
 * Runs `work` in one transaction with a way to open writers for staged rows. On a server, a
 * dedicated pool client carries both the transaction and the COPY streams.
 */
export async function withImportTransaction<T>(
  db: Database,
  kind: BackendKind,
  work: (tx: Tx, open: OpenStager) => Promise<T>,
): Promise<T> {
  let stageCreated = false;
  const prepare = async (tx: Tx, target: StageTarget) => {
    if (target.kind === 'stage' && !stageCreated) {
      await createStage(tx);
      stageCreated = true;
    }
  };
  if (kind === 'postgres') {
    const pool = (db as unknown as { $client: pg.Pool }).$client;
    const client = await pool.connect();
    const open: CopyStager[] = [];
    try {
      const txDb = drizzlePg(client, { schema }) as unknown as Database;
      return await txDb.transaction(async (tx) => {
        try {
          return await work(tx, async (t, target) => {
            await prepare(t, target);
            const stager = new CopyStager(client, target);
            open.push(stager);
            return stager;
          });
        } catch (err) {
          // A COPY still open must be failed before the connection can roll back.
          for (const s of open) await s.abort();
          throw err;
        }
      });
    } finally {
      client.release();
    }
  }
  return db.transaction(async (tx) =>
    work(tx, async (t, target) => {
      await prepare(t, target);
      return new BatchStager(t, target);
    }),
  );
}

async function createStage(tx: Tx) {
  await tx.execute(sql`CREATE TEMP TABLE stat_stage (
    source_row integer NOT NULL, area text NOT NULL, country_code text, period text NOT NULL,
    period_start date NOT NULL, period_end date NOT NULL, indicator text NOT NULL,
    dimensions jsonb NOT NULL, value numeric, flags text
  ) ON COMMIT DROP`);
}

export interface Stager {
  add(o: Observation): Promise<void>;
  finish(): Promise<void>;
  /** Fails an open COPY (so that the connection can roll back); harmless when finished. */
  abort(): Promise<void>;
  readonly staged: number;
}

/** COPY text format: backslash escapes, \N for NULL. */
function copyField(v: string | null): string {
  if (v === null) return '\\N';
  return /[\\\t\n\r]/.test(v)
    ? v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : v;
}

function copyLine(prefix: string, o: Observation): string {
  return (
    prefix +
    String(o.sourceRow) +
    '\t' +
    copyField(o.area) +
    '\t' +
    copyField(o.countryCode) +
    '\t' +
    copyField(o.period) +
    '\t' +
    o.periodStart +
    '\t' +
    o.periodEnd +
    '\t' +
    copyField(o.indicator) +
    '\t' +
    copyField(JSON.stringify(o.dimensions)) +
    '\t' +
    copyField(o.value) +
    '\t' +
    copyField(o.flags) +
    '\n'
  );
}

const COLUMNS =
  'source_row, area, country_code, period, period_start, period_end, indicator, dimensions, value, flags';

class CopyStager implements Stager {
  staged = 0;
  private stream: Writable;
  private done: Promise<void>;
  private buffer = '';
  private readonly prefix: string;
  private failure: unknown = null;

  constructor(client: pg.PoolClient, target: StageTarget) {
    const into =
      target.kind === 'stage'
        ? `stat_stage (${COLUMNS})`
        : `stat_observations (dataset_id, import_id, ${COLUMNS})`;
    this.prefix = target.kind === 'stage' ? '' : `${target.datasetId}\t${target.importId}\t`;
    this.stream = client.query(copyFrom(`COPY ${into} FROM STDIN`));
    this.done = new Promise((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', (err) => {
        this.failure = err;
        reject(err);
      });
    });
    this.done.catch(() => undefined);
  }

  async add(o: Observation) {
    if (this.failure) throw this.failure;
    this.buffer += copyLine(this.prefix, o);
    this.staged += 1;
    if (this.buffer.length >= 256 * 1024) await this.flush();
  }

  private async flush() {
    if (this.buffer.length === 0) return;
    const chunk = this.buffer;
    this.buffer = '';
    if (!this.stream.write(chunk))
      await new Promise<void>((resolve, reject) => {
        const onError = (err: unknown) => reject(err);
        this.stream.once('drain', () => {
          this.stream.off('error', onError);
          resolve();
        });
        this.stream.once('error', onError);
      });
  }

  private finished = false;

  async finish() {
    await this.flush();
    this.finished = true;
    this.stream.end();
    await this.done;
  }

  async abort() {
    if (this.finished) return;
    this.finished = true;
    this.stream.destroy(new Error('import stopped'));
    await this.done.catch(() => undefined);
  }
}

class BatchStager implements Stager {
  staged = 0;
  private batch: Observation[] = [];
  constructor(
    private readonly tx: Tx,
    private readonly target: StageTarget,
  ) {}

  async add(o: Observation) {
    this.batch.push(o);
    this.staged += 1;
    if (this.batch.length >= STAGE_BATCH) await this.flush();
  }

  private async flush() {
    const b = this.batch;
    if (b.length === 0) return;
    this.batch = [];
    const rows = sql`json_to_recordset(${JSON.stringify(
      b.map((o) => ({
        source_row: o.sourceRow,
        area: o.area,
        country_code: o.countryCode,
        period: o.period,
        period_start: o.periodStart,
        period_end: o.periodEnd,
        indicator: o.indicator,
        dimensions: o.dimensions,
        value: o.value,
        flags: o.flags,
      })),
    )}::json) AS r(source_row integer, area text, country_code text, period text,
        period_start date, period_end date, indicator text, dimensions jsonb, value numeric, flags text)`;
    const t = this.target;
    await this.tx.execute(
      t.kind === 'stage'
        ? sql`INSERT INTO stat_stage SELECT * FROM ${rows}`
        : sql`INSERT INTO stat_observations (dataset_id, import_id, ${sql.raw(COLUMNS)})
              SELECT ${t.datasetId}::uuid, ${t.importId}::uuid, ${sql.raw(COLUMNS)} FROM ${rows}`,
    );
  }

  async finish() {
    await this.flush();
  }

  async abort() {
    this.batch = [];
  }
}

export interface DuplicateInFile {
  row: number;
  firstRow: number;
  indicator: string;
  area: string;
  period: string;
}

export async function duplicatesInStage(tx: Tx, limit: number): Promise<DuplicateInFile[]> {
  const rows = await queryRows<{
    row: number;
    first_row: number;
    indicator: string;
    area: string;
    period: string;
  }>(
    tx,
    sql`SELECT source_row AS row, first_row, indicator, area, period FROM (
          SELECT source_row, indicator, area, period,
                 min(source_row) OVER (PARTITION BY indicator, area, period, dimensions) AS first_row
            FROM stat_stage) s
         WHERE source_row <> first_row ORDER BY source_row LIMIT ${limit}`,
  );
  return rows.map((r) => ({
    row: r.row,
    firstRow: r.first_row,
    indicator: r.indicator,
    area: r.area,
    period: r.period,
  }));
}

export async function countDuplicatesInStage(tx: Tx): Promise<number> {
  const [r] = await queryRows<{ n: string }>(
    tx,
    sql`SELECT (count(*) - count(DISTINCT (indicator, area, period, dimensions)))::text AS n FROM stat_stage`,
  );
  return Number(r?.n ?? 0);
}

export async function existingInDataset(tx: Tx, datasetId: string, limit: number) {
  return queryRows<{
    row: number;
    indicator: string;
    area: string;
    period: string;
    import_id: string;
  }>(
    tx,
    sql`SELECT s.source_row AS row, s.indicator, s.area, s.period, o.import_id
          FROM stat_stage s JOIN stat_observations o
            ON o.dataset_id = ${datasetId} AND o.indicator = s.indicator AND o.area = s.area
           AND o.period = s.period AND o.dimensions = s.dimensions
         ORDER BY s.source_row LIMIT ${limit}`,
  );
}

/**
 * Moves the staged rows into the dataset. `refuse`: a cell already in the dataset is not
 * inserted (counted as conflicts, and the caller rolls back); `replace`: its value is replaced.
 */
export async function insertFromStage(
  tx: Tx,
  datasetId: string,
  importId: string,
  onDuplicate: 'refuse' | 'replace',
): Promise<{ inserted: number; replaced: number }> {
  const conflict =
    onDuplicate === 'refuse'
      ? sql`DO NOTHING`
      : sql`DO UPDATE SET value = excluded.value, flags = excluded.flags, country_code = excluded.country_code,
              period_start = excluded.period_start, period_end = excluded.period_end,
              import_id = excluded.import_id, source_row = excluded.source_row`;
  const [r] = await queryRows<{ inserted: string; replaced: string }>(
    tx,
    sql`WITH w AS (
          INSERT INTO stat_observations (dataset_id, area, country_code, period, period_start, period_end,
                                         indicator, dimensions, value, flags, import_id, source_row)
          SELECT ${datasetId}::uuid, area, country_code, period, period_start, period_end,
                 indicator, dimensions, value, flags, ${importId}::uuid, source_row
            FROM stat_stage
          ON CONFLICT (dataset_id, indicator, area, period, dimensions) ${conflict}
          RETURNING (xmax <> 0) AS updated)
        SELECT count(*) FILTER (WHERE NOT updated)::text AS inserted,
               count(*) FILTER (WHERE updated)::text AS replaced FROM w`,
  );
  return { inserted: Number(r?.inserted ?? 0), replaced: Number(r?.replaced ?? 0) };
}

export async function findDatasetByKey(db: Executor, key: string) {
  const [row] = await db.select().from(statDatasets).where(eq(statDatasets.key, key));
  return row;
}

export async function upsertDataset(
  tx: Tx,
  meta: DatasetMetadata & { key: string },
  createdBy: string | null,
) {
  const values = {
    key: meta.key,
    publisher: meta.publisher,
    title: meta.title,
    url: meta.url,
    licence: meta.licence,
    referencePeriod: meta.referencePeriod,
    counted: meta.counted,
    countedDescription: meta.countedDescription,
    caveats: meta.caveats,
  };
  const [row] = await tx
    .insert(statDatasets)
    .values({ ...values, createdBy })
    .onConflictDoUpdate({
      target: statDatasets.key,
      set: { ...values, version: sql`${statDatasets.version} + 1`, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}

export async function insertImport(tx: Tx, row: typeof statImports.$inferInsert) {
  await tx.insert(statImports).values(row);
}

export async function listDatasets(db: Executor) {
  return queryRows<{
    id: string;
    key: string;
    publisher: string;
    title: string;
    url: string;
    licence: string;
    reference_period: string;
    counted: string;
    counted_description: string;
    caveats: string;
    synthetic: boolean;
    observations: string;
    updated_at: string;
  }>(
    db,
    sql`SELECT d.id, d.key, d.publisher, d.title, d.url, d.licence, d.reference_period, d.counted,
               d.counted_description, d.caveats, d.synthetic, d.updated_at::text,
               (SELECT count(*) FROM stat_observations o WHERE o.dataset_id = d.id)::text AS observations
          FROM stat_datasets d ORDER BY d.title`,
  );
}

export async function savedMappings(db: Executor) {
  return db.select().from(statMappings);
}

export async function saveMapping(
  tx: Tx,
  name: string,
  description: string,
  definition: Record<string, unknown>,
  createdBy: string | null,
) {
  await tx
    .insert(statMappings)
    .values({ name, description, definition, createdBy })
    .onConflictDoUpdate({
      target: statMappings.name,
      set: {
        description,
        definition,
        version: sql`${statMappings.version} + 1`,
        updatedAt: sql`now()`,
      },
    });
}

export type { Schema };
