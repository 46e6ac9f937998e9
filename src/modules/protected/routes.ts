// HTTP routes for protected victim and witness details (only on explicit request, per
// incident) and for the grants that allow them (admins).
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/connection.ts';
import { actorOf, principalOf } from '../../http/access.ts';
import { problem } from '../auth/schemas.ts';
import { keyringFor, type Keyring } from './keyring.ts';
import {
  createProtectedBody,
  grantBody,
  grantView,
  protectedSummary,
  protectedView,
  updateProtectedBody,
} from './schemas.ts';
import * as service from './service.ts';

const byId = z.object({ id: z.uuid() });
const byDetail = z.object({ id: z.uuid(), detailId: z.uuid() });
const tags = ['protected details'];
const errors = { 400: problem, 403: problem, 404: problem, 409: problem };

export const protectedRoutes: FastifyPluginAsyncZod<{
  db: Database;
  config: Config;
  keyring?: Keyring;
}> = async (app, { db, config, keyring }) => {
  const deps: service.ProtectedDeps = {
    db,
    keyring: keyring ?? keyringFor(config),
  };
  const caller = (request: FastifyRequest) => ({
    principal: principalOf(request),
    actor: actorOf(request),
  });

  app.get(
    '/api/incidents/:id/protected-details/summary',
    {
      config: { permission: 'protected.read' },
      schema: {
        tags,
        summary:
          'Whether the caller is granted the protected details of this incident, and how many people they cover (no details)',
        params: byId,
        response: { 200: protectedSummary, 404: problem },
      },
    },
    async (request) => service.protectedSummary(deps, principalOf(request), request.params.id),
  );

  app.get(
    '/api/incidents/:id/protected-details',
    {
      config: { permission: 'protected.read' },
      schema: {
        tags,
        summary:
          'The protected victim and witness details in clear (granted users only; every call is audited)',
        params: byId,
        response: { 200: z.object({ items: z.array(protectedView) }), 403: problem, 404: problem },
      },
    },
    async (request) => ({
      items: await service.viewProtected(deps, caller(request), request.params.id),
    }),
  );

  app.post(
    '/api/incidents/:id/protected-details',
    {
      config: { permission: 'protected.write' },
      schema: {
        tags,
        summary: 'Record a victim or witness (encrypted at rest)',
        params: byId,
        body: createProtectedBody,
        response: { 201: protectedView, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await service.addProtected(deps, caller(request), request.params.id, request.body)),
  );

  app.put(
    '/api/incidents/:id/protected-details/:detailId',
    {
      config: { permission: 'protected.write' },
      schema: {
        tags,
        summary: 'Replace a victim or witness record (send the version you edited)',
        params: byDetail,
        body: updateProtectedBody,
        response: { 200: protectedView, ...errors },
      },
    },
    async (request) =>
      service.updateProtected(
        deps,
        caller(request),
        request.params.id,
        request.params.detailId,
        request.body,
      ),
  );

  app.delete(
    '/api/incidents/:id/protected-details/:detailId',
    {
      config: { permission: 'protected.write' },
      schema: {
        tags,
        summary: 'Delete a victim or witness record',
        params: byDetail,
        response: { 204: z.null(), ...errors },
      },
    },
    async (request, reply) => {
      await service.deleteProtected(
        deps,
        caller(request),
        request.params.id,
        request.params.detailId,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/protected-grants',
    {
      config: { permission: 'users.read' },
      schema: {
        tags,
        summary: 'Who is granted the protected details of which post',
        response: { 200: z.object({ items: z.array(grantView) }) },
      },
    },
    async () => ({ items: await service.listGrants(db) }),
  );

  app.post(
    '/api/protected-grants',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: "Grant a user the protected details of a post's incidents",
        body: grantBody,
        response: { 201: z.object({ created: z.boolean() }), 400: problem },
      },
    },
    async (request, reply) =>
      reply.status(201).send({ created: await service.grant(db, actorOf(request), request.body) }),
  );

  app.delete(
    '/api/protected-grants/:userId/:postId',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags,
        summary: 'Withdraw a grant',
        params: z.object({ userId: z.uuid(), postId: z.coerce.number().int().min(1) }),
        response: { 204: z.null(), 404: problem },
      },
    },
    async (request, reply) => {
      await service.revoke(db, actorOf(request), request.params);
      return reply.status(204).send(null);
    },
  );
};
