// People and API calls for the incident journeys that start from arranged records: a
// reporter and an approver at Embassy Paris and a reviewer of Europe and Eurasia, each able to
// sign in with PASSWORD, and an API session that sends the CSRF token like the web app.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { findEmbassy } from './arrange.ts';
import { signIn } from './browser.ts';
import type { TestServer } from './harness.ts';

export const PASSWORD = 'incident-journey-password-1';

export interface ApiSession {
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function apiSession(
  server: TestServer,
  username: string,
  password: string,
): Promise<ApiSession> {
  const response = await fetch(`${server.baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in of ${username} failed: ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { user } = (await response.json()) as { user: { csrfToken: string } };
  return {
    async call<T>(method: string, path: string, body?: unknown) {
      const reply = await fetch(`${server.baseUrl}${path}`, {
        method,
        headers: {
          Cookie: cookie,
          'X-CSRF-Token': user.csrfToken,
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!reply.ok) throw new Error(`${method} ${path}: ${reply.status} ${await reply.text()}`);
      return (await reply.json()) as T;
    },
  };
}

export interface Team {
  postId: number;
  reporter: string;
  approver: string;
  reviewer: string;
}

export async function arrangeTeam(server: TestServer, suffix: string): Promise<Team> {
  const admin = await apiSession(server, server.adminUsername, server.adminPassword);
  const paris = await findEmbassy(server, 'France');
  const { items: regions } = await admin.call<{ items: { id: number; code: string }[] }>(
    'GET',
    '/api/reference/regions',
  );
  const europe = regions.find((r) => r.code === 'EUR');
  if (!europe) throw new Error('no EUR region');
  const create = (username: string, role: object) =>
    admin.call('POST', '/api/admin/users', {
      username,
      displayName: `${username} (test)`,
      password: PASSWORD,
      mustChangePassword: false,
      roles: [role],
    });
  const team = {
    postId: paris.id,
    reporter: `rep.paris.${suffix}`,
    approver: `appr.paris.${suffix}`,
    reviewer: `rev.eur.${suffix}`,
  };
  await create(team.reporter, { role: 'reporter', postId: paris.id });
  await create(team.approver, { role: 'approver', postId: paris.id });
  await create(team.reviewer, { role: 'reviewer', regionId: europe.id });
  return team;
}

/** A fresh browser context signed in as the user, on the home page. */
export async function browse(
  browser: Browser,
  contexts: BrowserContext[],
  server: TestServer,
  username: string,
): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  await signIn(page, server.baseUrl, username, PASSWORD);
  await page.getByRole('heading', { level: 1, name: /^Welcome/ }).waitFor();
  return page;
}
