// An administrator creates users and posts; bad input and stale edits are refused cleanly.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { ADMIN_PASSWORD, as, buildTestApp, signIn, type Session } from '../helpers/app.ts';

describeEachBackend('administration', (getDb) => {
  let app: FastifyInstance;
  let admin: Session;
  let parisId: number;
  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    const posts = (await as(app, admin, 'GET', '/api/posts')).json().items as {
      id: number;
      code: string;
    }[];
    parisId = posts.find((p) => p.code === 'EMB-FR')!.id;
  });
  afterAll(() => app?.close());

  const auditCount = async () =>
    (
      await queryRows<{ n: number }>(
        getDb().handle.db,
        sql`select count(*)::int as n from audit_log`,
      )
    )[0]?.n;

  it('creates a reporter for a post, who can then sign in', async () => {
    const res = await as(app, admin, 'POST', '/api/admin/users', {
      username: 'rep.paris',
      displayName: 'Reporter in Paris',
      password: 'initial-password-1',
      mustChangePassword: false,
      roles: [{ role: 'reporter', postId: parisId }],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().roles).toEqual([{ role: 'reporter', postId: parisId, regionId: null }]);
    const me = await as(
      app,
      await signIn(app, 'rep.paris', 'initial-password-1'),
      'GET',
      '/api/auth/me',
    );
    expect(me.json().roles[0]).toMatchObject({
      role: 'reporter',
      postName: expect.stringContaining('Paris'),
    });
    expect(me.json().permissions).not.toContain('users.manage');
  });

  it('names the field at fault and writes nothing on bad input', async () => {
    const before = await auditCount();
    const cases: [unknown, string][] = [
      [
        {
          username: 'x1',
          displayName: 'X',
          password: 'long-enough-password',
          roles: [{ role: 'reporter' }],
        },
        'roles.0.postId',
      ],
      [
        {
          username: 'x2',
          displayName: 'X',
          password: 'long-enough-password',
          roles: [{ role: 'editor', postId: parisId }],
        },
        'roles.0',
      ],
      [
        { username: 'rep.paris', displayName: 'X', password: 'long-enough-password', roles: [] },
        'username',
      ],
      [{ username: 'x3', displayName: 'X', password: 'short', roles: [] }, 'password'],
      [
        {
          username: 'x4',
          displayName: 'X',
          password: 'long-enough-password',
          roles: [],
          colour: 'red',
        },
        'colour',
      ],
      [
        { username: 'x5', displayName: 42, password: 'long-enough-password', roles: [] },
        'displayName',
      ],
    ];
    for (const [payload, field] of cases) {
      const res = await as(app, admin, 'POST', '/api/admin/users', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await auditCount()).toBe(before);
  });

  it('explains field errors in plain words', async () => {
    const res = await as(app, admin, 'POST', '/api/admin/users', {
      username: 'x',
      displayName: '',
      email: 'not-mail',
      password: 'long-enough-password',
      roles: [{ role: 'chief' }],
    });
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        { field: 'username', message: 'must be at least 2 characters' },
        { field: 'displayName', message: 'must not be empty' },
        { field: 'email', message: 'must be an e-mail address' },
        {
          field: 'roles.0.role',
          message: expect.stringMatching(/^must be one of: reporter, approver/),
        },
      ]),
    );
  });

  it('rejects malformed JSON and oversized bodies as problem+json', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: {
        cookie: admin.cookie,
        'x-csrf-token': admin.csrfToken,
        'content-type': 'application/json',
      },
      payload: '{"username": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ status: 400, title: 'Bad request' });
    const huge = await as(app, admin, 'POST', '/api/admin/users', {
      username: 'big',
      displayName: 'x'.repeat(2_000_000),
      password: 'p',
      roles: [],
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ status: 413 });
  });

  it('refuses a stale edit with 409 and the current record; nothing is overwritten', async () => {
    const created = await as(app, admin, 'POST', '/api/admin/posts', {
      code: 'CON-LYON',
      name: 'Consulate Lyon',
      kind: 'consulate',
      countryCode: 'FR',
      city: 'Lyon',
    });
    expect(created.statusCode).toBe(201);
    const post = created.json();
    const first = await as(app, admin, 'PATCH', `/api/admin/posts/${post.id}`, {
      version: post.version,
      name: 'Consulate General Lyon',
    });
    expect(first.statusCode).toBe(200);
    expect(first.json().version).toBe(post.version + 1);
    const second = await as(app, admin, 'PATCH', `/api/admin/posts/${post.id}`, {
      version: post.version,
      city: 'Lyons',
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().current).toMatchObject({
      name: 'Consulate General Lyon',
      city: 'Lyon',
      version: post.version + 1,
    });
    const list = (await as(app, admin, 'GET', '/api/posts')).json().items as {
      id: number;
      name: string;
      city: string;
    }[];
    expect(list.find((p) => p.id === post.id)).toMatchObject({
      name: 'Consulate General Lyon',
      city: 'Lyon',
    });
  });

  it('two concurrent saves of one version: exactly one wins', async () => {
    const post = (
      await as(app, admin, 'POST', '/api/admin/posts', {
        code: 'CON-NICE',
        name: 'Consulate Nice',
        kind: 'consulate',
        countryCode: 'FR',
      })
    ).json();
    const results = await Promise.all(
      ['A', 'B', 'C'].map((n) =>
        as(app, admin, 'PATCH', `/api/admin/posts/${post.id}`, {
          version: post.version,
          city: `Nice ${n}`,
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
  });

  it("changing roles ends the user's sessions at once", async () => {
    const users = (await as(app, admin, 'GET', '/api/admin/users')).json().items as {
      id: string;
      username: string;
      version: number;
    }[];
    const rep = users.find((u) => u.username === 'rep.paris')!;
    const session = await signIn(app, 'rep.paris', 'initial-password-1');
    const res = await as(app, admin, 'PUT', `/api/admin/users/${rep.id}/roles`, {
      version: rep.version,
      roles: [{ role: 'approver', postId: parisId }],
    });
    expect(res.statusCode).toBe(200);
    expect((await as(app, session, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('records every change in an intact audit chain', async () => {
    const res = await as(app, admin, 'GET', '/api/admin/audit/verify');
    expect(res.json()).toMatchObject({ ok: true, firstBadSeq: null });
    expect(res.json().checked).toBeGreaterThan(5);
  });
});
