// Single sign-on against an identity provider that the test runs on loopback: a good sign-in,
// provisioning and approval, roles from a claim, and everything the client must refuse (a
// wrong state, another browser, a replayed code, a wrong audience, an expired ID token, a token
// for another client) and a provider that is down while break-glass local sign-in still works.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { ADMIN_PASSWORD, as, buildTestApp, makeUser, signIn } from '../helpers/app.ts';
import { startTestProvider, type TestProvider } from '../helpers/oidcProvider.ts';

const REDIRECT = 'http://localhost/api/auth/oidc/callback';

function envFor(provider: TestProvider, extra: Record<string, string> = {}) {
  return {
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_REDIRECT_URI: REDIRECT,
    OIDC_PROVIDER_NAME: 'Ministry ID',
    ...extra,
  };
}

interface Started {
  browserCookie: string;
  callback: string;
}

/** The browser's first two hops: Rapporteur → provider → back with code and state. */
async function startAndAuthorize(app: FastifyInstance): Promise<Started> {
  const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/start?next=/incidents' });
  expect(start.statusCode).toBe(303);
  const pending = start.cookies.find((c) => c.name === 'rapporteur_oidc')!;
  expect(pending).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  const authorize = new URL(start.headers.location as string);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorize.searchParams.get('state')).toBeTruthy();
  expect(authorize.searchParams.get('nonce')).toBeTruthy();
  const res = await fetch(authorize, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get('location')!);
  return {
    browserCookie: `rapporteur_oidc=${pending.value}`,
    callback: back.pathname + back.search,
  };
}

async function finish(app: FastifyInstance, started: Started, callback = started.callback) {
  const res = await app.inject({
    method: 'GET',
    url: callback,
    headers: { cookie: started.browserCookie },
  });
  expect(res.statusCode).toBe(303);
  const session = res.cookies.find((c) => c.name === 'rapporteur_session' && c.value);
  return {
    location: res.headers.location as string,
    cookie: session ? `rapporteur_session=${session.value}` : undefined,
  };
}

async function meWith(app: FastifyInstance, cookie: string | undefined) {
  return app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie ? { cookie } : {} });
}

