// HTTP routes for text ingestion: paste (JSON) or upload (the file as the request body, any of
// the accepted media types, metadata as query parameters), the review queue, one document with
// its proposals, field decisions, accept and discard.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { Invalid } from '../../domain/errors.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import { INGEST_FILE_LIMIT } from './decode.ts';
import {
  decideBody,
  documentSummary,
  documentView,
  ingestFileQuery,
  ingestResult,
  ingestTextBody,
  listDocumentsQuery,
  proposalView,
  versionBody,
} from './schemas.ts';
import * as service from './service.ts';

const tags = ['ingest'];
const byId = z.object({ id: z.uuid() });
const errors = { 400: problem, 403: problem, 404: problem, 409: problem };
const callerOf = (request: FastifyRequest) => ({
  principal: principalOf(request),
  actor: actorOf(request),
});
const UPLOAD_TYPES = [
  'text/plain',
  'text/markdown',
  'text/html',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/octet-stream',
];

export const ingestRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  // Scoped to this plugin; one byte over the limit so that the service names the limit itself.
  app.addContentTypeParser(
    UPLOAD_TYPES,
    { parseAs: 'buffer', bodyLimit: INGEST_FILE_LIMIT + 1 },
    (_r, body, done) => done(null, body),
  );
  app.addHook('onError', async (request, _reply, error) => {
    if (
      (error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE' &&
      request.url.startsWith('/api/ingest/file')
    )
      (error as { message: string }).message =
        `The file is larger than the limit of ${INGEST_FILE_LIMIT / 1048576} MB.`;
  });

  app.post(
    '/api/ingest/text',
    {
      config: { permission: 'ingest.write' },
      schema: {
        tags,
        summary: 'Read pasted text in: a source record and proposed records to review',
        body: ingestTextBody,
        response: { 200: ingestResult, 201: ingestResult, ...errors },
      },
    },
    async (request, reply) => {
      const result = await service.ingest(
        db,
        { actor: actorOf(request), principal: principalOf(request) },
        request.body,
      );
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  );

  app.post(
    '/api/ingest/file',
    {
      bodyLimit: INGEST_FILE_LIMIT + 1,
      config: { permission: 'ingest.write' },
      schema: {
        tags,
        summary: `Read a file in (.txt, .md, .html, .pdf with a text layer, .docx; the body is the file, up to ${INGEST_FILE_LIMIT / 1048576} MB)`,
        querystring: ingestFileQuery,
        response: { 200: ingestResult, 201: ingestResult, 413: problem, ...errors },
      },
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body))
        throw Invalid.field('file', 'send the file itself as the request body');
      const { fileName, ...meta } = request.query;
      const result = await service.ingest(
        db,
        { actor: actorOf(request), principal: principalOf(request) },
        {
          ...meta,
          file: {
            bytes: request.body,
            fileName,
            mediaType: request.headers['content-type'] ?? null,
          },
        },
      );
      return reply.status(result.duplicate ? 200 : 201).send(result);
    },
  );

  app.get(
    '/api/ingest/documents',
    {
      config: { permission: 'ingest.read' },
      schema: {
        tags,
        summary: 'The review queue: documents read in, newest first',
        querystring: listDocumentsQuery,
        response: { 200: z.object({ items: z.array(documentSummary) }) },
      },
    },
    async (request) => ({
      items: await service.listDocuments(db, principalOf(request), request.query),
    }),
  );

  app.get(
    '/api/ingest/documents/:id',
    {
      config: { permission: 'ingest.read' },
      schema: {
        tags,
        summary: 'One document: its text, what was extracted, and the proposals',
        params: byId,
        response: { 200: documentView, 404: problem },
      },
    },
    async (request) => service.getDocument(db, principalOf(request), request.params.id),
  );

  app.patch(
    '/api/ingest/proposals/:id',
    {
      config: { permission: 'ingest.write' },
      schema: {
        tags,
        summary: 'Accept, edit or discard proposed fields',
        params: byId,
        body: decideBody,
        response: { 200: proposalView, ...errors },
      },
    },
    async (request) => service.decideFields(db, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/ingest/proposals/:id/accept',
    {
      config: { permission: 'ingest.write' },
      schema: {
        tags,
        summary:
          'Accept a proposal: an incident, engagement or directive proposal becomes a draft of that record from its accepted fields, linked to the source (403 naming the permission the record needs)',
        params: byId,
        body: versionBody,
        response: { 200: proposalView, ...errors },
      },
    },
    async (request) =>
      service.acceptProposal(db, callerOf(request), request.params.id, request.body.version),
  );

  app.post(
    '/api/ingest/proposals/:id/discard',
    {
      config: { permission: 'ingest.write' },
      schema: {
        tags,
        summary: 'Discard a proposal',
        params: byId,
        body: versionBody,
        response: { 200: proposalView, ...errors },
      },
    },
    async (request) =>
      service.discardProposal(db, callerOf(request), request.params.id, request.body.version),
  );
};
