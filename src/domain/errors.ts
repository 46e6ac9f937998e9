// Typed domain errors. Services throw these; one Fastify error handler turns them into
// RFC 9457 problem+json, so nothing below the routes knows about HTTP.

export interface FieldError {
  /** JSON path of the field at fault, e.g. "roles.0.postId", or a row reference for imports. */
  field: string;
  message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
}

export class Invalid extends DomainError {
  readonly status = 400;
  readonly title = 'Invalid input';
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.field}: ${e.message}`).join('; '));
  }
  static field(field: string, message: string): Invalid {
    return new Invalid([{ field, message }]);
  }
}

export class Unauthorized extends DomainError {
  readonly status = 401;
  readonly title = 'Not signed in';
}

export class Forbidden extends DomainError {
  readonly status = 403;
  readonly title = 'Not allowed';
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly title = 'Not found';
}

/** A stale edit: carries the record as it now is, so the client can show what changed. */
export class Conflict extends DomainError {
  readonly status = 409;
  readonly title = 'Edit conflict';
  constructor(
    message: string,
    readonly current?: unknown,
  ) {
    super(message);
  }
}

export class TooManyAttempts extends DomainError {
  readonly status = 429;
  readonly title = 'Too many attempts';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
