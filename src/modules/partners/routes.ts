// HTTP routes for partner organisations and sharing (editors, admins for organisations) and
// for the partner user's own view of what was shared with their organisation.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connection.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import {
  createPartnerBody,
  createShareBody,
  memberBody,
  partnerSummary,
  partnerView,
  shareView,
  sharedItem,
  sharedSummary,
  updatePartnerBody,
} from './schemas.ts';
import * as service from './service.ts';

const tags = ['partners'];
const errors = { 400: problem, 403: problem, 404: problem, 409: problem };
const byId = z.object({ id: z.uuid() });
const callerOf = (request: FastifyRequest): service.Caller => ({
  principal: principalOf(request),
  actor: actorOf(request),
});

export const partnerRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    '/api/partners',
    {
      config: { permission: 'partner.manage' },
      schema: {
        tags,
        summary: 'Partner organisations',
        response: { 200: z.object({ items: z.array(partnerSummary) }) },
      },
    },
    async () => service.listPartners(db),
  );

  app.post(
    '/api/partners',
    {
      config: { permission: 'partner.manage' },
      schema: {
        tags,
        summary: 'Add a partner organisation (kind; foreign or domestic)',
        body: createPartnerBody,
        response: { 201: partnerView, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await service.createPartner(db, callerOf(request), request.body)),
  );

  app.get(
    '/api/partners/:id',
    {
      config: { permission: 'partner.manage' },
      schema: {
        tags,
        summary: 'A partner organisation with its members and shares',
        params: byId,
        response: { 200: partnerView, 404: problem },
      },
    },
    async (request) => service.getPartner(db, request.params.id),
  );

  app.patch(
    '/api/partners/:id',
    {
      config: { permission: 'partner.manage' },
      schema: {
        tags,
        summary: 'Edit a partner organisation (send its version)',
        params: byId,
        body: updatePartnerBody,
        response: { 200: partnerView, ...errors },
      },
    },
    async (request) =>
      service.updatePartner(db, callerOf(request), request.params.id, request.body),
  );

  app.get(
    '/api/partners/member-candidates',
    {
      config: { permission: 'partner.manage' },
      schema: {
        tags,
        summary: 'Users holding the partner role who belong to no partner organisation yet',
        response: {
          200: z.object({
            items: z.array(
              z.object({ id: z.uuid(), username: z.string(), displayName: z.string() }),
            ),
          }),
          403: problem,
        },
      },
    },
    async () => ({ items: await service.memberCandidates(db) }),
  );

  app.post(
    '/api/partners/:id/members',
    {
      config: { permission: 'partner.manage' },
      schema: {
        tags,
        summary: 'Make a user holding the partner role a member of the organisation',
        params: byId,
        body: memberBody,
        response: { 200: partnerView, ...errors },
      },
    },
    async (request) =>
      service.addMember(db, callerOf(request), request.params.id, request.body.userId),
  );

  app.delete(
    '/api/partners/:id/members/:userId',
    {
      config: { permission: 'partner.manage' },
      schema: {
        tags,
        summary: 'Remove a member',
        params: z.object({ id: z.uuid(), userId: z.uuid() }),
        response: { 200: partnerView, ...errors },
      },
    },
    async (request) =>
      service.removeMember(db, callerOf(request), request.params.id, request.params.userId),
  );

  app.post(
    '/api/partners/:id/shares',
    {
      config: { permission: 'partner.share' },
      schema: {
        tags,
        summary:
          'Share a verified incident, an engagement or an aggregate (verified incidents by category) until a date; the marking decides',
        params: byId,
        body: createShareBody,
        response: { 201: shareView, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.createShare(db, callerOf(request), request.params.id, request.body)),
  );

  app.post(
    '/api/partners/:id/shares/:shareId/revoke',
    {
      config: { permission: 'partner.share' },
      schema: {
        tags,
        summary: "Revoke a share: the partner's next request is refused",
        params: z.object({ id: z.uuid(), shareId: z.uuid() }),
        response: { 200: shareView, ...errors },
      },
    },
    async (request) =>
      service.revokeShare(db, callerOf(request), request.params.id, request.params.shareId),
  );

  app.get(
    '/api/shared',
    {
      config: { permission: 'shared.read' },
      schema: {
        tags,
        summary: "What is shared with the caller's organisation today (audited)",
        response: { 200: z.object({ items: z.array(sharedSummary) }) },
      },
    },
    async (request) => service.sharedWithMe(db, callerOf(request)),
  );

  app.get(
    '/api/shared/:id',
    {
      config: { permission: 'shared.read' },
      schema: {
        tags,
        summary: 'One shared item (audited; anything not shared with the caller is 404, audited)',
        params: byId,
        response: { 200: sharedItem, 404: problem },
      },
    },
    async (request) => service.viewShared(db, callerOf(request), request.params.id),
  );

  app.get(
    '/api/shared/:id/download',
    {
      config: { permission: 'shared.read' },
      schema: {
        tags,
        summary: 'Download one shared item: CSV for an aggregate, JSON for a record (audited)',
        params: byId,
        // No response schema: the body is the file itself (a 404 is problem+json).
      },
    },
    async (request, reply) => {
      const file = await service.downloadShared(db, callerOf(request), request.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .send(file.body);
    },
  );
};
