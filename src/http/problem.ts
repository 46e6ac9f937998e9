// Turns every error into RFC 9457 problem+json: typed domain errors keep their status and
// field list; request validation failures name each field; database constraint violations
// become 400/409 naming the constraint; a full disk is a 507 saying so; anything else is a 500
// with no internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, TooManyAttempts, Conflict } from '../domain/errors.ts';
import {
  CHECK_VIOLATION,
  databaseUnavailable,
  FOREIGN_KEY_VIOLATION,
  pgErrorOf,
  UNIQUE_VIOLATION,
} from '../db/pgError.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: { field: string; message: string }[];
  current?: unknown;
}

function send(
  reply: FastifyReply,
  request: FastifyRequest,
  problem: Omit<Problem, 'type' | 'instance'>,
) {
  const body: Problem = { type: 'about:blank', instance: request.url, ...problem };
  return reply.status(problem.status).type('application/problem+json').send(body);
}

/** ENOSPC (no space left on the device) or EDQUOT (disk quota exceeded), however wrapped. */
export function diskFull(error: unknown): boolean {
  for (
    let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0;
    e && depth < 5;
    depth++
  ) {
    if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return true;
    e = e.cause as typeof e;
  }
  return false;
}

export function registerProblemHandler(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) =>
    send(reply, request, {
      title: 'Not found',
      status: 404,
      detail: `No route ${request.method} ${request.url}`,
    }),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.flatMap((v) => {
        const where = v.instancePath.split('/').filter(Boolean);
        // Body fields are named by their path alone (as services name them); others by context.
        const context = error.validationContext ?? 'body';
        const base = context === 'body' ? where : [context, ...where];
        const params = v.params as { keys?: unknown };
        if (v.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
          return params.keys.map((key) => ({
            field: [...base, String(key)].join('.'),
            message: 'unknown field',
          }));
        }
        return [{ field: base.join('.') || context, message: v.message ?? 'invalid' }];
      });
      return send(reply, request, {
        title: 'Invalid input',
        status: 400,
        detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
        errors,
      });
    }
    if (error instanceof DomainError) {
      if (error instanceof TooManyAttempts)
        reply.header('retry-after', String(error.retryAfterSeconds));
      return send(reply, request, {
        title: error.title,
        status: error.status,
        detail: error.message,
        // Field-level refusals (invalid input: 400; a file with malware: 422) name their fields.
        ...('errors' in error && Array.isArray(error.errors)
          ? { errors: error.errors as Problem['errors'] }
          : {}),
        ...(error instanceof Conflict && error.current !== undefined
          ? { current: error.current }
          : {}),
      });
    }
    if (databaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', '5');
      return send(reply, request, {
        title: 'Service unavailable',
        status: 503,
        detail: 'The database is not reachable; try again shortly.',
      });
    }
    if (diskFull(error)) {
      // The disk of the data folder (or the temporary folder) is full. Writers stage beside
      // the target and rename, so nothing half-written is left and nothing was recorded.
      request.log.error({ err: error }, 'no space left on the disk');
      return send(reply, request, {
        title: 'Insufficient storage',
        status: 507,
        detail:
          'The server has no space left on its disk to store this; nothing was saved. Try again once an administrator has freed space.',
      });
    }
    const pgError = pgErrorOf(error);
    if (pgError?.code === UNIQUE_VIOLATION) {
      return send(reply, request, {
        title: 'Already exists',
        status: 409,
        detail: `A record with the same value already exists (${pgError.constraint ?? 'unique constraint'}).`,
      });
    }
    if (pgError?.code === FOREIGN_KEY_VIOLATION || pgError?.code === CHECK_VIOLATION) {
      return send(reply, request, {
        title: 'Invalid input',
        status: 400,
        detail: `The record breaks a rule of the database (${pgError.constraint ?? pgError.code}).`,
        errors: [{ field: pgError.constraint ?? 'body', message: 'rule violated' }],
      });
    }
    const status =
      error.statusCode && error.statusCode >= 400 && error.statusCode < 500
        ? error.statusCode
        : 500;
    if (status === 500) {
      request.log.error({ err: error }, 'unhandled error');
      return send(reply, request, {
        title: 'Internal error',
        status: 500,
        detail: 'Something went wrong; the error was logged.',
      });
    }
    // Fastify's own client errors: malformed JSON, body too large, wrong content type.
    return send(reply, request, {
      title: status === 413 ? 'Request too large' : 'Bad request',
      status,
      detail: error.message,
      errors: [{ field: 'body', message: error.message }],
    });
  });
}
