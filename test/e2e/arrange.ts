// Arranging people and records for journeys through the public API, as an administrator
// would, so each journey can start from the state it needs without clicking through others.
import type { TestServer } from './harness.ts';

interface AdminSession {
  cookie: string;
  csrfToken: string;
}

async function signInAsAdmin(server: TestServer): Promise<AdminSession> {
  const response = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: server.adminUsername, password: server.adminPassword }),
  });
  if (!response.ok)
    throw new Error(`admin sign-in failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { user } = (await response.json()) as { user: { csrfToken: string } };
  return { cookie, csrfToken: user.csrfToken };
}

async function call<T>(
  server: TestServer,
  session: AdminSession,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: {
      Cookie: session.cookie,
      'X-CSRF-Token': session.csrfToken,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok)
    throw new Error(`${method} ${path} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export interface PostRef {
  id: number;
  name: string;
  countryName: string;
}

/** The embassy in a country, from the reference data every install has. */
export async function findEmbassy(server: TestServer, countryName: string): Promise<PostRef> {
  const session = await signInAsAdmin(server);
  const { items } = await call<{ items: (PostRef & { kind: string })[] }>(
    server,
    session,
    'GET',
    '/api/posts',
  );
  const post = items.find((p) => p.countryName === countryName && p.kind === 'embassy');
  if (!post) throw new Error(`no embassy in ${countryName} among ${items.length} posts`);
  return post;
}

export interface UserRef {
  id: string;
  username: string;
  displayName: string;
  version: number;
}

/** A reporter at the given post who can sign in straight away with the given password. */
export async function createReporter(
  server: TestServer,
  username: string,
  password: string,
  postId: number,
): Promise<UserRef> {
  const session = await signInAsAdmin(server);
  return call<UserRef>(server, session, 'POST', '/api/admin/users', {
    username,
    displayName: `Reporter ${username}`,
    password,
    mustChangePassword: false,
    roles: [{ role: 'reporter', postId }],
  });
}

/** Another administrator's edit, made while a journey has the same user open. */
export async function renameUser(
  server: TestServer,
  id: string,
  displayName: string,
): Promise<void> {
  const session = await signInAsAdmin(server);
  const { items } = await call<{ items: UserRef[] }>(server, session, 'GET', '/api/admin/users');
  const user = items.find((u) => u.id === id);
  if (!user) throw new Error(`no user ${id}`);
  await call(server, session, 'PATCH', `/api/admin/users/${id}`, {
    version: user.version,
    displayName,
  });
}
