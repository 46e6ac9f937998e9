// HTTP routes for sign-in, sign-out, the current user, password change and API tokens.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf, clearSessionCookie, principalOf, setSessionCookie } from '../../http/access.ts';
import { Unauthorized } from '../../domain/errors.ts';
import * as auth from './service.ts';
import {
  changePasswordBody,
  createTokenBody,
  createdToken,
  endAllBody,
  loginBody,
  me,
  problem,
  sessionView,
  signInOptions,
  tokenView,
} from './schemas.ts';
import { oidcStatus } from '../oidc/service.ts';
import { getSignInSettings } from './settings.ts';

export const authRoutes: FastifyPluginAsyncZod<auth.AuthDeps> = async (app, deps) => {
  app.post(
    '/api/auth/login',
    {
      config: {
        permission: 'public',
        rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with user name and password',
        body: loginBody,
        response: { 200: z.object({ user: me }), 401: problem, 403: problem, 429: problem },
      },
    },
    async (request, reply) => {
      const session = await auth.login(deps, {
        ...request.body,
        ip: request.ip,
        userAgent: request.headers['user-agent'],
        requestId: request.id,
        replacesSessionId: request.sessionId,
      });
      setSessionCookie(request, reply, session.token, session.maxAgeSeconds);
      const principal = await auth.principalFor(deps.db, session.userId, 'session');
      if (!principal) throw new Unauthorized('Not signed in.');
      const acting = session.stage === 'full' ? principal : { ...principal, roles: [] };
      return { user: auth.describeMe(acting, session.csrfToken, session.stage, 'password') };
    },
  );

  app.get(
    '/api/auth/options',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'How one can sign in here, and the system-use notice shown before sign-in',
        response: { 200: signInOptions },
      },
    },
    async () => {
      const settings = await getSignInSettings(deps.db);
      const oidc = deps.config.oidc;
      return {
        localLogin: deps.config.localLogin,
        breakGlass: !deps.config.localLogin && deps.config.breakGlassUsers.length > 0,
        oidc: oidc ? { name: oidc.providerName, available: await oidcStatus(deps.config) } : null,
        systemNotice: settings.systemNotice,
      };
    },
  );

  app.get(
    '/api/auth/sessions',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Your live sessions',
        response: { 200: z.object({ items: z.array(sessionView) }) },
      },
    },
    async (request) => ({
      items: await auth.listSessions(deps, principalOf(request).userId, request.sessionId),
    }),
  );

  app.post(
    '/api/auth/sessions/end-all',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['auth'],
        summary: 'Sign out everywhere: end every session of yours, this one included',
        body: endAllBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.endAllSessions(deps, actorOf(request));
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { permission: 'authenticated', partialSession: 'any' },
      schema: { tags: ['auth'], summary: 'Sign out', response: { 204: z.null() } },
    },
    async (request, reply) => {
      if (request.sessionId) await auth.logout(deps, request.sessionId, actorOf(request));
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { permission: 'authenticated', partialSession: 'any' },
      schema: {
        tags: ['auth'],
        summary: 'The signed-in user, roles and permissions',
        response: { 200: me },
      },
    },
    async (request) =>
      auth.describeMe(
        principalOf(request),
        request.csrfToken ?? '',
        request.sessionStage ?? 'full',
        request.sessionMethod ?? (request.principal?.via === 'token' ? 'token' : 'password'),
      ),
  );

  app.post(
    '/api/auth/password',
    {
      config: { permission: 'self.manage' },
      schema: {
        tags: ['auth'],
        summary: 'Change your own password',
        body: changePasswordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.changePassword(deps, actorOf(request), {
        ...request.body,
        keepSessionId: request.sessionId,
      });
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/auth/tokens',
    {
      config: { permission: 'self.manage' },
      schema: {
        tags: ['auth'],
        summary: 'Your API tokens',
        response: { 200: z.object({ items: z.array(tokenView) }) },
      },
    },
    async (request) => ({ items: await auth.listApiTokens(deps, principalOf(request).userId) }),
  );

  app.post(
    '/api/auth/tokens',
    {
      config: { permission: 'self.manage' },
      schema: {
        tags: ['auth'],
        summary: 'Create an API token acting as you',
        body: createTokenBody,
        response: { 201: createdToken },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await auth.createApiToken(deps, actorOf(request), request.body)),
  );

  app.delete(
    '/api/auth/tokens/:id',
    {
      config: { permission: 'self.manage' },
      schema: {
        tags: ['auth'],
        summary: 'Revoke one of your API tokens',
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.revokeApiToken(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
