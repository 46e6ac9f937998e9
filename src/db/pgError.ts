// Drizzle wraps driver errors ("Failed query: …") and keeps the PostgreSQL error as `cause`.
// Both drivers (pg and PGlite) expose the SQLSTATE as `code`.
export interface PgErrorInfo {
  code: string;
  message: string;
  constraint?: string | undefined;
  detail?: string | undefined;
}

export function pgErrorOf(err: unknown): PgErrorInfo | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; depth++) {
    const candidate = e as {
      code?: unknown;
      message?: unknown;
      constraint?: unknown;
      detail?: unknown;
      cause?: unknown;
    };
    if (typeof candidate.code === 'string' && /^[0-9A-Z]{5}$/.test(candidate.code)) {
      return {
        code: candidate.code,
        message: String(candidate.message),
        constraint: typeof candidate.constraint === 'string' ? candidate.constraint : undefined,
        detail: typeof candidate.detail === 'string' ? candidate.detail : undefined,
      };
    }
    e = candidate.cause;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
export const FOREIGN_KEY_VIOLATION = '23503';
export const CHECK_VIOLATION = '23514';
export const INSUFFICIENT_PRIVILEGE = '42501';

/** Node socket errors that mean the database server cannot be reached. */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/** node-postgres reports a lost or unobtainable connection by message only. */
const UNREACHABLE_MESSAGES =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|Cannot use a pool after calling end/i;

/**
 * True when the error means the database is down or restarting, not that the request was wrong:
 * a refused or dropped socket, SQLSTATE class 08 (connection exception) or 57P01–57P03 (the
 * server shutting down, crashed, or still starting). Such requests answer 503 and the pool
 * reconnects by itself once the server is back.
 */
export function databaseUnavailable(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 6; depth++) {
    const candidate = e as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
    const code = typeof candidate.code === 'string' ? candidate.code : '';
    if (UNREACHABLE_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || /^57P0[123]$/.test(code))
      return true;
    if (typeof candidate.message === 'string' && UNREACHABLE_MESSAGES.test(candidate.message))
      return true;
    // An AggregateError (connecting to several addresses) carries the socket errors in `errors`.
    if (Array.isArray(candidate.errors) && candidate.errors.some((x) => databaseUnavailable(x)))
      return true;
    e = candidate.cause;
  }
  return false;
}
