// HTTP routes for second factors: the second sign-in step, enrolment, and their management.
// Partial sessions reach only the routes marked for their stage (see src/http/access.ts).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, principalOf, setSessionCookie } from '../../http/access.ts';
import { Unauthorized } from '../../domain/errors.ts';
import { describeMe, mfaRequiredFor, principalFor, type AuthDeps } from '../auth/service.ts';
import { me } from '../auth/schemas.ts';
import * as mfa from './service.ts';

const codeBody = z.strictObject({ code: z.string().trim().min(1).max(40) });
const passwordBody = z.strictObject({ currentPassword: z.string().max(1024).optional() });
const json = z.record(z.string(), z.unknown());
const stepResult = z.object({ user: me.nullable(), recoveryCodes: z.array(z.string()) });
const status = z.object({
  totp: z.boolean(),
  recoveryCodesLeft: z.number().int(),
  webauthn: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      createdAt: z.date(),
      lastUsedAt: z.date().nullable(),
    }),
  ),
  required: z.boolean(),
});

function contextOf(request: FastifyRequest): mfa.MfaContext {
  const p = principalOf(request);
  return {
    userId: p.userId,
    username: p.username,
    displayName: p.displayName,
    sessionId: request.sessionId,
    stage: request.sessionStage ?? 'full',
    method: request.sessionMethod ?? 'password',
    ip: request.ip,
    userAgent: request.headers['user-agent'],
    requestId: request.id,
  };
}

export function relyingParty(
  request: FastifyRequest,
  publicUrl: string | undefined,
): mfa.RelyingParty {
  const origin = publicUrl ?? `${request.protocol}://${request.host}`;
  return { origin, rpID: new URL(origin).hostname };
}

