// HTTP routes for source records.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { actorOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import { createSourceBody, listSourcesQuery, sourceView, updateSourceBody } from './schemas.ts';
import * as service from './service.ts';

const byId = z.object({ id: z.uuid() });

export const sourceRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/sources',
    {
      config: { permission: 'source.read' },
      schema: {
        tags: ['sources'],
        summary: 'Find sources by title or publisher (the source picker)',
        querystring: listSourcesQuery,
        response: { 200: z.object({ items: z.array(sourceView) }) },
      },
    },
    async (request) => ({ items: await service.listSources(db, request.query) }),
  );

  app.post(
    '/api/sources',
    {
      config: { permission: 'source.write' },
      schema: {
        tags: ['sources'],
        summary: 'Record a source',
        body: createSourceBody,
        response: { 201: sourceView, 400: problem },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createSource(db, actorOf(request), request.body)),
  );

  app.get(
    '/api/sources/:id',
    {
      config: { permission: 'source.read' },
      schema: {
        tags: ['sources'],
        summary: 'One source',
        params: byId,
        response: { 200: sourceView, 404: problem },
      },
    },
    async (request) => service.getSource(db, request.params.id),
  );

  app.patch(
    '/api/sources/:id',
    {
      config: { permission: 'source.write' },
      schema: {
        tags: ['sources'],
        summary: 'Edit a source',
        params: byId,
        body: updateSourceBody,
        response: { 200: sourceView, 400: problem, 404: problem, 409: problem },
      },
    },
    async (request) => service.updateSource(db, actorOf(request), request.params.id, request.body),
  );
};
