// Session rules: idle and absolute timeouts, a new session id at every sign-in, and sessions
// ended when the user signs out everywhere, is deactivated, has their roles changed, or when an
// administrator ends them from the list of the user's sessions (with when, where and what).
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, expect, it, vi } from 'vitest';
import { describeEachBackend } from '../helpers/backends.ts';
import { ADMIN_PASSWORD, as, buildTestApp, makeUser, signIn } from '../helpers/app.ts';

const MINUTE = 60_000;

describeEachBackend('session rules', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(getDb().handle, {
      RAPPORTEUR_SESSION_IDLE_MINUTES: '30',
      RAPPORTEUR_SESSION_ABSOLUTE_HOURS: '1',
    });
  });
  afterAll(() => app?.close());
  afterEach(() => vi.useRealTimers());

  function clockFromNow() {
    let now = Date.now();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
    return (minutes: number) => {
      now += minutes * MINUTE;
      vi.setSystemTime(now);
    };
  }

  it('ends a session after the idle timeout', async () => {
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    const session = await signIn(app, user.username, user.password);
    const advance = clockFromNow();
    advance(29);
    expect((await as(app, session, 'GET', '/api/auth/me')).statusCode).toBe(200);
    advance(31);
    expect((await as(app, session, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('ends a busy session at the absolute timeout', async () => {
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    const session = await signIn(app, user.username, user.password);
    const advance = clockFromNow();
    for (let i = 0; i < 2; i++) {
      advance(25);
      expect((await as(app, session, 'GET', '/api/auth/me')).statusCode).toBe(200);
    }
    advance(11); // 61 minutes after sign-in, 11 after the last request
    expect((await as(app, session, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('gives a new session id at every sign-in and ends the one the browser had', async () => {
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    const before = await signIn(app, user.username, user.password);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: before.cookie },
      payload: { username: user.username, password: user.password },
    });
    expect(res.statusCode).toBe(200);
    const after = res.cookies.find((c) => c.name === 'rapporteur_session')!;
    expect(`rapporteur_session=${after.value}`).not.toBe(before.cookie);
    expect((await as(app, before, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('lists your sessions and signs out everywhere', async () => {
    const user = await makeUser(getDb().handle, [{ role: 'reporter', postId: 1 }]);
    const laptop = await signIn(app, user.username, user.password);
    const phone = await signIn(app, user.username, user.password);
    const mine = (await as(app, laptop, 'GET', '/api/auth/sessions')).json().items;
    expect(mine).toHaveLength(2);
    expect(mine.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect((await as(app, laptop, 'POST', '/api/auth/sessions/end-all', {})).statusCode).toBe(400);
    const ended = await as(app, laptop, 'POST', '/api/auth/sessions/end-all', { everywhere: true });
    expect(ended.statusCode).toBe(204);
    expect((await as(app, laptop, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await as(app, phone, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it("lets an administrator see a user's sessions (created, last seen, address, browser) and end them", async () => {
    const user = await makeUser(getDb().handle, [{ role: 'editor' }]);
    const desk = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'user-agent': 'Desk browser/1.0' },
      payload: { username: user.username, password: user.password },
    });
    const deskCookie = desk.cookies.find((c) => c.name === 'rapporteur_session')!;
    const deskSession = {
      cookie: `rapporteur_session=${deskCookie.value}`,
      csrfToken: desk.json().user.csrfToken,
    };
    const travel = await signIn(app, user.username, user.password);
    const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    const listed = await as(app, admin, 'GET', `/api/admin/users/${user.id}/sessions`);
    expect(listed.statusCode).toBe(200);
    const items = listed.json().items;
    expect(items).toHaveLength(2);
    const deskRow = items.find((s: { userAgent: string }) => s.userAgent === 'Desk browser/1.0');
    expect(deskRow).toMatchObject({ ip: '127.0.0.1', stage: 'full', method: 'password' });
    expect(deskRow.createdAt).toBeTruthy();
    expect(deskRow.lastSeenAt).toBeTruthy();
    expect(
      (await as(app, admin, 'DELETE', `/api/admin/users/${user.id}/sessions/${deskRow.id}`))
        .statusCode,
    ).toBe(204);
    expect((await as(app, deskSession, 'GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await as(app, travel, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect(
      (await as(app, admin, 'POST', `/api/admin/users/${user.id}/sessions/end-all`)).statusCode,
    ).toBe(204);
    expect((await as(app, travel, 'GET', '/api/auth/me')).statusCode).toBe(401);
    // Not an admin: may not look.
    const other = await signIn(app, user.username, user.password);
    expect((await as(app, other, 'GET', `/api/admin/users/${user.id}/sessions`)).statusCode).toBe(
      403,
    );
  });

  it('ends every session when the user is deactivated or their roles change', async () => {
    const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    const a = await signIn(app, user.username, user.password);
    const roles = await as(app, admin, 'PUT', `/api/admin/users/${user.id}/roles`, {
      version: 1,
      roles: [{ role: 'editor' }],
    });
    expect(roles.statusCode).toBe(200);
    expect((await as(app, a, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const b = await signIn(app, user.username, user.password);
    const off = await as(app, admin, 'PATCH', `/api/admin/users/${user.id}`, {
      version: roles.json().version,
      active: false,
    });
    expect(off.statusCode).toBe(200);
    expect((await as(app, b, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it("acts on an API token with its owner's roles as they are now: a change shows on the very next request", async () => {
    const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    const user = await makeUser(getDb().handle, [{ role: 'admin' }]);
    const own = await signIn(app, user.username, user.password);
    const created = await as(app, own, 'POST', '/api/auth/tokens', {
      name: 'nightly export',
      scopes: ['read'],
    });
    expect(created.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    const get = (url: string) => app.inject({ method: 'GET', url, headers: bearer });
    expect((await get('/api/admin/users')).statusCode).toBe(200);

    const roles = await as(app, admin, 'PUT', `/api/admin/users/${user.id}/roles`, {
      version: 1,
      roles: [{ role: 'analyst' }],
    });
    expect(roles.statusCode).toBe(200);
    expect((await get('/api/admin/users')).statusCode).toBe(403);
    const me = await get('/api/auth/me');
    expect(me.json().roles.map((r: { role: string }) => r.role)).toEqual(['analyst']);

    const off = await as(app, admin, 'PATCH', `/api/admin/users/${user.id}`, {
      version: roles.json().version,
      active: false,
    });
    expect(off.statusCode).toBe(200);
    expect((await get('/api/auth/me')).statusCode).toBe(401);
  });
});
