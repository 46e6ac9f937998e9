// Authentication and route-level authorization for every request. Each route must declare
// `config.permission`; a route without one makes the server refuse to start, so no endpoint
// can be added without a decision about who may call it (the authorization-matrix test
// enumerates the same table). Cookie sessions must also prove the request came from our own
// pages (CSRF token header) on every state-changing method.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../db/audit.ts';
import type { SessionStage } from '../db/schema/identity.ts';
import { Forbidden, Unauthorized } from '../domain/errors.ts';
import { PERMISSIONS, can, type Permission, type Principal } from '../domain/policy.ts';
import {
  csrfTokenMatches,
  resolveApiToken,
  resolveSession,
  type AuthDeps,
} from '../modules/auth/service.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: Permission;
    /**
     * Routes a partial session may call: 'mfa' while the second factor is pending, 'enrol'
     * while a required factor is being enrolled, 'any' for both. Others need a full session.
     */
    partialSession?: 'mfa' | 'enrol' | 'any';
  }
  interface FastifyInstance {
    /** Every route with the permission it declared, for the authorization matrix and docs. */
    routeTable: { method: string; url: string; permission: Permission }[];
  }
  interface FastifyRequest {
    principal?: Principal;
    sessionId?: string;
    csrfToken?: string;
    sessionStage?: SessionStage;
    sessionMethod?: string;
  }
}

export const SESSION_COOKIE = 'rapporteur_session';
export const SECURE_SESSION_COOKIE = '__Host-rapporteur_session';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function sessionCookieName(request: FastifyRequest): string {
  return request.protocol === 'https' ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  maxAgeSeconds: number,
) {
  reply.setCookie(sessionCookieName(request), token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: request.protocol === 'https',
    maxAge: maxAgeSeconds,
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply) {
  reply.clearCookie(sessionCookieName(request), { path: '/' });
}

/** The audit actor for this request. */
export function actorOf(request: FastifyRequest): Actor & { id: string } {
  const p = request.principal;
  if (!p) throw new Unauthorized('Sign in first.');
  return { id: p.userId, label: p.username, requestId: request.id };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Unauthorized('Sign in first.');
  return request.principal;
}

export function registerAccessControl(app: FastifyInstance, deps: AuthDeps): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('sessionId', undefined);
  app.decorateRequest('csrfToken', undefined);
  app.decorateRequest('sessionStage', undefined);
  app.decorateRequest('sessionMethod', undefined);

  const routeTable: FastifyInstance['routeTable'] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (!permission || !(permission in PERMISSIONS)) {
      throw new Error(
        `Route ${String(route.method)} ${route.url} declares no valid config.permission`,
      );
    }
    for (const method of [route.method].flat())
      routeTable.push({ method, url: route.url, permission });
  });

  app.addHook('onRequest', async (request) => {
    const permission = request.routeOptions.config.permission;
    if (!permission) return; // 404 handler and static files
    await authenticate(request, deps);
    if (permission === 'public') return;
    if (!request.principal) throw new Unauthorized('Sign in first.');
    const stage = request.sessionStage;
    if (stage && stage !== 'full') {
      const allowed = request.routeOptions.config.partialSession;
      if (allowed !== 'any' && allowed !== stage)
        throw new Forbidden(
          stage === 'mfa'
            ? 'Finish signing in with your second factor first.'
            : 'Set up a second factor first: this installation requires one.',
        );
    }
    if (request.sessionId && !SAFE_METHODS.has(request.method)) {
      const header = request.headers['x-csrf-token'];
      if (
        !csrfTokenMatches(request.csrfToken ?? '', typeof header === 'string' ? header : undefined)
      ) {
        throw new Forbidden(
          'This request did not come from a Rapporteur page (missing or wrong CSRF token). Reload the page.',
        );
      }
    }
    if (
      request.principal.via === 'token' &&
      !SAFE_METHODS.has(request.method) &&
      !request.principal.tokenScopes?.includes('write')
    ) {
      throw new Forbidden('This API token is read-only.');
    }
    if (
      request.principal.mustChangePassword &&
      permission !== 'authenticated' &&
      permission !== 'self.manage'
    ) {
      throw new Forbidden('Your password is temporary: change it before doing anything else.');
    }
    if (!can(request.principal, permission)) {
      request.log.info({ permission, user: request.principal.username }, 'authorization refused');
      throw new Forbidden(`Your role does not allow this (needs "${permission}").`);
    }
  });
}

async function authenticate(request: FastifyRequest, deps: AuthDeps): Promise<void> {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) {
    const principal = await resolveApiToken(deps, auth.slice(7).trim());
    if (!principal) throw new Unauthorized('The API token is not valid, expired or revoked.');
    request.principal = principal;
    return;
  }
  const cookie = request.cookies[SECURE_SESSION_COOKIE] ?? request.cookies[SESSION_COOKIE];
  if (!cookie) return;
  const session = await resolveSession(deps, cookie);
  if (!session) return;
  request.principal = session.principal;
  request.sessionId = session.sessionId;
  request.csrfToken = session.csrfToken;
  request.sessionStage = session.stage;
  request.sessionMethod = session.method;
}
