// Rate limits (ASVS 2.4.1, 6.3.1): sign-in is limited per address, and every route that
// searches, exports, imports or aggregates is limited per user. Over the limit the answer is a
// 429 problem+json with Retry-After; another user is not held up by the first one's requests.
// The limits are set low here through the same variables an operator would use.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

const LIMIT = 3;

/** Every expensive route, as a request a signed-in editor may make. */
const EXPENSIVE: { method: 'GET' | 'POST'; url: string; body?: string; type?: string }[] = [
  { method: 'GET', url: '/api/incidents?q=harbour' },
  { method: 'GET', url: '/api/incidents/facets' },
  { method: 'GET', url: '/api/incidents/map' },
  { method: 'GET', url: '/api/incidents/export?format=csv' },
  { method: 'POST', url: '/api/incidents/import?dryRun=true', body: 'post\n', type: 'text/csv' },
  { method: 'GET', url: '/api/reports/00000000-0000-4000-8000-000000000000/export?format=html' },
  { method: 'GET', url: '/api/reports/compilation?year=2025' },
  {
    method: 'POST',
    url: '/api/statistics/imports?mapping=uk-nrm-reasonable-grounds',
    body: 'a,b\n',
    type: 'text/csv',
  },
  { method: 'GET', url: '/api/analytics/incidents' },
  { method: 'GET', url: '/api/analytics/incidents.csv' },
  { method: 'GET', url: '/api/analytics/rates' },
  { method: 'GET', url: '/api/analytics/series' },
];

describeEachBackend('rate limits', (getDb) => {
  let app: FastifyInstance;
  let editor: Session;
  let otherEditor: Session;

  beforeAll(async () => {
    app = await buildTestApp(getDb().handle, {
      RAPPORTEUR_EXPENSIVE_RATE_PER_MINUTE: String(LIMIT),
      RAPPORTEUR_LOGIN_RATE_PER_MINUTE: '4',
    });
    const a = await makeUser(getDb().handle, [{ role: 'editor' }]);
    const b = await makeUser(getDb().handle, [{ role: 'editor' }]);
    editor = await signIn(app, a.username, a.password);
    otherEditor = await signIn(app, b.username, b.password);
  }, 60_000);
  afterAll(() => app?.close());

  const send = (session: Session, route: (typeof EXPENSIVE)[number]) =>
    app.inject({
      method: route.method,
      url: route.url,
      headers: {
        cookie: session.cookie,
        'x-csrf-token': session.csrfToken,
        ...(route.type ? { 'content-type': route.type } : {}),
      },
      ...(route.body === undefined ? {} : { payload: route.body }),
    });

  it('answers the request over the limit on each expensive route with 429 problem+json and Retry-After, per user', async () => {
    for (const route of EXPENSIVE) {
      for (let i = 0; i < LIMIT; i++) {
        const res = await send(editor, route);
        expect(res.statusCode, `${route.url} #${i + 1}: ${res.body}`).not.toBe(429);
        expect(res.statusCode, `${route.url} #${i + 1}: ${res.body}`).toBeLessThan(500);
      }
      const over = await send(editor, route);
      expect(over.statusCode, `${route.url}: ${over.body}`).toBe(429);
      expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
      const problem = over.json();
      expect(problem).toMatchObject({ status: 429, title: 'Too many attempts' });
      expect(problem.detail).toMatch(/try again in/);
      // Counted per user: a colleague is not held up.
      const other = await send(otherEditor, route);
      expect(other.statusCode, `${route.url} for another user: ${other.body}`).not.toBe(429);
    }
  });

  it('leaves cheap reads alone', async () => {
    for (let i = 0; i < LIMIT * 3; i++) {
      const res = await as(app, editor, 'GET', '/api/auth/me');
      expect(res.statusCode).toBe(200);
    }
  });

  it('limits sign-in attempts per address with 429 problem+json and Retry-After', async () => {
    const attempt = (n: number) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '203.0.113.7',
        payload: { username: `nobody-${n}`, password: 'not-the-password-at-all' },
      });
    for (let i = 0; i < 4; i++) expect((await attempt(i)).statusCode).toBe(401);
    const over = await attempt(99);
    expect(over.statusCode).toBe(429);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    // Another address may still try.
    const elsewhere = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '198.51.100.20',
      payload: { username: 'nobody-else', password: 'not-the-password-at-all' },
    });
    expect(elsewhere.statusCode).toBe(401);
  });
});