describeEachBackend('single sign-on (OpenID Connect)', (getDb) => {
  let provider: TestProvider;
  let app: FastifyInstance;
  let withRoles: FastifyInstance;

  beforeAll(async () => {
    provider = await startTestProvider();
    app = await buildTestApp(getDb().handle, envFor(provider));
    withRoles = await buildTestApp(
      getDb().handle,
      envFor(provider, { OIDC_ROLES_CLAIM: 'groups' }),
    );
  });
  afterAll(async () => {
    await app?.close();
    await withRoles?.close();
    await provider?.close();
  });

  it('signs a new user in, provisioned by (issuer, subject) and waiting for roles; the same subject comes back as the same user', async () => {
    provider.user = { sub: 'sub-new-1', preferred_username: 'NewPerson', name: 'New Person' };
    const options = (await app.inject({ method: 'GET', url: '/api/auth/options' })).json();
    expect(options.oidc).toEqual({ name: 'Ministry ID', available: true });
    const first = await finish(app, await startAndAuthorize(app));
    expect(first.location).toBe('/incidents');
    const me = await meWith(app, first.cookie);
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      username: 'newperson',
      displayName: 'New Person',
      roles: [],
      stage: 'full',
      method: 'oidc',
    });
    // No roles until an administrator gives them: nothing beyond the own account.
    expect(me.json().permissions).not.toContain('incident.read');
    const second = await finish(app, await startAndAuthorize(app));
    expect((await meWith(app, second.cookie)).json().id).toBe(me.json().id);
    const [row] = await queryRows<{ n: number }>(
      getDb().handle.db,
      sql`select count(*)::int as n from audit_log where action = 'user.provisioned' and entity_id = ${me.json().id}`,
    );
    expect(row?.n).toBe(1);
  });

  it('takes roles from the configured claim and follows it at every sign-in', async () => {
    provider.user = {
      sub: 'sub-roles-1',
      preferred_username: 'editor.sso',
      groups: ['editor', 'nonsense'],
    };
    const signedIn = await finish(withRoles, await startAndAuthorize(withRoles));
    const me = (await meWith(withRoles, signedIn.cookie)).json();
    expect(me.roles.map((r: { role: string }) => r.role)).toEqual(['editor']);
    expect(me.permissions).toContain('incident.read');
    provider.user = { ...provider.user, groups: ['analyst'] };
    const again = await finish(withRoles, await startAndAuthorize(withRoles));
    const after = (await meWith(withRoles, again.cookie)).json();
    expect(after.roles.map((r: { role: string }) => r.role)).toEqual(['analyst']);
  });

  it('refuses a callback whose state was changed', async () => {
    provider.user = { sub: 'sub-state' };
    const started = await startAndAuthorize(app);
    const tampered = started.callback.replace(/state=[^&]+/, 'state=forged-state-value');
    const result = await finish(app, started, tampered);
    expect(result.location).toBe('/login?sso_error=refused');
    expect(result.cookie).toBeUndefined();
  });

  it('refuses a callback in a browser that did not start the sign-in (no binding cookie)', async () => {
    const started = await startAndAuthorize(app);
    const res = await app.inject({ method: 'GET', url: started.callback });
    expect(res.headers.location).toBe('/login?sso_error=expired');
    expect(res.cookies.find((c) => c.name === 'rapporteur_session' && c.value)).toBeUndefined();
  });

  it('refuses a replayed code: the callback works once, and an old code in a new sign-in is refused', async () => {
    provider.user = { sub: 'sub-replay' };
    const started = await startAndAuthorize(app);
    const ok = await finish(app, started);
    expect(ok.cookie).toBeDefined();
    // The same callback again: the sign-in it belonged to is used up.
    const again = await finish(app, started);
    expect(again.location).toBe('/login?sso_error=expired');
    // The old code slipped into a fresh sign-in: the provider refuses it (used, wrong PKCE).
    const fresh = await startAndAuthorize(app);
    const oldCode = new URL(started.callback, 'http://x').searchParams.get('code')!;
    const replay = fresh.callback.replace(/code=[^&]+/, `code=${oldCode}`);
    const refused = await finish(app, fresh, replay);
    expect(refused.location).toBe('/login?sso_error=refused');
    expect(refused.cookie).toBeUndefined();
  });

  it('refuses an ID token for the wrong audience', async () => {
    provider.user = { sub: 'sub-aud' };
    const started = await startAndAuthorize(app);
    provider.nextIdToken = { aud: 'some-other-application' };
    const result = await finish(app, started);
    expect(result.location).toBe('/login?sso_error=refused');
    expect(result.cookie).toBeUndefined();
  });

  it('refuses an ID token issued to another client (azp)', async () => {
    provider.user = { sub: 'sub-azp' };
    const started = await startAndAuthorize(app);
    provider.nextIdToken = { aud: [provider.clientId, 'other-client'], azp: 'other-client' };
    const result = await finish(app, started);
    expect(result.location).toBe('/login?sso_error=refused');
    expect(result.cookie).toBeUndefined();
  });

  it('refuses an expired ID token', async () => {
    provider.user = { sub: 'sub-expired' };
    const started = await startAndAuthorize(app);
    const now = Math.floor(Date.now() / 1000);
    provider.nextIdToken = { iat: now - 7200, exp: now - 3600 };
    const result = await finish(app, started);
    expect(result.location).toBe('/login?sso_error=refused');
    expect(result.cookie).toBeUndefined();
  });

  it('refuses a deactivated user', async () => {
    provider.user = { sub: 'sub-disabled', preferred_username: 'soon.gone' };
    const first = await finish(app, await startAndAuthorize(app));
    const id = (await meWith(app, first.cookie)).json().id;
    await queryRows(getDb().handle.db, sql`update users set active = false where id = ${id}`);
    const result = await finish(app, await startAndAuthorize(app));
    expect(result.location).toBe('/login?sso_error=disabled');
  });

  it('with the provider down: says so, and the break-glass administrator still signs in while others may not use a password', async () => {
    const down = await startTestProvider();
    const env = envFor(down, { LOCAL_LOGIN: 'off', LOCAL_LOGIN_BREAK_GLASS: 'admin' });
    await down.close();
    const offline = await buildTestApp(getDb().handle, env);
    try {
      const options = (await offline.inject({ method: 'GET', url: '/api/auth/options' })).json();
      expect(options).toMatchObject({
        localLogin: false,
        breakGlass: true,
        oidc: { name: 'Ministry ID', available: false },
      });
      const start = await offline.inject({ method: 'GET', url: '/api/auth/oidc/start' });
      expect(start.statusCode).toBe(303);
      expect(start.headers.location).toBe('/login?sso_error=unavailable');
      const admin = await signIn(offline, 'admin', ADMIN_PASSWORD);
      expect((await as(offline, admin, 'GET', '/api/auth/me')).statusCode).toBe(200);
      const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
      const refused = await offline.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password: user.password },
      });
      expect(refused.statusCode).toBe(403);
      expect(refused.json().detail).toMatch(/single sign-on/);
    } finally {
      await offline.close();
    }
  });
});
