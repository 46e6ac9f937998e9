// Signing in and out, lockout, CSRF, password change and API tokens, as users meet them.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { ADMIN_PASSWORD, as, buildTestApp, makeUser, signIn } from '../helpers/app.ts';

describeEachBackend('signing in', (getDb) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
  });
  afterAll(() => app?.close());

  it('lets the administrator in with a cookie that is HttpOnly and SameSite', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'Admin', password: ADMIN_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'rapporteur_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const body = res.json();
    expect(body.user).toMatchObject({ username: 'admin', displayName: 'Administrator' });
    expect(body.user.roles).toEqual([
      expect.objectContaining({ role: 'admin', postId: null, regionId: null }),
    ]);
    expect(body.user.permissions).toContain('users.manage');
  });

  it('answers a wrong password and an unknown user alike', async () => {
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: 'nope-nope-nope' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'nobody', password: 'nope-nope-nope' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(wrong.json().detail).toBe(unknown.json().detail);
  });

  it('locks an account after five failures, even for the right password, and audits each failure', async () => {
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    for (let i = 0; i < 5; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password: 'wrong-password-x' },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: user.username, password: user.password },
    });
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    const [audited] = await queryRows<{ n: number }>(
      getDb().handle.db,
      sql`select count(*)::int as n from audit_log where action = 'auth.login_failed' and entity_id = ${user.id}`,
    );
    expect(audited?.n).toBe(5);
  });

  it('refuses state changes from a cookie session without the CSRF token', async () => {
    const session = await signIn(app, 'admin', ADMIN_PASSWORD);
    const res = await app.inject({
      method: 'POST',
      url: '/api/admin/posts',
      headers: { cookie: session.cookie },
      payload: { code: 'CON-X', name: 'Consulate X', kind: 'consulate', countryCode: 'FR' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/CSRF/);
  });

  it('ends the session on sign-out', async () => {
    const session = await signIn(app, 'admin', ADMIN_PASSWORD);
    expect((await as(app, session, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await as(app, session, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    expect((await as(app, session, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('changing the password signs out every other session and keeps this one', async () => {
    const user = await makeUser(getDb().handle, [{ role: 'editor' }]);
    const laptop = await signIn(app, user.username, user.password);
    const phone = await signIn(app, user.username, user.password);
    const tooShort = await as(app, laptop, 'POST', '/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'short',
    });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().errors).toEqual([
      { field: 'newPassword', message: 'must be at least 12 characters' },
    ]);
    const ok = await as(app, laptop, 'POST', '/api/auth/password', {
      currentPassword: user.password,
      newPassword: 'a-brand-new-passphrase',
    });
    expect(ok.statusCode).toBe(204);
    expect((await as(app, laptop, 'GET', '/api/auth/me')).statusCode).toBe(200);
    expect((await as(app, phone, 'GET', '/api/auth/me')).statusCode).toBe(401);
    await expect(signIn(app, user.username, user.password)).rejects.toThrow(/401/);
    await signIn(app, user.username, 'a-brand-new-passphrase');
  });

  it('API tokens act as their owner, within their scope, until revoked', async () => {
    const session = await signIn(app, 'admin', ADMIN_PASSWORD);
    const created = await as(app, session, 'POST', '/api/auth/tokens', {
      name: 'reporting script',
      scopes: ['read'],
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    const bearer = { authorization: `Bearer ${token}` };
    expect(
      (await app.inject({ method: 'GET', url: '/api/admin/users', headers: bearer })).statusCode,
    ).toBe(200);
    const write = await app.inject({
      method: 'POST',
      url: '/api/admin/posts',
      headers: bearer,
      payload: { code: 'CON-Y', name: 'Consulate Y', kind: 'consulate', countryCode: 'FR' },
    });
    expect(write.statusCode).toBe(403);
    const listed = await as(app, session, 'GET', '/api/auth/tokens');
    expect(JSON.stringify(listed.json())).not.toContain(token);
    expect((await as(app, session, 'DELETE', `/api/auth/tokens/${id}`)).statusCode).toBe(204);
    expect(
      (await app.inject({ method: 'GET', url: '/api/admin/users', headers: bearer })).statusCode,
    ).toBe(401);
  });

  it('a temporary password allows nothing but changing it', async () => {
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    const session = await signIn(app, 'admin', ADMIN_PASSWORD);
    const reset = await as(app, session, 'POST', `/api/admin/users/${user.id}/reset-password`, {
      password: 'temporary-password-1',
    });
    expect(reset.statusCode).toBe(204);
    const analyst = await signIn(app, user.username, 'temporary-password-1');
    expect((await as(app, analyst, 'GET', '/api/auth/me')).json().mustChangePassword).toBe(true);
    const blocked = await as(app, analyst, 'GET', '/api/posts');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().detail).toMatch(/temporary/);
    const changed = await as(app, analyst, 'POST', '/api/auth/password', {
      currentPassword: 'temporary-password-1',
      newPassword: 'my-own-new-password',
    });
    expect(changed.statusCode).toBe(204);
    expect((await as(app, analyst, 'GET', '/api/posts')).statusCode).toBe(200);
  });
});
