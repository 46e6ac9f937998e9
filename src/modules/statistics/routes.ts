// HTTP for official statistics: the saved mappings, the datasets, and imports in three steps
// the web wizard follows — upload (the file is the body; a preview starts at once), poll
// (progress, then every row error and the totals), commit or cancel. An import runs in this
// app instance; its file sits in a private temporary folder until it ends or is abandoned.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Actor } from '../../db/audit.ts';
import type { BackendKind, Database } from '../../db/connection.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../../domain/errors.ts';
import { actorOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import { STAT_COUNTED_VALUES } from '../../db/schema/statistics.ts';
import {
  findMapping,
  ImportCancelled,
  importStatistics,
  listDatasets,
  listMappings,
  saveMapping,
  type ImportProgress,
  type StatImportResult,
} from './service.ts';
import { inspectZip, type ZipLimits } from '../attachments/inspect.ts';

export const STATS_UPLOAD_LIMIT = 200 * 1024 * 1024;
/**
 * An XLSX is zipped XML, inflated while it is read: its entries are walked first and a zip
 * bomb refused (ASVS 5.2.3). Published workbooks unpack to about ten times their size.
 */
export const STATS_ZIP_LIMITS: ZipLimits = {
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxRatio: 100,
  maxEntries: 10_000,
};
/** An import nobody looks at for this long is dropped with its file. */
const ABANDONED_MS = 30 * 60 * 1000;

type JobStatus = 'previewing' | 'previewed' | 'committing' | 'committed' | 'failed' | 'cancelled';

interface Job {
  id: string;
  ownerId: string;
  mapping: string;
  fileName: string;
  dir: string;
  file: string;
  onDuplicate: 'refuse' | 'replace';
  /** On commit, the table's annual country figures become the rates' denominators. */
  asPopulation: boolean;
  dataset: { key?: string; referencePeriod?: string };
  status: JobStatus;
  progress: ImportProgress;
  preview: StatImportResult | null;
  result: StatImportResult | null;
  message: string | null;
  controller: AbortController;
  touched: number;
}

const progressSchema = z.object({
  phase: z.enum(['reading', 'checking', 'writing', 'done']),
  bytesRead: z.number(),
  totalBytes: z.number(),
  rows: z.number(),
  observations: z.number(),
});

const resultSchema = z.object({
  importId: z.string().nullable(),
  dryRun: z.boolean(),
  mapping: z.string(),
  datasetKey: z.string(),
  datasetId: z.string().nullable(),
  fileName: z.string(),
  sha256: z.string(),
  encoding: z.enum(['utf-8', 'latin1']).nullable(),
  rows: z.number(),
  rowsAfterEnd: z.number(),
  observations: z.number(),
  inserted: z.number(),
  replaced: z.number(),
  /** With `asPopulation`: population figures new or changed by the import. */
  populations: z.number().nullable(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), reason: z.string() })),
  errorCount: z.number(),
  indicators: z.array(
    z.object({
      indicator: z.string(),
      observations: z.number(),
      missing: z.number(),
      total: z.string().nullable(),
    }),
  ),
  sample: z.array(
    z.object({
      row: z.number(),
      area: z.string(),
      countryCode: z.string().nullable(),
      period: z.string(),
      indicator: z.string(),
      dimensions: z.record(z.string(), z.string()),
      value: z.string().nullable(),
      flags: z.string().nullable(),
    }),
  ),
});

const jobSchema = z.object({
  id: z.string(),
  mapping: z.string(),
  fileName: z.string(),
  onDuplicate: z.enum(['refuse', 'replace']),
  asPopulation: z.boolean(),
  status: z.enum(['previewing', 'previewed', 'committing', 'committed', 'failed', 'cancelled']),
  progress: progressSchema,
  preview: resultSchema.nullable(),
  result: resultSchema.nullable(),
  message: z.string().nullable(),
});

const datasetSchema = z.object({
  id: z.string(),
  key: z.string(),
  publisher: z.string(),
  title: z.string(),
  url: z.string(),
  licence: z.string(),
  referencePeriod: z.string(),
  counted: z.enum(STAT_COUNTED_VALUES),
  countedDescription: z.string(),
  caveats: z.string(),
  synthetic: z.boolean(),
  observations: z.number(),
  updatedAt: z.string(),
});

const mappingSummary = z.object({
  name: z.string(),
  description: z.string(),
  format: z.enum(['csv', 'xlsx']),
  builtin: z.boolean(),
  sheet: z.string().optional(),
  dataset: z.object({
    publisher: z.string(),
    title: z.string(),
    url: z.string(),
    licence: z.string(),
    referencePeriod: z.string(),
    counted: z.string(),
    countedDescription: z.string(),
    caveats: z.string(),
  }),
});

