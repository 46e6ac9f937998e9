// HTTP route for importing an IOM Missing Migrants Project file: the CSV is the request body
// (text/csv, up to 20 MB), the post and the dry-run switch are query parameters. The body is
// written to a private temporary file because the parser streams from a path; it is removed
// whatever happens.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { Invalid } from '../../domain/errors.ts';
import { actorOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import { importIomFile } from './service.ts';
import { IOM_LAYOUTS } from './types.ts';

export const IOM_UPLOAD_LIMIT = 20 * 1024 * 1024;

const importQuery = z.strictObject({
  postId: z.coerce.number().int().positive(),
  /** Country of record for rows that name none (see IomImportOptions.countryCode). */
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  dryRun: z.enum(['true', 'false']).default('false'),
});

const importResult = z.object({
  dryRun: z.boolean(),
  layout: z.enum(IOM_LAYOUTS).nullable(),
  sha256: z.string(),
  rows: z.number(),
  errors: z.array(
    z.object({
      row: z.number(),
      column: z.string(),
      reason: z.string(),
      externalId: z.string().nullable(),
    }),
  ),
  created: z.number(),
  alreadyImported: z.number(),
  sourcesCreated: z.number(),
  sourcesReused: z.number(),
  dead: z.number(),
  missing: z.number(),
  importId: z.string().nullable(),
  firstReference: z.string().nullable(),
  lastReference: z.string().nullable(),
});

export const iomImportRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  // Scoped to this plugin: the rest of the API accepts JSON only.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: IOM_UPLOAD_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/api/import/iom',
    {
      bodyLimit: IOM_UPLOAD_LIMIT,
      config: { permission: 'incident.import' },
      schema: {
        tags: ['import'],
        summary:
          'Import an IOM Missing Migrants Project CSV (body, text/csv) as draft incidents of a post, all or nothing',
        querystring: importQuery,
        response: {
          200: importResult,
          201: importResult,
          400: problem,
          422: z.union([importResult, problem]), // row errors, or malware found in the file
        },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw Invalid.field(
          'body',
          'send the CSV file itself as the body, with Content-Type text/csv',
        );
      const dir = await mkdtemp(path.join(tmpdir(), 'rapporteur-iom-'));
      try {
        const file = path.join(dir, 'upload.csv');
        await writeFile(file, request.body, { mode: 0o600 });
        const result = await importIomFile(db, actorOf(request), {
          path: file,
          postId: request.query.postId,
          countryCode: request.query.countryCode,
          dryRun: request.query.dryRun === 'true',
          fileName: 'upload',
        });
        const status = result.errors.length > 0 ? 422 : result.dryRun ? 200 : 201;
        return reply.status(status).send(result);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
};
