// Engagements with a host government as a post lives them: the reporter logs a démarche with
// what was conveyed, the host's response and a follow-up; the follow-up falls overdue and
// surfaces for the post; the country's timeline shows it. Around the story: a follow-up due
// before the engagement is refused naming the field, stale edits get 409, another post's
// engagements stay invisible, and every change is in the audit log.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

type PostInfo = { id: number; region_id: number; code: string };

describeEachBackend('engagements with host governments', (getDb) => {
  let app: FastifyInstance;
  let paris: PostInfo;
  let berlin: PostInfo;
  let reporter: Session;
  let reporterBerlin: Session;
  let reviewer: Session;
  let analyst: Session;
  let sourceId: string;

  const person = async (
    role: 'reporter' | 'reviewer' | 'analyst',
    scope: { postId?: number; regionId?: number } = {},
  ) => {
    const user = await makeUser(getDb().handle, [{ role, ...scope }]);
    return signIn(app, user.username, user.password);
  };

  const demarche = (overrides: Record<string, unknown> = {}) => ({
    postId: paris.id,
    occurredOn: '2026-03-10',
    kind: 'demarche',
    counterpartOffice: 'Ministry of the Interior, Directorate of Migration',
    counterpartLevel: 'senior_official',
    topics: ['abuse_in_transit', 'data_collection'],
    concernsRaised: 'Reports of migrants held for ransom near the port.',
    dataRequested: 'Number of investigations opened in 2025.',
    supportOffered: 'Training for border police on victim identification.',
    responseSummary: 'The director promised figures within a month.',
    stance: 'receptive',
    followUps: [
      { action: 'Chase the promised figures', owner: 'Political officer', dueOn: '2026-04-10' },
    ],
    sources: [{ sourceId, note: 'Prompted the démarche' }],
    ...overrides,
  });

  beforeAll(async () => {
    const handle = getDb().handle;
    app = await buildTestApp(handle);
    const posts = await queryRows<PostInfo>(
      handle.db,
      sql`select p.id, p.code, c.region_id from posts p join countries c on c.code = p.country_code where p.code in ('EMB-FR', 'EMB-DE')`,
    );
    paris = posts.find((p) => p.code === 'EMB-FR')!;
    berlin = posts.find((p) => p.code === 'EMB-DE')!;
    reporter = await person('reporter', { postId: paris.id });
    reporterBerlin = await person('reporter', { postId: berlin.id });
    reviewer = await person('reviewer', { regionId: paris.region_id });
    analyst = await person('analyst');
    const source = await as(app, reporter, 'POST', '/api/sources', {
      type: 'news_media',
      publisher: 'La Provence',
      title: 'Séquestrés dans un entrepôt',
      reliability: 'B',
    });
    expect(source.statusCode, source.body).toBe(201);
    sourceId = source.json().id;
  }, 60_000);
  afterAll(() => app?.close());

  it('logs a démarche with what was conveyed, the response, a follow-up and a source', async () => {
    const res = await as(app, reporter, 'POST', '/api/engagements', demarche());
    expect(res.statusCode, res.body).toBe(201);
    const e = res.json();
    expect(e).toMatchObject({
      countryCode: 'FR',
      kind: 'demarche',
      counterpartLevel: 'senior_official',
      stance: 'receptive',
      topics: ['abuse_in_transit', 'data_collection'],
      directiveId: null,
      version: 1,
    });
    expect(e.followUps).toEqual([
      expect.objectContaining({
        action: 'Chase the promised figures',
        owner: 'Political officer',
        dueOn: '2026-04-10',
        status: 'open',
      }),
    ]);
    expect(e.sources[0].source.id).toBe(sourceId);
    const audit = await queryRows<{ action: string }>(
      getDb().handle.db,
      sql`select action from audit_log where entity_type = 'engagement' and entity_id = ${e.id}`,
    );
    expect(audit.map((a) => a.action)).toEqual(['engagement.created']);
  });

  it('refuses a follow-up due before the engagement, naming the field', async () => {
    const res = await as(
      app,
      reporter,
      'POST',
      '/api/engagements',
      demarche({
        followUps: [
          { action: 'Fine', owner: 'A', dueOn: '2026-03-11' },
          { action: 'Too early', owner: 'B', dueOn: '2026-03-01' },
        ],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        field: 'followUps.1.dueOn',
        message: expect.stringContaining('before the engagement'),
      }),
    ]);
    // Moving the engagement after an existing follow-up is refused the same way.
    const created = (await as(app, reporter, 'POST', '/api/engagements', demarche())).json();
    const moved = await as(app, reporter, 'PATCH', `/api/engagements/${created.id}`, {
      version: created.version,
      occurredOn: '2026-05-01',
    });
    expect(moved.statusCode).toBe(400);
    expect(moved.json().errors[0].field).toBe('followUps.0.dueOn');
  });

  it('refuses unknown kinds, stances, topics and levels, each by its field', async () => {
    const res = await as(
      app,
      reporter,
      'POST',
      '/api/engagements',
      demarche({
        kind: 'telepathy',
        stance: 'delighted',
        topics: ['returns', 'gardening'],
        counterpartLevel: 'emperor',
        occurredOn: '2999-01-01',
        followUps: [],
      }),
    );
    expect(res.statusCode).toBe(400);
    const fields = res
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['counterpartLevel', 'kind', 'occurredOn', 'stance', 'topics.1']);
  });

  it('links an issued directive, and refuses one that does not exist or is still a draft', async () => {
    const db = getDb().handle.db;
    const [issued, draft] = await queryRows<{ id: string }>(
      db,
      sql`insert into directives (reference, title, kind, issuing_office, period_start, period_end, due_on, status, addressees)
          values ('TEST-ENG-1', 'Migration reporting', 'migration_reporting', 'Human Rights Bureau', '2026-01-01', '2026-06-30', '2026-07-31', 'issued', '{}'::jsonb),
                 ('TEST-ENG-2', 'Not yet issued', 'migration_reporting', 'Human Rights Bureau', '2026-01-01', '2026-06-30', '2026-07-31', 'draft', '{}'::jsonb)
          returning id`,
    );
    const linked = await as(
      app,
      reporter,
      'POST',
      '/api/engagements',
      demarche({ directiveId: issued!.id }),
    );
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().directiveId).toBe(issued!.id);
    for (const directiveId of [draft!.id, '00000000-0000-4000-8000-000000000000']) {
      const res = await as(app, reporter, 'POST', '/api/engagements', demarche({ directiveId }));
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().errors).toEqual([
        { field: 'directiveId', message: `no issued directive ${directiveId}` },
      ]);
    }
  });

  it('edits with the version: a stale edit gets 409 with the current record, and the diff is audited', async () => {
    const created = (await as(app, reporter, 'POST', '/api/engagements', demarche())).json();
    const first = await as(app, reporter, 'PATCH', `/api/engagements/${created.id}`, {
      version: 1,
      stance: 'non_committal',
      followUps: [
        {
          action: 'Chase the promised figures',
          owner: 'Political officer',
          dueOn: '2026-04-10',
          status: 'done',
        },
      ],
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, stance: 'non_committal' });
    expect(first.json().followUps[0].status).toBe('done');
    const stale = await as(app, reporter, 'PATCH', `/api/engagements/${created.id}`, {
      version: 1,
      stance: 'rejected',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ version: 2, stance: 'non_committal' });
    const [audit] = await queryRows<{ changes: Record<string, unknown> }>(
      getDb().handle.db,
      sql`select changes from audit_log where entity_id = ${created.id} and action = 'engagement.updated'`,
    );
    expect(audit!.changes).toHaveProperty('stance', { from: 'receptive', to: 'non_committal' });
    expect(audit!.changes).toHaveProperty('followUps');
  });

  it("keeps a post's engagements from other posts; the region's reviewer and analysts see them", async () => {
    const created = (await as(app, reporter, 'POST', '/api/engagements', demarche())).json();
    expect(
      (await as(app, reporterBerlin, 'GET', `/api/engagements/${created.id}`)).statusCode,
    ).toBe(404);
    const edit = await as(app, reporterBerlin, 'PATCH', `/api/engagements/${created.id}`, {
      version: 1,
      stance: 'rejected',
    });
    expect(edit.statusCode).toBe(404);
    const logged = await as(app, reporterBerlin, 'POST', '/api/engagements', demarche());
    expect(logged.statusCode).toBe(403);
    const list = (await as(app, reporterBerlin, 'GET', '/api/engagements')).json();
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(created.id);
    expect((await as(app, reviewer, 'GET', `/api/engagements/${created.id}`)).statusCode).toBe(200);
    expect((await as(app, analyst, 'GET', `/api/engagements/${created.id}`)).statusCode).toBe(200);
  });

  it("surfaces overdue follow-ups for the post, and shows the country's timeline oldest first", async () => {
    const old = (
      await as(
        app,
        reporter,
        'POST',
        '/api/engagements',
        demarche({
          occurredOn: '2025-01-15',
          kind: 'meeting',
          followUps: [
            {
              action: 'Send the training offer in writing',
              owner: 'Deputy head of mission',
              dueOn: '2025-02-01',
            },
            { action: 'Already done', owner: 'X', dueOn: '2025-02-01', status: 'done' },
          ],
        }),
      )
    ).json();
    const overdue = (await as(app, reporter, 'GET', '/api/engagements/overdue-follow-ups')).json();
    const mine = overdue.items.filter((i: { engagementId: string }) => i.engagementId === old.id);
    expect(mine).toEqual([
      expect.objectContaining({
        action: 'Send the training offer in writing',
        dueOn: '2025-02-01',
        postId: paris.id,
      }),
    ]);
    expect(mine[0].daysOverdue).toBeGreaterThan(0);
    const berlinView = (
      await as(app, reporterBerlin, 'GET', '/api/engagements/overdue-follow-ups')
    ).json();
    expect(berlinView.items.some((i: { engagementId: string }) => i.engagementId === old.id)).toBe(
      false,
    );
    const detail = (await as(app, reporter, 'GET', `/api/engagements/${old.id}`)).json();
    expect(detail.followUps.map((f: { overdue: boolean }) => f.overdue)).toEqual([true, false]);

    const timeline = await as(app, reporter, 'GET', '/api/engagements/timeline/fr');
    expect(timeline.statusCode).toBe(200);
    const dates = timeline.json().items.map((i: { occurredOn: string }) => i.occurredOn);
    expect(dates[0]).toBe('2025-01-15');
    expect(timeline.json().items[0]).toMatchObject({ openFollowUps: 1, overdueFollowUps: 1 });
    expect([...dates].sort()).toEqual(dates);
    expect((await as(app, reporter, 'GET', '/api/engagements/timeline/QQ')).statusCode).toBe(404);
  });

  it('refuses a source that does not exist, naming it', async () => {
    const res = await as(
      app,
      reporter,
      'POST',
      '/api/engagements',
      demarche({
        sources: [{ sourceId: '00000000-0000-4000-8000-000000000001' }],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].field).toBe('sources.0.sourceId');
  });
});
