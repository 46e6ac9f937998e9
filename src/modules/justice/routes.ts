// HTTP routes for justice outcomes and the sentencing comparison: the list, one record, its
// creation and versioned edit, the defendant groups as sources state them, and the comparison.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/connection.ts';
import { Invalid } from '../../domain/errors.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import {
  comparisonQuery,
  comparisonView,
  createJusticeOutcomeBody,
  defendantGroupsQuery,
  justiceOutcomeSummary,
  justiceOutcomeView,
  listJusticeOutcomesQuery,
  updateJusticeOutcomeBody,
} from './schemas.ts';
import { importJusticeOutcomes } from './import.ts';
import * as service from './service.ts';

const tags = ['justice'];
const IMPORT_UPLOAD_LIMIT = 10 * 1024 * 1024;
const errors = { 400: problem, 403: problem, 404: problem, 409: problem };
const callerOf = (request: FastifyRequest): service.Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

export const justiceRoutes: FastifyPluginAsyncZod<{ db: Database; config: Config }> = async (
  app,
  { db, config },
) => {
  // Scoped to this plugin: an import arrives as the CSV file itself.
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: IMPORT_UPLOAD_LIMIT },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/api/justice/outcomes',
    {
      config: { permission: 'justice.read' },
      schema: {
        tags,
        summary: 'Justice outcomes the caller may see, latest decision first',
        querystring: listJusticeOutcomesQuery,
        response: { 200: z.object({ items: z.array(justiceOutcomeSummary) }), 400: problem },
      },
    },
    async (request) => service.listJusticeOutcomes(db, principalOf(request), request.query),
  );

  app.post(
    '/api/justice/outcomes',
    {
      config: { permission: 'justice.write' },
      schema: {
        tags,
        summary: 'Record a court decision as a cited source reports it',
        body: createJusticeOutcomeBody,
        response: { 201: justiceOutcomeView, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.createJusticeOutcome(db, callerOf(request), request.body)),
  );

  app.post(
    '/api/justice/outcomes/import',
    {
      bodyLimit: IMPORT_UPLOAD_LIMIT,
      config: { permission: 'justice.write' },
      schema: {
        tags,
        summary:
          'Import court decisions for one post from CSV (text/csv), all or nothing; errors name the row',
        querystring: z.strictObject({ postId: z.coerce.number().int().positive() }),
        response: {
          201: z.object({ created: z.number().int(), ids: z.array(z.uuid()), sha256: z.string() }),
          400: problem,
          403: problem,
        },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw Invalid.field(
          'body',
          'send the CSV file itself as the body, with Content-Type text/csv',
        );
      const result = await importJusticeOutcomes(
        db,
        callerOf(request),
        request.query.postId,
        request.body,
      );
      return reply.status(201).send(result);
    },
  );

  app.get(
    '/api/justice/outcomes/:id',
    {
      config: { permission: 'justice.read' },
      schema: {
        tags,
        summary: 'One justice outcome with its source',
        params: z.object({ id: z.uuid() }),
        response: { 200: justiceOutcomeView, 404: problem },
      },
    },
    async (request) => service.getJusticeOutcome(db, principalOf(request), request.params.id),
  );

  app.patch(
    '/api/justice/outcomes/:id',
    {
      config: { permission: 'justice.write' },
      schema: {
        tags,
        summary: 'Edit a justice outcome (send the version you edited)',
        params: z.object({ id: z.uuid() }),
        body: updateJusticeOutcomeBody,
        response: { 200: justiceOutcomeView, ...errors },
      },
    },
    async (request) =>
      service.updateJusticeOutcome(db, callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/justice/defendant-groups',
    {
      config: { permission: 'justice.read' },
      schema: {
        tags,
        summary: 'Defendant groups in the words of the sources, with their numbers of cases',
        querystring: defendantGroupsQuery,
        response: {
          200: z.object({
            items: z.array(z.object({ defendantGroup: z.string(), cases: z.number().int() })),
          }),
          400: problem,
        },
      },
    },
    async (request) => service.listDefendantGroups(db, principalOf(request), request.query),
  );

  app.get(
    '/api/justice/comparison',
    {
      config: { permission: 'justice.read' },
      schema: {
        tags,
        summary:
          'Sentences of two defendant groups among comparable cases; the difference of medians ' +
          'is refused below the minimum number of custodial sentences on either side',
        querystring: comparisonQuery,
        response: { 200: comparisonView, 400: problem },
      },
    },
    async (request) =>
      service.compareDefendantGroups(
        db,
        principalOf(request),
        request.query,
        config.sentencingMinCases,
      ),
  );
};
