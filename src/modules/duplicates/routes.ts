// HTTP routes for duplicate candidates of an incident and for merging one record into another.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/connection.ts';
import { keyringFor } from '../protected/keyring.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import { incidentView } from '../incidents/schemas.ts';
import { duplicateList, mergeBody } from './schemas.ts';
import * as service from './service.ts';

const byId = z.object({ id: z.uuid() });
const tags = ['incidents'];

export const duplicateRoutes: FastifyPluginAsyncZod<{ db: Database; config: Config }> = async (
  app,
  { db, config },
) => {
  const keyring = keyringFor(config);
  app.get(
    '/api/incidents/:id/duplicates',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags,
        summary:
          'Possible duplicates: same country, overlapping period (±3 days), a shared category, ' +
          'similar title, narrative or place; best first with a 0–100 score and the reasons',
        params: byId,
        response: { 200: duplicateList, 404: problem },
      },
    },
    async (request) => service.findDuplicates(db, principalOf(request), request.params.id),
  );

  app.post(
    '/api/incidents/:id/merge',
    {
      config: { permission: 'incident.merge' },
      schema: {
        tags,
        summary:
          'Merge record `duplicateId` into this one: its sources, comments, attachments, ' +
          'protected details, acts, ' +
          'victims, perpetrators and history are kept here; it becomes "merged" and its ' +
          '`mergedInto` names this record (send both versions you saw)',
        params: byId,
        body: mergeBody,
        response: { 200: incidentView, 400: problem, 403: problem, 404: problem, 409: problem },
      },
    },
    async (request) =>
      service.mergeIncident(
        { db, keyring },
        { principal: principalOf(request), actor: actorOf(request) },
        request.params.id,
        request.body,
      ),
  );
};
