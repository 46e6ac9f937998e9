// The authorization matrix: every registered route × every role (and no sign-in at all).
// The expected answer comes from the central policy table; a route that declares no
// permission makes the server refuse to start, and a route the matrix never reached fails here.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  PERMISSIONS,
  can,
  type Permission,
  type Principal,
  type Role,
} from '../../src/domain/policy.ts';
import { ROLES } from '../../src/db/schema/identity.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

interface RouteEntry {
  method: string;
  url: string;
  permission: Permission;
}

function fillParams(url: string): string {
  return url
    .replace(/:id\b/g, '00000000-0000-4000-8000-000000000000')
    .replace(/:(\w+)/g, '1')
    .replace(/\*$/, 'some/page');
}

describeEachBackend('authorization matrix', (getDb) => {
  let app: FastifyInstance;
  const routes: RouteEntry[] = [];
  const sessions = new Map<Role, { session: Session; principal: Principal }>();

  beforeAll(async () => {
    const handle = getDb().handle;
    app = await buildTestApp(handle);
    // Sign-out ends the caller's session, so it goes last.
    routes.push(...app.routeTable.filter((r) => r.method !== 'HEAD'));
    routes.sort(
      (a, b) => Number(a.url === '/api/auth/logout') - Number(b.url === '/api/auth/logout'),
    );
    for (const role of ROLES) {
      const scope =
        role === 'reporter' || role === 'approver'
          ? { postId: 1 }
          : role === 'reviewer'
            ? { regionId: 1 }
            : {};
      const user = await makeUser(handle, [{ role, ...scope }]);
      sessions.set(role, {
        session: await signIn(app, user.username, user.password),
        principal: {
          userId: user.id,
          username: user.username,
          displayName: user.displayName,
          roles: [{ role, postId: null, regionId: null, ...scope }],
          via: 'session',
        },
      });
    }
  });
  afterAll(() => app?.close());

  it('every route declares a known permission', () => {
    expect(routes.length).toBeGreaterThan(15);
    for (const r of routes)
      expect(Object.keys(PERMISSIONS), `${r.method} ${r.url}`).toContain(r.permission);
  });

  it('every role gets exactly what the policy table grants, on every route', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const url = fillParams(route.url);
      const callers: [string, { session: Session; principal: Principal } | undefined][] = [
        ['anonymous', undefined],
        ...[...sessions.entries()].map(([role, s]) => [role, s] as [string, typeof s]),
      ];
      for (const [who, caller] of callers) {
        const res = await app.inject({
          method: route.method as 'GET',
          url,
          headers: caller
            ? { cookie: caller.session.cookie, 'x-csrf-token': caller.session.csrfToken }
            : {},
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: {} }),
        });
        const allowed = can(caller?.principal, route.permission);
        const refused = res.statusCode === 401 || res.statusCode === 403;
        const expected = allowed ? 'allowed' : caller ? '403' : '401';
        const got = refused ? String(res.statusCode) : 'allowed';
        if (expected !== got)
          failures.push(
            `${route.method} ${route.url} as ${who}: expected ${expected}, got ${res.statusCode}`,
          );
      }
    }
    expect(failures).toEqual([]);
    // Every route × nine callers, one request at a time: minutes on a busy two-core machine.
  }, 600_000);
});
