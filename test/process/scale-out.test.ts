// Scale-out proof: two app instances started at the same moment against one PostgreSQL server,
// as behind a load balancer. A session made on one is honoured by the other; concurrent edits
// sent through both lose no update (each one either lands or gets a 409 and is retried); a
// queued job (a notification e-mail) is sent once although both instances' workers poll the
// queue; the audit chain written by both stays valid. Server-only by nature: embedded PGlite is
// one process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/backends.ts';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtpCapture.ts';
import { startServerProcess, type ServerProcess } from './spawn.ts';

const server = backendsUnderTest().find((b) => b.kind === 'postgres');
if (!server)
  console.warn('NOTICE: DATABASE_URL is not set; the two-instance scale-out test is not run.');

interface Session {
  cookie: string;
  csrfToken: string;
}

async function signIn(base: string, username: string, password: string): Promise<Session> {
  const response = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { user } = (await response.json()) as { user: { csrfToken: string } };
  return { cookie, csrfToken: user.csrfToken };
}

async function call(
  base: string,
  session: Session,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      Cookie: session.cookie,
      'X-CSRF-Token': session.csrfToken,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

describe.runIf(server)('two app instances on one PostgreSQL server', () => {
  const instances: ServerProcess[] = [];
  let drop: (() => Promise<void>) | undefined;
  const adminPassword = 'scale-out-admin-password';
  let smtp: SmtpCapture;

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    const database = await server!.createDatabase();
    drop = database.drop;
    // Both instances run the job worker (the default), polling the queue often.
    const env = {
      DATABASE_URL: database.url!,
      RAPPORTEUR_ADMIN_PASSWORD: adminPassword,
      SMTP_URL: smtp.url,
      RAPPORTEUR_WORKER_POLL_MS: '50',
    };
    // Started together on an empty database: they take turns to migrate and seed.
    instances.push(...(await Promise.all([startServerProcess(env), startServerProcess(env)])));
  });

  afterAll(async () => {
    for (const instance of instances) {
      instance.child.kill('SIGTERM');
      await instance.exited;
    }
    await drop?.();
    await smtp?.close();
  });

  it('honours a session made on one instance on the other, and ends it on both', async () => {
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const session = await signIn(a.url, 'admin', adminPassword);
    const me = await call(b.url, session, 'GET', '/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.json.username).toBe('admin');

    expect((await call(b.url, session, 'POST', '/api/auth/logout')).status).toBeLessThan(300);
    expect((await call(a.url, session, 'GET', '/api/auth/me')).status).toBe(401);
  });

  it('loses no update when two instances edit one incident at once, and keeps the audit chain valid', async () => {
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const admin = await signIn(a.url, 'admin', adminPassword);
    const posts = await call(a.url, admin, 'GET', '/api/posts');
    const post = (posts.json.items as { id: number; countryCode?: string; kind: string }[]).find(
      (p) => p.kind === 'embassy',
    )!;
    const created = await call(a.url, admin, 'POST', '/api/admin/users', {
      username: 'scale-editor',
      displayName: 'Scale-out editor',
      password: 'scale-editor-password',
      mustChangePassword: false,
      roles: [{ role: 'editor' }],
    });
    expect(created.status).toBe(201);
    const editor = await signIn(b.url, 'scale-editor', 'scale-editor-password');
    const incident = await call(a.url, editor, 'POST', '/api/incidents', {
      postId: post.id,
      title: 'Scale-out test record (synthetic)',
      categories: ['abuse_in_transit'],
      occurredStart: '2025-03-01',
      datePrecision: 'day',
      synthetic: true,
      tags: [],
    });
    expect(incident.status, JSON.stringify(incident.json)).toBe(201);
    const id = incident.json.id as string;

    // Eight writers, half through each instance, each adding its own tag: read, edit with the
    // version read, and on a 409 read again and retry. Every tag must survive.
    let conflicts = 0;
    const writer = async (n: number) => {
      const base = n % 2 === 0 ? a.url : b.url;
      for (let attempt = 0; attempt < 50; attempt++) {
        const current = await call(base, editor, 'GET', `/api/incidents/${id}`);
        const tags = current.json.tags as string[];
        const result = await call(base, editor, 'PATCH', `/api/incidents/${id}`, {
          version: current.json.version,
          tags: [...tags, `writer-${n}`],
        });
        if (result.status === 200) return;
        expect(result.status).toBe(409);
        conflicts++;
      }
      throw new Error(`writer ${n} never got its edit in`);
    };
    await Promise.all(Array.from({ length: 8 }, (_, n) => writer(n)));

    const final = await call(b.url, editor, 'GET', `/api/incidents/${id}`);
    expect([...(final.json.tags as string[])].sort()).toEqual(
      Array.from({ length: 8 }, (_, n) => `writer-${n}`).sort(),
    );
    expect(final.json.version).toBe(1 + 8);
    // With eight writers racing, some must have been turned away at least once.
    expect(conflicts).toBeGreaterThan(0);

    const verify = await call(b.url, admin, 'GET', '/api/admin/audit/verify');
    expect(verify.status).toBe(200);
    expect(verify.json.ok).toBe(true);
    expect(verify.json.checked as number).toBeGreaterThan(9);
  });

  it('sends a queued e-mail once although both instances run the job worker', async () => {
    const [a, b] = instances as [ServerProcess, ServerProcess];
    const admin = await signIn(a.url, 'admin', adminPassword);
    const posts = (await call(a.url, admin, 'GET', '/api/posts')).json.items as {
      id: number;
      code: string;
    }[];
    const addressed = posts.filter((p) => ['EMB-FR', 'EMB-DE', 'EMB-IT'].includes(p.code));
    expect(addressed).toHaveLength(3);
    // One reporter with an address at each post, and an editor to issue the directive.
    for (const post of addressed) {
      const user = await call(b.url, admin, 'POST', '/api/admin/users', {
        username: `queue-${post.code.toLowerCase()}`,
        displayName: `Officer at ${post.code}`,
        email: `officer.${post.code.toLowerCase()}@example.org`,
        password: 'queue-officer-password',
        mustChangePassword: false,
        roles: [{ role: 'reporter', postId: post.id }],
      });
      expect(user.status, JSON.stringify(user.json)).toBe(201);
    }
    expect(
      (
        await call(a.url, admin, 'POST', '/api/admin/users', {
          username: 'queue-issuer',
          displayName: 'Directive issuer',
          password: 'queue-issuer-password',
          mustChangePassword: false,
          roles: [{ role: 'editor' }],
        })
      ).status,
    ).toBe(201);
    const editor = await signIn(b.url, 'queue-issuer', 'queue-issuer-password');
    const draft = await call(b.url, editor, 'POST', '/api/directives', {
      title: 'Scale-out test directive (synthetic)',
      kind: 'migration_reporting',
      issuingOffice: 'Human Rights Bureau',
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      dueOn: '2099-12-31',
      body: 'Report what you find.',
      addressees: { regionIds: [], countryCodes: [], postIds: addressed.map((p) => p.id) },
      requirements: [{ kind: 'question', title: 'What did you find?', required: true }],
    });
    expect(draft.status, JSON.stringify(draft.json)).toBe(201);
    const issued = await call(a.url, editor, 'POST', `/api/directives/${draft.json.id}/issue`, {
      version: draft.json.version,
      issuedOn: '2026-07-01',
    });
    expect(issued.status, JSON.stringify(issued.json)).toBe(200);

    const expected = addressed.map((p) => `officer.${p.code.toLowerCase()}@example.org`).sort();
    const mine = () => smtp.received.filter((m) => m.to.some((t) => expected.includes(t)));
    const deadline = Date.now() + 60_000;
    while (mine().length < expected.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    // Both workers poll every 50 ms: give them many more chances to send a second copy.
    await new Promise((r) => setTimeout(r, 2_000));
    expect(
      mine()
        .flatMap((m) => m.to)
        .sort(),
    ).toEqual(expected);
    expect(new Set(mine().map((m) => m.messageId)).size).toBe(expected.length);
  });
});
