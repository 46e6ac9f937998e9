// HTTP routes for incidents: the record, its list and search, the review workflow, source
// links, comments and history. Each handler parses, calls one service function and replies.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import * as evidence from './evidence.ts';
import {
  commentBody,
  commentView,
  createIncidentBody,
  decisionBody,
  historyEntry,
  incidentView,
  sourceLinkInput,
  updateIncidentBody,
  versionBody,
} from './schemas.ts';
import * as service from './service.ts';
import * as workflow from './workflow.ts';

const byId = z.object({ id: z.uuid() });
const tags = ['incidents'];
const errors = { 400: problem, 403: problem, 404: problem, 409: problem };
const callerOf = (request: FastifyRequest): service.Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

export const incidentRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  // The list (GET /api/incidents) lives with search, facets and exports in ../incidentSearch.

  app.post(
    '/api/incidents',
    {
      config: { permission: 'incident.write' },
      schema: {
        tags,
        summary: 'Record a draft incident',
        body: createIncidentBody,
        response: { 201: incidentView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createIncident(db, callerOf(request), request.body)),
  );

  app.get(
    '/api/incidents/:id',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags,
        summary: 'One incident with its acts, victims, perpetrators and sources',
        params: byId,
        response: { 200: incidentView, 404: problem },
      },
    },
    async (request) => service.getIncident(db, principalOf(request), request.params.id),
  );

  app.patch(
    '/api/incidents/:id',
    {
      config: { permission: 'incident.write' },
      schema: {
        tags,
        summary: 'Edit an incident (send the version you edited)',
        params: byId,
        body: updateIncidentBody,
        response: { 200: incidentView, ...errors },
      },
    },
    async (request) =>
      service.updateIncident(db, callerOf(request), request.params.id, request.body),
  );

  app.post(
    '/api/incidents/:id/submit',
    {
      config: { permission: 'incident.submit' },
      schema: {
        tags,
        summary: "Submit for review (the post's approver)",
        params: byId,
        body: versionBody,
        response: { 200: incidentView, ...errors },
      },
    },
    async (request) =>
      workflow.submitIncident(db, callerOf(request), request.params.id, request.body.version),
  );

  for (const decision of ['return', 'verify', 'reject'] as const) {
    app.post(
      `/api/incidents/:id/${decision}`,
      {
        config: { permission: 'incident.review' },
        schema: {
          tags,
          summary: `${decision[0]!.toUpperCase()}${decision.slice(1)} a submitted incident (a reviewer who did not write or edit it)`,
          params: byId,
          body: decisionBody,
          response: { 200: incidentView, ...errors },
        },
      },
      async (request) =>
        workflow.reviewIncident(db, callerOf(request), request.params.id, {
          decision,
          ...request.body,
        }),
    );
  }

  app.post(
    '/api/incidents/:id/sources',
    {
      config: { permission: 'incident.write' },
      schema: {
        tags,
        summary: 'Link a source (or regrade its link)',
        params: byId,
        body: sourceLinkInput,
        response: { 200: incidentView, ...errors },
      },
    },
    async (request) => evidence.linkSource(db, callerOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/incidents/:id/sources/:sourceId',
    {
      config: { permission: 'incident.write' },
      schema: {
        tags,
        summary: 'Unlink a source',
        params: z.object({ id: z.uuid(), sourceId: z.uuid() }),
        response: { 200: incidentView, ...errors },
      },
    },
    async (request) =>
      evidence.unlinkSource(db, callerOf(request), request.params.id, request.params.sourceId),
  );

  app.get(
    '/api/incidents/:id/comments',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags,
        summary: "The record's comment thread",
        params: byId,
        response: { 200: z.object({ items: z.array(commentView) }), 404: problem },
      },
    },
    async (request) => ({
      items: await evidence.listComments(db, principalOf(request), request.params.id),
    }),
  );

  app.post(
    '/api/incidents/:id/comments',
    {
      config: { permission: 'incident.comment' },
      schema: {
        tags,
        summary: 'Comment on the record',
        params: byId,
        body: commentBody,
        response: { 201: commentView, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await evidence.addComment(db, callerOf(request), request.params.id, request.body.body),
        ),
  );

  app.get(
    '/api/incidents/:id/history',
    {
      config: { permission: 'incident.read' },
      schema: {
        tags,
        summary: "The record's audit history with field-level changes",
        params: byId,
        response: { 200: z.object({ items: z.array(historyEntry) }), 404: problem },
      },
    },
    async (request) => ({
      items: await evidence.incidentHistory(db, principalOf(request), request.params.id),
    }),
  );
};
