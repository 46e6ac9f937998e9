// HTTP routes for single sign-on: start (redirect to the identity provider) and callback.
// Failures come back to the sign-in page as ?sso_error=<kind>, which it explains.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { setSessionCookie } from '../../http/access.ts';
import type { AuthDeps } from '../auth/service.ts';
import { OidcFailure, beginOidcLogin, finishOidcLogin } from './service.ts';

const PENDING_COOKIE = 'rapporteur_oidc';
const COOKIE_PATH = '/api/auth/oidc';

/** Only same-site paths are followed after sign-in, never another origin. */
function safeNext(next: string | undefined): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')
    ? next
    : '/';
}

export const oidcRoutes: FastifyPluginAsyncZod<AuthDeps> = async (app, deps) => {
  app.get(
    '/api/auth/oidc/start',
    {
      config: {
        permission: 'public',
        rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Single sign-on: redirects to the identity provider',
        querystring: z.object({ next: z.string().max(500).optional() }),
      },
    },
    async (request, reply) => {
      try {
        const { url, browserSecret } = await beginOidcLogin(
          deps.db,
          deps.config,
          safeNext(request.query.next),
        );
        // Lax, not Strict: the provider's redirect back is a cross-site navigation.
        reply.setCookie(PENDING_COOKIE, browserSecret, {
          path: COOKIE_PATH,
          httpOnly: true,
          sameSite: 'lax',
          secure: request.protocol === 'https',
          maxAge: 600,
        });
        return reply.redirect(url, 303);
      } catch (error) {
        if (!(error instanceof OidcFailure)) throw error;
        request.log.warn({ reason: error.message }, 'single sign-on could not start');
        return reply.redirect(`/login?sso_error=${error.kind}`, 303);
      }
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      config: {
        permission: 'public',
        rateLimit: { max: deps.config.loginRatePerMinute, timeWindow: '1 minute' },
      },
      schema: {
        tags: ['auth'],
        summary: 'Single sign-on: where the identity provider sends the browser back',
        querystring: z.record(z.string(), z.string()),
      },
    },
    async (request, reply) => {
      const browserSecret = request.cookies[PENDING_COOKIE];
      reply.clearCookie(PENDING_COOKIE, { path: COOKIE_PATH });
      const query = new URLSearchParams(request.query).toString();
      const callbackUrl = new URL(deps.config.oidc?.redirectUri ?? 'http://invalid/');
      callbackUrl.search = query;
      try {
        const session = await finishOidcLogin(deps.db, deps.config, {
          browserSecret,
          callbackUrl,
          ip: request.ip,
          userAgent: request.headers['user-agent'],
          requestId: request.id,
          replacesSessionId: request.sessionId,
        });
        setSessionCookie(request, reply, session.token, session.maxAgeSeconds);
        const to =
          session.stage === 'mfa'
            ? '/login/mfa'
            : session.stage === 'enrol'
              ? '/login/enrol'
              : safeNext(session.next);
        return reply.redirect(to, 303);
      } catch (error) {
        if (!(error instanceof OidcFailure)) throw error;
        request.log.warn({ kind: error.kind, reason: error.message }, 'single sign-on refused');
        return reply.redirect(`/login?sso_error=${error.kind}`, 303);
      }
    },
  );
};
