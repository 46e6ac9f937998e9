// HTTP routes for engagements with host governments: the log, one engagement, its edit, a
// country's timeline and the overdue follow-ups for the dashboard.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import {
  createEngagementBody,
  engagementSummary,
  engagementView,
  listEngagementsQuery,
  overdueFollowUp,
  updateEngagementBody,
} from './schemas.ts';
import * as service from './service.ts';

const tags = ['engagements'];
const errors = { 400: problem, 403: problem, 404: problem, 409: problem };
const callerOf = (request: FastifyRequest): service.Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

export const engagementRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/engagements',
    {
      config: { permission: 'engagement.read' },
      schema: {
        tags,
        summary: 'Engagements the caller may see, newest first',
        querystring: listEngagementsQuery,
        response: { 200: z.object({ items: z.array(engagementSummary) }), 400: problem },
      },
    },
    async (request) => service.listEngagements(db, principalOf(request), request.query),
  );

  app.get(
    '/api/engagements/overdue-follow-ups',
    {
      config: { permission: 'engagement.read' },
      schema: {
        tags,
        summary:
          'Open follow-ups past their due date, for the posts (or regions) the caller works for',
        response: { 200: z.object({ items: z.array(overdueFollowUp) }) },
      },
    },
    async (request) => service.overdueFollowUps(db, principalOf(request)),
  );

  app.get(
    '/api/engagements/timeline/:country',
    {
      config: { permission: 'engagement.read' },
      schema: {
        tags,
        summary: "A country's engagements, oldest first",
        params: z.object({ country: z.string().trim().length(2).toUpperCase() }),
        response: {
          200: z.object({ countryCode: z.string(), items: z.array(engagementSummary) }),
          400: problem,
          404: problem,
        },
      },
    },
    async (request) => service.countryTimeline(db, principalOf(request), request.params.country),
  );

  app.post(
    '/api/engagements',
    {
      config: { permission: 'engagement.write' },
      schema: {
        tags,
        summary: 'Log an engagement with its follow-ups and sources',
        body: createEngagementBody,
        response: { 201: engagementView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createEngagement(db, callerOf(request), request.body)),
  );

  app.get(
    '/api/engagements/:id',
    {
      config: { permission: 'engagement.read' },
      schema: {
        tags,
        summary: 'One engagement with its follow-ups and sources',
        params: z.object({ id: z.uuid() }),
        response: { 200: engagementView, 404: problem },
      },
    },
    async (request) => service.getEngagement(db, principalOf(request), request.params.id),
  );

  app.patch(
    '/api/engagements/:id',
    {
      config: { permission: 'engagement.write' },
      schema: {
        tags,
        summary:
          'Edit an engagement (send the version you edited; lists given replace the old ones)',
        params: z.object({ id: z.uuid() }),
        body: updateEngagementBody,
        response: { 200: engagementView, ...errors },
      },
    },
    async (request) =>
      service.updateEngagement(db, callerOf(request), request.params.id, request.body),
  );
};