export const statisticsRoutes: FastifyPluginAsyncZod<{
  db: Database;
  backend: BackendKind;
}> = async (app, { db, backend }) => {
  const jobs = new Map<string, Job>();

  const view = (j: Job) => ({
    id: j.id,
    mapping: j.mapping,
    fileName: j.fileName,
    onDuplicate: j.onDuplicate,
    asPopulation: j.asPopulation,
    status: j.status,
    progress: j.progress,
    preview: j.preview,
    result: j.result,
    message: j.message,
  });

  const discard = async (j: Job) => {
    jobs.delete(j.id);
    await rm(j.dir, { recursive: true, force: true });
  };

  const sweep = setInterval(() => {
    const now = Date.now();
    for (const j of jobs.values())
      if (now - j.touched > ABANDONED_MS && j.status !== 'previewing' && j.status !== 'committing')
        void discard(j);
  }, 60_000);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    for (const j of [...jobs.values()]) {
      j.controller.abort();
      await discard(j);
    }
  });

  const jobOf = (id: string, actor: Actor & { id: string }) => {
    const j = jobs.get(id);
    if (!j)
      throw new NotFound(
        'no such import on this server (it ended, or was started on another instance)',
      );
    if (j.ownerId !== actor.id) throw new Forbidden('this import was started by someone else');
    j.touched = Date.now();
    return j;
  };

  const runJob = (j: Job, dryRun: boolean, actor: Actor) => {
    j.controller = new AbortController();
    void (async () => {
      try {
        const mapping = await findMapping(db, j.mapping);
        const r = await importStatistics(db, backend, actor, {
          path: j.file,
          mapping,
          dataset: j.dataset,
          onDuplicate: j.onDuplicate,
          asPopulation: j.asPopulation,
          dryRun,
          fileName: j.fileName,
          signal: j.controller.signal,
          onProgress: (p) => {
            j.progress = p;
          },
        });
        if (dryRun) {
          j.preview = r;
          j.status = 'previewed';
        } else {
          j.result = r;
          j.status = r.errorCount > 0 ? 'failed' : 'committed';
          if (r.errorCount > 0) j.preview = r;
          else await rm(j.dir, { recursive: true, force: true });
        }
      } catch (err) {
        if (err instanceof ImportCancelled) {
          j.status = 'cancelled';
          j.message = err.message;
        } else {
          j.status = 'failed';
          j.message = err instanceof Error ? err.message : String(err);
          app.log.error({ err, importJob: j.id }, 'statistics import failed');
        }
      }
    })();
  };

  app.get(
    '/api/statistics/mappings',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['statistics'],
        summary: 'Saved mappings: shipped with the app and saved by users',
        response: { 200: z.array(mappingSummary) },
      },
    },
    async () =>
      (await listMappings(db)).map((m) => ({
        name: m.name,
        description: m.description,
        format: m.format,
        builtin: m.builtin,
        ...(m.sheet ? { sheet: m.sheet } : {}),
        dataset: m.dataset,
      })),
  );

  app.post(
    '/api/statistics/mappings',
    {
      config: { permission: 'stats.import' },
      schema: {
        tags: ['statistics'],
        summary:
          'Save a mapping (column roles, value parsing, dataset metadata) for the next release of a table',
        body: z.record(z.string(), z.unknown()),
        response: { 201: z.object({ name: z.string() }), 400: problem },
      },
    },
    async (request, reply) => {
      const m = await saveMapping(db, actorOf(request), request.body);
      return reply.status(201).send({ name: m.name });
    },
  );

  app.get(
    '/api/statistics/datasets',
    {
      config: { permission: 'stats.read' },
      schema: {
        tags: ['statistics'],
        summary: 'Imported datasets, with what they count and their caveats',
        response: { 200: z.array(datasetSchema) },
      },
    },
    async () => listDatasets(db),
  );

  {
    // Scoped to this plugin: the rest of the API accepts JSON only.
    app.addContentTypeParser(
      [
        'text/csv',
        'application/octet-stream',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
      { parseAs: 'buffer', bodyLimit: STATS_UPLOAD_LIMIT },
      (_request, body, done) => done(null, body),
    );
    app.post(
      '/api/statistics/imports',
      {
        bodyLimit: STATS_UPLOAD_LIMIT,
        config: { permission: 'stats.import', expensive: true },
        schema: {
          tags: ['statistics'],
          summary:
            'Upload a table (body: the file) and start its preview; poll the import for progress and row errors',
          querystring: z.strictObject({
            mapping: z.string().min(1),
            fileName: z.string().max(200).default('upload'),
            onDuplicate: z.enum(['refuse', 'replace']).default('refuse'),
            datasetKey: z.string().max(100).optional(),
            referencePeriod: z.string().max(100).optional(),
            asPopulation: z.enum(['true', 'false']).default('false'),
          }),
          response: { 202: jobSchema, 400: problem, 404: problem, 415: problem },
        },
      },
      async (request, reply) => {
        if (!Buffer.isBuffer(request.body) || request.body.length === 0)
          throw Invalid.field(
            'body',
            'send the file itself as the body (text/csv or the XLSX content type)',
          );
        const mapping = await findMapping(db, request.query.mapping);
        const asPopulation = request.query.asPopulation === 'true';
        if (asPopulation && mapping.dataset.counted !== 'population')
          throw Invalid.field(
            'asPopulation',
            `mapping "${mapping.name}" counts ${mapping.dataset.counted}, not population: its figures cannot be denominators`,
          );
        const actor = actorOf(request);
        const id = randomUUID();
        const dir = await mkdtemp(path.join(tmpdir(), 'rapporteur-stats-'));
        const file = path.join(dir, mapping.format === 'xlsx' ? 'upload.xlsx' : 'upload.csv');
        await writeFile(file, request.body, { mode: 0o600 });
        if (mapping.format === 'xlsx') {
          await inspectZip(
            file,
            request.query.fileName,
            request.body.length,
            STATS_ZIP_LIMITS,
          ).catch(async (err: unknown) => {
            await rm(dir, { recursive: true, force: true });
            throw err;
          });
        }
        const job: Job = {
          id,
          ownerId: actor.id,
          mapping: mapping.name,
          fileName: path.basename(request.query.fileName),
          dir,
          file,
          onDuplicate: request.query.onDuplicate,
          asPopulation,
          dataset: {
            ...(request.query.datasetKey ? { key: request.query.datasetKey } : {}),
            ...(request.query.referencePeriod
              ? { referencePeriod: request.query.referencePeriod }
              : {}),
          },
          status: 'previewing',
          progress: {
            phase: 'reading',
            bytesRead: 0,
            totalBytes: request.body.length,
            rows: 0,
            observations: 0,
          },
          preview: null,
          result: null,
          message: null,
          controller: new AbortController(),
          touched: Date.now(),
        };
        jobs.set(id, job);
        runJob(job, true, actor);
        return reply.status(202).send(view(job));
      },
    );
  }

  const idParams = z.strictObject({ id: z.uuid() });

  app.get(
    '/api/statistics/imports/:id',
    {
      config: { permission: 'stats.import' },
      schema: {
        tags: ['statistics'],
        summary: 'An import: progress, preview with every row error, result',
        params: idParams,
        response: { 200: jobSchema, 403: problem, 404: problem },
      },
    },
    async (request) => view(jobOf(request.params.id, actorOf(request))),
  );

  app.post(
    '/api/statistics/imports/:id/commit',
    {
      config: { permission: 'stats.import' },
      schema: {
        tags: ['statistics'],
        summary: 'Commit a previewed import without errors (all or nothing)',
        params: idParams,
        response: { 202: jobSchema, 403: problem, 404: problem, 409: problem },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const j = jobOf(request.params.id, actor);
      if (j.status !== 'previewed' || !j.preview || j.preview.errorCount > 0)
        throw new Conflict(
          j.status === 'previewed'
            ? 'the preview found errors: fix the file and upload it again'
            : `the import is ${j.status}`,
        );
      j.status = 'committing';
      j.progress = { ...j.progress, phase: 'reading', bytesRead: 0, rows: 0, observations: 0 };
      runJob(j, false, actor);
      return reply.status(202).send(view(j));
    },
  );

  app.post(
    '/api/statistics/imports/:id/cancel',
    {
      config: { permission: 'stats.import' },
      schema: {
        tags: ['statistics'],
        summary: 'Cancel an import: nothing is written',
        params: idParams,
        response: { 200: jobSchema, 403: problem, 404: problem },
      },
    },
    async (request) => {
      const j = jobOf(request.params.id, actorOf(request));
      if (j.status === 'previewing' || j.status === 'committing') j.controller.abort();
      else if (j.status === 'previewed') {
        j.status = 'cancelled';
        j.message = 'the import was cancelled; nothing was written';
        await rm(j.dir, { recursive: true, force: true });
      }
      return view(j);
    },
  );
};