export const mfaRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  /** Answers a completed step: the new full session's cookie and the user, or nothing new. */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    result: {
      session?: { token: string; csrfToken: string; maxAgeSeconds: number } | undefined;
      recoveryCodes?: string[];
    },
    method: string,
  ) {
    const session = result.session;
    if (!session) return { user: null, recoveryCodes: result.recoveryCodes ?? [] };
    setSessionCookie(request, reply, session.token, session.maxAgeSeconds);
    const principal = await principalFor(deps.db, principalOf(request).userId, 'session');
    if (!principal) throw new Unauthorized('Not signed in.');
    return {
      user: describeMe(principal, session.csrfToken, 'full', method),
      recoveryCodes: result.recoveryCodes ?? [],
    };
  }
  const stepped = (request: FastifyRequest, factor: string) =>
    `${(request.sessionMethod ?? 'password').split('+')[0]}+${factor}`;

  app.get(
    '/api/auth/mfa',
    {
      config: { permission: 'authenticated', partialSession: 'any' },
      schema: { tags: ['mfa'], summary: 'Your second factors', response: { 200: status } },
    },
    async (request) => {
      const userId = principalOf(request).userId;
      return {
        ...(await mfa.factorStatus(deps, userId)),
        required: await mfaRequiredFor(deps.db, userId),
      };
    },
  );

  app.post(
    '/api/auth/mfa/totp/setup',
    {
      config: { permission: 'authenticated', partialSession: 'enrol' },
      schema: {
        tags: ['mfa'],
        summary: 'Start setting up an authenticator app: secret, otpauth URI and QR code',
        response: { 200: z.object({ secret: z.string(), uri: z.string(), qrCode: z.string() }) },
      },
    },
    async (request) => mfa.setupTotp(deps, contextOf(request)),
  );

  app.post(
    '/api/auth/mfa/totp/confirm',
    {
      config: { permission: 'authenticated', partialSession: 'enrol' },
      schema: {
        tags: ['mfa'],
        summary:
          'Confirm the authenticator app with its current code; recovery codes are shown once',
        body: codeBody,
        response: { 200: stepResult },
      },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        await mfa.confirmTotp(deps, contextOf(request), request.body.code),
        stepped(request, 'totp'),
      ),
  );

  app.post(
    '/api/auth/mfa/totp/verify',
    {
      config: { permission: 'authenticated', partialSession: 'mfa' },
      schema: {
        tags: ['mfa'],
        summary: 'Second sign-in step with an authenticator app code',
        body: codeBody,
        response: { 200: stepResult },
      },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        { session: await mfa.verifyTotp(deps, contextOf(request), request.body.code) },
        stepped(request, 'totp'),
      ),
  );

  app.post(
    '/api/auth/mfa/recovery/verify',
    {
      config: { permission: 'authenticated', partialSession: 'mfa' },
      schema: {
        tags: ['mfa'],
        summary: 'Second sign-in step with a one-time recovery code',
        body: codeBody,
        response: { 200: stepResult },
      },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        { session: await mfa.verifyRecoveryCode(deps, contextOf(request), request.body.code) },
        stepped(request, 'recovery'),
      ),
  );

  app.post(
    '/api/auth/mfa/recovery/renew',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['mfa'],
        summary: 'Replace your recovery codes with ten new ones (shown once)',
        body: passwordBody,
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }) },
      },
    },
    async (request) =>
      mfa.regenerateRecoveryCodes(deps, contextOf(request), request.body.currentPassword),
  );

  app.post(
    '/api/auth/mfa/totp/remove',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['mfa'],
        summary: 'Remove your authenticator app',
        body: passwordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await mfa.removeTotp(deps, contextOf(request), request.body.currentPassword);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/auth/mfa/webauthn/register/options',
    {
      config: { permission: 'authenticated', partialSession: 'enrol' },
      schema: {
        tags: ['mfa'],
        summary: 'Options for registering a passkey or security key',
        response: { 200: json },
      },
    },
    async (request) =>
      (await mfa.webauthnRegistrationOptions(
        deps,
        contextOf(request),
        relyingParty(request, deps.config.publicUrl),
      )) as unknown as Record<string, unknown>,
  );

  app.post(
    '/api/auth/mfa/webauthn/register',
    {
      config: { permission: 'authenticated', partialSession: 'enrol' },
      schema: {
        tags: ['mfa'],
        summary: 'Register a passkey or security key',
        body: z.strictObject({ name: z.string().trim().min(1).max(100), response: json }),
        response: { 200: stepResult },
      },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        await mfa.webauthnRegister(
          deps,
          contextOf(request),
          relyingParty(request, deps.config.publicUrl),
          {
            name: request.body.name,
            response: request.body.response as never,
          },
        ),
        stepped(request, 'webauthn'),
      ),
  );

  app.post(
    '/api/auth/mfa/webauthn/authenticate/options',
    {
      config: { permission: 'authenticated', partialSession: 'mfa' },
      schema: {
        tags: ['mfa'],
        summary: 'Options for the second sign-in step with a security key',
        response: { 200: json },
      },
    },
    async (request) =>
      (await mfa.webauthnAuthenticationOptions(
        deps,
        contextOf(request),
        relyingParty(request, deps.config.publicUrl),
      )) as unknown as Record<string, unknown>,
  );

  app.post(
    '/api/auth/mfa/webauthn/authenticate',
    {
      config: { permission: 'authenticated', partialSession: 'mfa' },
      schema: {
        tags: ['mfa'],
        summary: 'Second sign-in step with a passkey or security key',
        body: z.strictObject({ response: json }),
        response: { 200: stepResult },
      },
    },
    async (request, reply) =>
      answer(
        request,
        reply,
        {
          session: await mfa.webauthnAuthenticate(
            deps,
            contextOf(request),
            relyingParty(request, deps.config.publicUrl),
            request.body.response as never,
          ),
        },
        stepped(request, 'webauthn'),
      ),
  );

  app.post(
    '/api/auth/mfa/webauthn/:id/remove',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['mfa'],
        summary: 'Remove one of your passkeys or security keys',
        params: z.object({ id: z.string().min(1).max(1000) }),
        body: passwordBody,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await mfa.removeCredential(
        deps,
        contextOf(request),
        request.params.id,
        request.body.currentPassword,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/users/:id/mfa/reset',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['admin'],
        summary: "Clear a user's second factors and end their sessions (lost device)",
        params: z.object({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await mfa.resetFactors(deps, actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
