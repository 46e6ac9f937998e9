// Object-level authorization, generated from the route table (ASVS 8.2.2, issue 10 §2): every
// route on one record (`/api/incidents/:id…`, `/api/engagements/:id…`) is called with the id of a
// Paris record by the Paris reporter who made it, and by people who must not learn it exists: a
// reporter and an approver of another post, a reviewer of another region, and a partner. For
// those, the answer for the real id must be a refusal and the same as for an id that exists
// nowhere, so guessing ids reveals nothing. The owner reads every GET route of the record
// (protected details need a grant as well).
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

const NOWHERE = '00000000-0000-4000-8000-00000000dead';

function fillParams(url: string, id: string): string {
  return url
    .replace(/:id\b/, id)
    .replace(/:\w+/g, '00000000-0000-4000-8000-000000000001')
    .replace(/\*$/, 'x');
}

describeEachBackend('object-level authorization on incident and engagement routes', (getDb) => {
  let app: FastifyInstance;
  let owner: Session;
  const outsiders = new Map<string, Session>();
  // Each kind of record: the id of the Paris one, the text that would betray it, its routes.
  const records: {
    kind: string;
    id: string;
    marker: string;
    routes: { method: string; url: string }[];
  }[] = [];

  beforeAll(async () => {
    const handle = getDb().handle;
    app = await buildTestApp(handle);
    const posts = await queryRows<{ id: number; code: string; region_id: number }>(
      handle.db,
      sql`select p.id, p.code, c.region_id from posts p join countries c on c.code = p.country_code where p.code in ('EMB-FR', 'EMB-DE', 'EMB-KE')`,
    );
    const post = (code: string) => posts.find((p) => p.code === code)!;
    const person = async (roles: Parameters<typeof makeUser>[1]) => {
      const u = await makeUser(handle, roles);
      return signIn(app, u.username, u.password);
    };
    owner = await person([{ role: 'reporter', postId: post('EMB-FR').id }]);
    outsiders.set(
      'reporter of another post',
      await person([{ role: 'reporter', postId: post('EMB-DE').id }]),
    );
    outsiders.set(
      'approver of another post',
      await person([{ role: 'approver', postId: post('EMB-DE').id }]),
    );
    outsiders.set(
      'reviewer of another region',
      await person([{ role: 'reviewer', regionId: post('EMB-KE').region_id }]),
    );
    outsiders.set('partner', await person([{ role: 'partner' }]));

    const routesOf = (prefix: string) =>
      app.routeTable.filter(
        (r) => r.method !== 'HEAD' && new RegExp(`^/api/${prefix}/:id(/|$)`).test(r.url),
      );
    const incident = await as(app, owner, 'POST', '/api/incidents', {
      postId: post('EMB-FR').id,
      title: 'Paris draft nobody else may see (synthetic)',
      categories: ['abuse_in_transit'],
      occurredStart: '2026-02-01',
      datePrecision: 'day',
    });
    expect(incident.statusCode, incident.body).toBe(201);
    records.push({
      kind: 'incident',
      id: incident.json().id,
      marker: 'Paris draft nobody else may see',
      routes: routesOf('incidents'),
    });
    const engagement = await as(app, owner, 'POST', '/api/engagements', {
      postId: post('EMB-FR').id,
      occurredOn: '2026-03-10',
      kind: 'demarche',
      counterpartOffice: 'Ministry of the Interior (synthetic)',
      counterpartLevel: 'senior_official',
      topics: ['abuse_in_transit'],
      concernsRaised: 'Paris demarche nobody else may see',
      stance: 'receptive',
    });
    expect(engagement.statusCode, engagement.body).toBe(201);
    records.push({
      kind: 'engagement',
      id: engagement.json().id,
      marker: 'Paris demarche nobody else may see',
      routes: routesOf('engagements'),
    });
  }, 120_000);
  afterAll(() => app?.close());

  const send = (session: Session, method: string, url: string) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken },
      ...(method === 'GET' || method === 'DELETE' ? {} : { payload: {} }),
    });

  it('covers every route on one record of each kind', () => {
    const count = (kind: string) => records.find((r) => r.kind === kind)!.routes.length;
    expect(count('incident')).toBeGreaterThan(12);
    expect(count('engagement')).toBeGreaterThan(1);
  });

  it('lets the owner read the record on every GET route', async () => {
    const failures: string[] = [];
    for (const record of records) {
      // Protected details also need a per-post grant (test/api/protected.test.ts).
      const reads = record.routes.filter(
        (r) =>
          r.method === 'GET' &&
          r.url.split(':').length === 2 &&
          !r.url.includes('protected-details'),
      );
      expect(reads.length, record.kind).toBeGreaterThan(0);
      for (const r of reads) {
        const res = await send(owner, r.method, fillParams(r.url, record.id));
        if (res.statusCode !== 200)
          failures.push(`${r.method} ${r.url}: ${res.statusCode} ${res.body}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('answers outsiders guessing the id exactly as for an id that exists nowhere, and never with the record', async () => {
    const failures: string[] = [];
    for (const record of records) {
      for (const [who, session] of outsiders) {
        for (const r of record.routes) {
          const real = await send(session, r.method, fillParams(r.url, record.id));
          const fake = await send(session, r.method, fillParams(r.url, NOWHERE));
          if (real.statusCode < 400 || real.statusCode !== fake.statusCode)
            failures.push(
              `${r.method} ${r.url} as ${who}: real id ${real.statusCode}, unknown id ${fake.statusCode}`,
            );
          if (real.body.includes(record.marker))
            failures.push(`${r.method} ${r.url} as ${who}: the answer shows the record`);
        }
      }
    }
    expect(outsiders.size).toBeGreaterThanOrEqual(3);
    expect(failures).toEqual([]);
  }, 300_000);
});
