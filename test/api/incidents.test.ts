// Incidents and their review, as the people at a post and in the region live it: a reporter
// records a draft with its source, the approver submits it, a reviewer returns it with a
// comment, the post fixes it and the reviewer verifies it. Around the story: the four-eyes
// rule, bad input naming its field, stale edits, another post's drafts staying invisible,
// full-text search, keyset pagination and the record's history.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

type PostInfo = { id: number; region_id: number };

describeEachBackend('incidents and their review', (getDb) => {
  let app: FastifyInstance;
  let paris: PostInfo;
  let berlin: PostInfo;
  let reporter: Session;
  let approver: Session;
  let reviewer: Session;
  let reporterBerlin: Session;
  let approverBerlin: Session;
  let editor: Session;
  let sourceId: string;

  const person = async (
    role: 'reporter' | 'approver' | 'reviewer' | 'editor',
    scope: { postId?: number; regionId?: number } = {},
  ) => {
    const user = await makeUser(getDb().handle, [{ role, ...scope }]);
    return signIn(app, user.username, user.password);
  };

  const draft = (overrides: Record<string, unknown> = {}) => ({
    postId: paris.id,
    title: 'Migrants held for ransom near the port',
    narrative: 'Twelve migrants were held in a warehouse and their families extorted.',
    categories: ['abuse_in_transit'],
    occurredStart: '2026-03-02',
    occurredEnd: '2026-03-05',
    datePrecision: 'range',
    placeName: 'Marseille',
    latitude: 43.3,
    longitude: 5.37,
    geoPrecision: 1,
    route: 'western_mediterranean',
    ...overrides,
  });

  beforeAll(async () => {
    const handle = getDb().handle;
    app = await buildTestApp(handle);
    const posts = await queryRows<PostInfo & { code: string }>(
      handle.db,
      sql`select p.id, p.code, c.region_id from posts p join countries c on c.code = p.country_code where p.code in ('EMB-FR', 'EMB-DE')`,
    );
    paris = posts.find((p) => p.code === 'EMB-FR')!;
    berlin = posts.find((p) => p.code === 'EMB-DE')!;
    reporter = await person('reporter', { postId: paris.id });
    approver = await person('approver', { postId: paris.id });
    reviewer = await person('reviewer', { regionId: paris.region_id });
    reporterBerlin = await person('reporter', { postId: berlin.id });
    approverBerlin = await person('approver', { postId: berlin.id });
    editor = await person('editor');
    const source = await as(app, reporter, 'POST', '/api/sources', {
      type: 'news_media',
      publisher: 'La Provence',
      title: 'Séquestrés dans un entrepôt',
      url: 'https://example.org/article',
      publishedOn: '2026-03-06',
      language: 'fr',
      reliability: 'B',
    });
    expect(source.statusCode, source.body).toBe(201);
    sourceId = source.json().id;
  }, 60_000);
  afterAll(() => app?.close());

  it('goes from draft to verified: report, submit, return with a comment, fix, resubmit, verify', async () => {
    const created = await as(app, reporter, 'POST', '/api/incidents', {
      ...draft(),
      victims: [
        {
          sex: 'male',
          ageBand: '18-25',
          count: 12,
          nationality: 'GN',
          nationalitySourceId: sourceId,
        },
      ],
      perpetrators: [
        {
          type: 'criminal_network',
          attributes: [{ attribute: 'nationality', value: 'stated as local', sourceId }],
        },
      ],
      sources: [{ sourceId, credibility: 2, excerpt: 'douze migrants séquestrés' }],
    });
    expect(created.statusCode, created.body).toBe(201);
    let incident = created.json();
    expect(incident).toMatchObject({ status: 'draft', countryCode: 'FR', warnings: [] });
    expect(incident.reference).toMatch(/^INC-\d{4}-\d{6}$/);
    expect(incident.sources[0]).toMatchObject({
      credibility: 2,
      source: { publisher: 'La Provence' },
    });

    const byReporter = await as(app, reporter, 'POST', `/api/incidents/${incident.id}/submit`, {
      version: incident.version,
    });
    expect(byReporter.statusCode).toBe(403);

    const submitted = await as(app, approver, 'POST', `/api/incidents/${incident.id}/submit`, {
      version: incident.version,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    incident = submitted.json();
    expect(incident.status).toBe('submitted');

    const noComment = await as(app, reviewer, 'POST', `/api/incidents/${incident.id}/return`, {
      version: incident.version,
    });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().errors[0].field).toBe('comment');

    const returned = await as(app, reviewer, 'POST', `/api/incidents/${incident.id}/return`, {
      version: incident.version,
      comment: 'Which warehouse? Add the district.',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    incident = returned.json();
    expect(incident.status).toBe('returned');
    const thread = (await as(app, reporter, 'GET', `/api/incidents/${incident.id}/comments`)).json()
      .items;
    expect(thread.map((c: { body: string }) => c.body)).toEqual([
      'Which warehouse? Add the district.',
    ]);

    const fixed = await as(app, reporter, 'PATCH', `/api/incidents/${incident.id}`, {
      version: incident.version,
      admin1: "Provence-Alpes-Côte d'Azur",
      placeName: 'Marseille, 15e arrondissement',
    });
    expect(fixed.statusCode, fixed.body).toBe(200);
    incident = fixed.json();

    const resubmitted = await as(app, approver, 'POST', `/api/incidents/${incident.id}/submit`, {
      version: incident.version,
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    incident = resubmitted.json();

    const verified = await as(app, reviewer, 'POST', `/api/incidents/${incident.id}/verify`, {
      version: incident.version,
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({ status: 'verified', verifiedBy: expect.any(String) });

    const again = await as(app, reviewer, 'POST', `/api/incidents/${incident.id}/verify`, {
      version: verified.json().version,
    });
    expect(again.statusCode).toBe(409);
  });

  it('does not let the author or an editor of a record verify it', async () => {
    // An editor writes a record; the post's approver submits it; the same editor cannot verify.
    const created = await as(app, editor, 'POST', '/api/incidents', {
      ...draft(),
      sources: [{ sourceId, credibility: 3 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const submitted = await as(
      app,
      approver,
      'POST',
      `/api/incidents/${created.json().id}/submit`,
      { version: created.json().version },
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    const own = await as(app, editor, 'POST', `/api/incidents/${created.json().id}/verify`, {
      version: submitted.json().version,
    });
    expect(own.statusCode).toBe(403);
    expect(own.json().detail).toMatch(/someone else/);

    // An editor who only corrected someone else's record is just as disqualified.
    const second = await as(app, reporter, 'POST', '/api/incidents', {
      ...draft(),
      sources: [{ sourceId, credibility: 3 }],
    });
    const sent = await as(app, approver, 'POST', `/api/incidents/${second.json().id}/submit`, {
      version: second.json().version,
    });
    const corrected = await as(app, editor, 'PATCH', `/api/incidents/${second.json().id}`, {
      version: sent.json().version,
      title: 'Migrants held for ransom in Marseille',
    });
    expect(corrected.statusCode, corrected.body).toBe(200);
    const byCorrector = await as(app, editor, 'POST', `/api/incidents/${second.json().id}/verify`, {
      version: corrected.json().version,
    });
    expect(byCorrector.statusCode).toBe(403);
    const byReviewer = await as(
      app,
      reviewer,
      'POST',
      `/api/incidents/${second.json().id}/verify`,
      { version: corrected.json().version },
    );
    expect(byReviewer.statusCode, byReviewer.body).toBe(200);
  });

  it('refuses to submit without a source, naming sources', async () => {
    const created = await as(app, reporter, 'POST', '/api/incidents', draft());
    expect(created.statusCode).toBe(201);
    const res = await as(app, approver, 'POST', `/api/incidents/${created.json().id}/submit`, {
      version: created.json().version,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([{ field: 'sources', message: expect.any(String) }]);
  });

  describe('bad input names the field at fault', () => {
    const future = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10);
    const cases: [string, Record<string, unknown>, string][] = [
      [
        'end before start',
        { occurredStart: '2026-03-05', occurredEnd: '2026-03-01' },
        'occurredEnd',
      ],
      ['a future date', { occurredStart: future, occurredEnd: future }, 'occurredStart'],
      ['an unknown category', { categories: ['shoplifting'] }, 'categories.0'],
      ['an unknown route', { route: 'silk_road' }, 'route'],
      ['a latitude off the globe', { latitude: 123 }, 'latitude'],
      [
        'a charge dated in the future',
        { outcome: { charges: 1, chargedOn: future } },
        'outcome.chargedOn',
      ],
      [
        'a nationality no source states',
        { victims: [{ sex: 'female', ageBand: '12-17', count: 1, nationality: 'NG' }] },
        'victims.0.nationalitySourceId',
      ],
    ];
    for (const [what, overrides, field] of cases) {
      it(`${what} → 400 naming ${field}`, async () => {
        const res = await as(app, reporter, 'POST', '/api/incidents', draft(overrides));
        expect(res.statusCode, res.body).toBe(400);
        expect(res.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      });
    }
  });

  it('warns, without refusing, when the point lies far outside the stated country', async () => {
    const res = await as(
      app,
      reporter,
      'POST',
      '/api/incidents',
      draft({ latitude: -33.9, longitude: 18.4 }),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().warnings).toEqual([
      { field: 'latitude', message: expect.stringMatching(/km from France/) },
    ]);
  });

  it('refuses a stale edit with 409 and the record as it now is', async () => {
    const created = (await as(app, reporter, 'POST', '/api/incidents', draft())).json();
    const first = await as(app, reporter, 'PATCH', `/api/incidents/${created.id}`, {
      version: created.version,
      title: 'First edit',
    });
    expect(first.statusCode).toBe(200);
    const stale = await as(app, approver, 'PATCH', `/api/incidents/${created.id}`, {
      version: created.version,
      title: 'Second edit',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({
      title: 'First edit',
      version: created.version + 1,
    });
  });

  it("keeps a post's drafts from other posts: not readable, not listed, not found by search", async () => {
    const secret = (
      await as(
        app,
        reporter,
        'POST',
        '/api/incidents',
        draft({ title: 'Quarantined draft', narrative: 'zanzibarian lighthouse keeper' }),
      )
    ).json();
    const read = await as(app, reporterBerlin, 'GET', `/api/incidents/${secret.id}`);
    expect(read.statusCode).toBe(404);
    for (const path of ['history', 'comments'])
      expect(
        (await as(app, reporterBerlin, 'GET', `/api/incidents/${secret.id}/${path}`)).statusCode,
      ).toBe(404);
    const listed = (await as(app, reporterBerlin, 'GET', '/api/incidents?limit=200')).json().items;
    expect(listed.map((i: { id: string }) => i.id)).not.toContain(secret.id);
    const searched = (await as(app, reporterBerlin, 'GET', '/api/incidents?q=zanzibarian')).json()
      .items;
    expect(searched).toEqual([]);
    const edit = await as(app, approverBerlin, 'PATCH', `/api/incidents/${secret.id}`, {
      version: secret.version,
      title: 'x',
    });
    expect(edit.statusCode).toBe(404);
    // The reviewer of the region does not see it either until the post submits it.
    expect((await as(app, reviewer, 'GET', `/api/incidents/${secret.id}`)).statusCode).toBe(404);
    expect((await as(app, reporter, 'GET', `/api/incidents/${secret.id}`)).statusCode).toBe(200);
  });

  it('does not let a post record for, or submit for, another post', async () => {
    const forParis = await as(app, reporterBerlin, 'POST', '/api/incidents', draft());
    expect(forParis.statusCode).toBe(403);
    const created = (
      await as(app, reporter, 'POST', '/api/incidents', {
        ...draft(),
        sources: [{ sourceId, credibility: 2 }],
      })
    ).json();
    const submit = await as(app, approverBerlin, 'POST', `/api/incidents/${created.id}/submit`, {
      version: created.version,
    });
    expect(submit.statusCode).toBe(404);
  });

  it('finds a record by a word of its narrative (full text, any language)', async () => {
    const indexes = await queryRows<{ indexname: string }>(
      getDb().handle.db,
      sql`select indexname from pg_indexes where tablename = 'incidents'`,
    );
    expect(indexes.map((i) => i.indexname)).toContain('incidents_search_idx');
    const created = (
      await as(
        app,
        reporter,
        'POST',
        '/api/incidents',
        draft({ narrative: 'Die Schleuser verlangten Lösegeld für Kinder.' }),
      )
    ).json();
    const found = (
      await as(app, reporter, 'GET', `/api/incidents?q=${encodeURIComponent('Lösegeld')}`)
    ).json().items;
    expect(found.map((i: { id: string }) => i.id)).toEqual([created.id]);
    const phrase = (
      await as(
        app,
        reporter,
        'GET',
        `/api/incidents?q=${encodeURIComponent('"verlangten Lösegeld" -Erpressung')}`,
      )
    ).json().items;
    expect(phrase.map((i: { id: string }) => i.id)).toEqual([created.id]);
  });

  it('finds a record by what its sources say, and follows a renamed source', async () => {
    const source = (
      await as(app, reporter, 'POST', '/api/sources', {
        type: 'ngo_io_report',
        publisher: 'Alarm Phone',
        title: 'Weekly report',
        reliability: 'C',
      })
    ).json();
    const created = (
      await as(app, reporter, 'POST', '/api/incidents', {
        ...draft(),
        sources: [
          { sourceId: source.id, credibility: 3, excerpt: 'pushback witnessed by fishermen' },
        ],
      })
    ).json();
    const ids = async (q: string) =>
      (
        (await as(app, reporter, 'GET', `/api/incidents?q=${encodeURIComponent(q)}`)).json()
          .items as { id: string }[]
      ).map((i) => i.id);
    expect(await ids('fishermen')).toEqual([created.id]);
    expect(await ids('alarm phone')).toEqual([created.id]);
    const renamed = await as(app, reporter, 'PATCH', `/api/sources/${source.id}`, {
      version: source.version,
      publisher: 'Watch the Med',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(await ids('alarm phone')).toEqual([]);
    expect(await ids('"watch the med"')).toEqual([created.id]);
    const unlinked = await as(
      app,
      reporter,
      'DELETE',
      `/api/incidents/${created.id}/sources/${source.id}`,
    );
    expect(unlinked.statusCode).toBe(200);
    expect(await ids('fishermen')).toEqual([]);
  });

  it("shows a submitted record to its region's reviewers only", async () => {
    const created = (
      await as(app, reporter, 'POST', '/api/incidents', {
        ...draft(),
        sources: [{ sourceId, credibility: 2 }],
      })
    ).json();
    const submitted = (
      await as(app, approver, 'POST', `/api/incidents/${created.id}/submit`, {
        version: created.version,
      })
    ).json();
    const otherRegion = await queryRows<{ id: number }>(
      getDb().handle.db,
      sql`select id from regions where id <> ${paris.region_id} limit 1`,
    );
    const elsewhere = await person('reviewer', { regionId: otherRegion[0]!.id });
    expect((await as(app, elsewhere, 'GET', `/api/incidents/${created.id}`)).statusCode).toBe(404);
    expect(
      (
        await as(app, elsewhere, 'POST', `/api/incidents/${created.id}/verify`, {
          version: submitted.version,
        })
      ).statusCode,
    ).toBe(404);
    expect((await as(app, reviewer, 'GET', `/api/incidents/${created.id}`)).statusCode).toBe(200);
    const queue = (
      await as(app, reviewer, 'GET', '/api/incidents?status=submitted&limit=200')
    ).json().items as { id: string }[];
    expect(queue.map((i) => i.id)).toContain(created.id);
  });

  it('pages through every record exactly once with an opaque keyset cursor', async () => {
    // Several records share a start date, so the id breaks ties.
    for (let i = 0; i < 9; i++) {
      const day = String(1 + (i % 3)).padStart(2, '0');
      const res = await as(
        app,
        reporterBerlin,
        'POST',
        '/api/incidents',
        draft({
          postId: berlin.id,
          occurredStart: `2025-07-${day}`,
          occurredEnd: `2025-07-${day}`,
          datePrecision: 'day',
        }),
      );
      expect(res.statusCode).toBe(201);
    }
    const all = (await as(app, reporterBerlin, 'GET', '/api/incidents?limit=200')).json().items as {
      id: string;
      occurredStart: string;
    }[];
    expect(all.length).toBe(9);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: { id: string }[]; nextCursor: string | null } = (
        await as(
          app,
          reporterBerlin,
          'GET',
          `/api/incidents?limit=4${cursor ? `&cursor=${cursor}` : ''}`,
        )
      ).json();
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((i) => i.id));
    expect(new Set(seen).size).toBe(9);
    const starts = all.map((i) => i.occurredStart);
    expect([...starts].sort().reverse()).toEqual(starts);
    expect(
      (await as(app, reporterBerlin, 'GET', '/api/incidents?cursor=not-a-cursor')).statusCode,
    ).toBe(400);
  });

  it('filters by country, status, category and date range', async () => {
    const list = async (query: string) =>
      (await as(app, editor, 'GET', `/api/incidents?${query}`)).json().items as {
        status: string;
        categories: string[];
        occurredStart: string;
      }[];
    expect((await list('status=verified')).every((i) => i.status === 'verified')).toBe(true);
    expect((await list('status=verified')).length).toBeGreaterThanOrEqual(2);
    expect(await list('category=antisemitic_attack')).toEqual([]);
    expect((await list('country=FR&category=abuse_in_transit')).length).toBeGreaterThan(0);
    expect(
      (await list('from=2025-07-02&to=2025-07-02')).every((i) => i.occurredStart === '2025-07-02'),
    ).toBe(true);
  });

  it('shows the history of a record with field-level changes', async () => {
    const created = (await as(app, reporter, 'POST', '/api/incidents', draft())).json();
    await as(app, reporter, 'PATCH', `/api/incidents/${created.id}`, {
      version: created.version,
      title: 'Ransom demanded from families',
      acts: [{ act: 'kidnapping', victimCount: 12 }],
    });
    await as(app, reporter, 'POST', `/api/incidents/${created.id}/sources`, {
      sourceId,
      credibility: 2,
      excerpt: 'rançon',
    });
    const history = (await as(app, reporter, 'GET', `/api/incidents/${created.id}/history`)).json()
      .items;
    expect(history.map((h: { action: string }) => h.action)).toEqual([
      'incident.created',
      'incident.updated',
      'incident.source_linked',
    ]);
    expect(history[1].changes).toEqual({
      title: {
        from: 'Migrants held for ransom near the port',
        to: 'Ransom demanded from families',
      },
      acts: { from: [], to: [{ act: 'kidnapping', victimCount: 12, description: null }] },
    });
  });

  it('keeps a cited source linked until its citation goes', async () => {
    const created = (
      await as(app, reporter, 'POST', '/api/incidents', {
        ...draft(),
        victims: [
          {
            sex: 'female',
            ageBand: '26-59',
            count: 2,
            nationality: 'ER',
            nationalitySourceId: sourceId,
          },
        ],
        sources: [{ sourceId, credibility: 2 }],
      })
    ).json();
    const refused = await as(
      app,
      reporter,
      'DELETE',
      `/api/incidents/${created.id}/sources/${sourceId}`,
    );
    expect(refused.statusCode).toBe(400);
    const cleared = await as(app, reporter, 'PATCH', `/api/incidents/${created.id}`, {
      version: created.version,
      victims: [{ sex: 'female', ageBand: '26-59', count: 2 }],
    });
    expect(cleared.statusCode).toBe(200);
    const unlinked = await as(
      app,
      reporter,
      'DELETE',
      `/api/incidents/${created.id}/sources/${sourceId}`,
    );
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json().sources).toEqual([]);
  });
});
