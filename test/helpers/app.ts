// An in-process app on a test database, and small helpers to act as a signed-in user.
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { prepareDatabase } from '../../src/app/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/connection.ts';
import { buildApp } from '../../src/server.ts';
import { systemActor } from '../../src/db/audit.ts';
import { createUser } from '../../src/modules/admin/service.ts';
import type { RoleAssignmentInput } from '../../src/domain/roles.ts';

export const ADMIN_PASSWORD = 'admin-password-for-tests';

export async function buildTestApp(
  handle: DatabaseHandle,
  env: Record<string, string> = {},
): Promise<FastifyInstance> {
  await prepareDatabase(handle, { adminPassword: ADMIN_PASSWORD });
  const config = loadConfig({ RAPPORTEUR_DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', ...env });
  const app = await buildApp({ handle, config, logger: false });
  await app.ready();
  return app;
}

export interface Session {
  cookie: string;
  csrfToken: string;
}

export async function signIn(
  app: FastifyInstance,
  username: string,
  password: string,
): Promise<Session> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200)
    throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name.endsWith('rapporteur_session'));
  return {
    cookie: `${cookie!.name}=${cookie!.value}`,
    csrfToken: (res.json() as { user: { csrfToken: string } }).user.csrfToken,
  };
}

/** A request as a signed-in user, with the CSRF header our pages send. */
export function as(
  app: FastifyInstance,
  session: Session | undefined,
  method: InjectOptions['method'],
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: session ? { cookie: session.cookie, 'x-csrf-token': session.csrfToken } : {},
    ...(payload === undefined ? {} : { payload: payload as never }),
  });
}

let counter = 0;
export async function makeUser(
  handle: DatabaseHandle,
  roles: RoleAssignmentInput[],
  password = 'a-long-enough-password',
) {
  counter++;
  const user = await createUser(handle.db, systemActor('test'), {
    username: `user${counter}.${roles.map((r) => r.role).join('-') || 'none'}`,
    displayName: `Test User ${counter}`,
    password,
    mustChangePassword: false,
    roles,
  });
  return { ...user, password };
}

/** Uploads one file as the multipart field `file`, as a signed-in user (with the CSRF header). */
export function uploadFile(
  app: FastifyInstance,
  session: Session,
  url: string,
  fileName: string,
  content: Buffer,
  claimedType = 'application/octet-stream',
): Promise<LightMyRequestResponse> {
  const boundary = `----rapporteur${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${claimedType}\r\n\r\n`,
    ),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
    payload,
  });
}
