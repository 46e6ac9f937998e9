// HTTP routes for administrators: a user's sessions, and the sign-in settings.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/access.ts';
import type { AuthDeps } from '../auth/service.ts';
import { sessionView } from '../auth/schemas.ts';
import { MFA_REQUIREMENTS, getSignInSettings, updateSignInSettings } from '../auth/settings.ts';
import * as sessions from './service.ts';

const userParams = z.object({ id: z.uuid() });
const settingsView = z.object({
  mfaRequired: z
    .enum(MFA_REQUIREMENTS)
    .describe("'off', 'all' users, or 'protected': admins and users granted protected details"),
  systemNotice: z.string().describe('Shown on the sign-in page before anyone signs in'),
  version: z.number().int(),
});

export const sessionAdminRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  app.get(
    '/api/admin/users/:id/sessions',
    {
      config: { permission: 'users.read' },
      schema: {
        tags: ['admin'],
        summary: "A user's live sessions",
        params: userParams,
        response: { 200: z.object({ items: z.array(sessionView) }) },
      },
    },
    async (request) => ({
      items: await sessions.listUserSessions(deps.db, request.params.id, request.sessionId),
    }),
  );

  app.delete(
    '/api/admin/users/:id/sessions/:sessionId',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: "End one of a user's sessions",
        params: userParams.extend({ sessionId: z.string().regex(/^[0-9a-f]{64}$/) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await sessions.endUserSession(
        deps.db,
        actorOf(request),
        request.params.id,
        request.params.sessionId,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/users/:id/sessions/end-all',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'End every session of a user',
        params: userParams,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await sessions.endAllUserSessions(deps.db, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/settings/sign-in',
    {
      config: { permission: 'users.read' },
      schema: { tags: ['admin'], summary: 'Sign-in settings', response: { 200: settingsView } },
    },
    async () => getSignInSettings(deps.db),
  );

  app.put(
    '/api/admin/settings/sign-in',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: 'Change the sign-in settings (MFA requirement, system-use notice)',
        body: z.strictObject({
          mfaRequired: z.enum(MFA_REQUIREMENTS),
          systemNotice: z.string().trim().min(1).max(4000),
          version: z.number().int().min(0),
        }),
        response: { 200: settingsView },
      },
    },
    async (request) => updateSignInSettings(deps.db, actorOf(request), request.body),
  );
};
