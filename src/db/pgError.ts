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
    const candidate = e as { code?: unknown; message?: unknown; constraint?: unknown; detail?: unknown; cause?: unknown };
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
