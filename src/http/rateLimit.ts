// Rate limits beyond sign-in (ASVS 2.4.1: anti-automation against mass exfiltration). A route
// that searches, exports, imports or aggregates a lot declares `config.expensive: true`; it is
// then limited per signed-in user (per address for anyone else) to
// RAPPORTEUR_EXPENSIVE_RATE_PER_MINUTE requests a minute, generous enough for people and the
// benchmarks, low enough to slow a script pulling the whole database. Over the limit the answer
// is 429 problem+json with Retry-After. Counters live in the instance's memory, so behind a load
// balancer each instance counts on its own.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { TooManyAttempts } from '../domain/errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Search, export, import or aggregate work: rate limited per user (see rateLimit.ts). */
    expensive?: boolean;
  }
}

/** Signed-in callers are counted as themselves, wherever they come from; others by address. */
export function rateLimitKey(request: FastifyRequest): string {
  return request.principal ? `user:${request.principal.userId}` : `ip:${request.ip}`;
}

/** What @fastify/rate-limit throws over the limit: our 429 problem, with Retry-After. */
export function rateLimitProblem(
  _request: FastifyRequest,
  context: { after: string; ttl: number },
): TooManyAttempts {
  return new TooManyAttempts(
    `Too many requests; try again in ${context.after}.`,
    Math.max(1, Math.ceil(context.ttl / 1000)),
  );
}

/**
 * Turns `config.expensive` into a rate limit. Must be registered before @fastify/rate-limit,
 * whose own onRoute hook reads `config.rateLimit` right after this one has set it.
 */
export function registerExpensiveRateLimit(app: FastifyInstance, config: Config): void {
  app.addHook('onRoute', (route) => {
    if (!route.config?.expensive) return;
    route.config = {
      ...route.config,
      rateLimit: {
        max: config.expensiveRatePerMinute,
        timeWindow: '1 minute',
        keyGenerator: rateLimitKey,
      },
    };
  });
}
