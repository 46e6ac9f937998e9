// Policy assessments as headquarters and a post live them: an editor defines a framework, the
// post rates its host country for a period with evidence, the approver submits and the
// region's reviewer marks it reviewed; the framework changes later and the assessment keeps
// its version; a second period is compared with the first, and countries of the region side
// by side. Bad input: a rating outside the scale, a rating above "insufficient information"
// without evidence, evidence that does not exist, a stale edit.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

type PostInfo = { id: number; region_id: number; code: string };

describeEachBackend('policy assessments', (getDb) => {
  let app: FastifyInstance;
  let paris: PostInfo;
  let berlin: PostInfo;
  let reporter: Session;
  let approver: Session;
  let reviewer: Session;
  let editor: Session;
  let reporterBerlin: Session;
  let approverBerlin: Session;
  let sourceId: string;
  let framework: { id: string; version: number; latest: { id: string; number: number } };

  const person = async (
    role: 'reporter' | 'approver' | 'reviewer' | 'editor',
    scope: { postId?: number; regionId?: number } = {},
  ) => {
    const user = await makeUser(getDb().handle, [{ role, ...scope }]);
    return signIn(app, user.username, user.password);
  };

  const content = {
    guidance: 'Rate what the government did in the period, not what it announced.',
    scale: [
      {
        code: 'poor',
        label: 'Poor',
        definition: 'No measures, or measures that make things worse.',
      },
      { code: 'partial', label: 'Partial', definition: 'Some measures, unevenly applied.' },
      { code: 'good', label: 'Good', definition: 'Effective measures applied nationwide.' },
    ],
    indicators: [
      {
        code: 'victim_id',
        question: 'Are trafficking victims identified and referred?',
        guidance: 'Count referrals, not announcements.',
      },
      {
        code: 'data',
        question: 'Does the government publish data on abuses against migrants?',
        guidance: '',
      },
    ],
  };

  const evidence = () => [{ recordType: 'source', recordId: sourceId, note: 'Annual report' }];

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
    approver = await person('approver', { postId: paris.id });
    reviewer = await person('reviewer', { regionId: paris.region_id });
    editor = await person('editor');
    reporterBerlin = await person('reporter', { postId: berlin.id });
    approverBerlin = await person('approver', { postId: berlin.id });
    const source = await as(app, reporter, 'POST', '/api/sources', {
      type: 'ngo_io_report',
      publisher: 'GRETA',
      title: 'Evaluation report: France',
      reliability: 'A',
    });
    sourceId = source.json().id;
    const res = await as(app, editor, 'POST', '/api/assessment-frameworks', {
      name: 'Migrant protection',
      ...content,
    });
    expect(res.statusCode, res.body).toBe(201);
    framework = res.json();
  }, 60_000);
  afterAll(() => app?.close());

  it('keeps "insufficient information" as the lowest level and refuses a scale or indicators that make no sense', async () => {
    const fw = (
      await as(app, reporter, 'GET', `/api/assessment-frameworks/${framework.id}`)
    ).json();
    expect(fw.latest.scale.map((l: { code: string }) => l.code)).toEqual([
      'insufficient_information',
      'poor',
      'partial',
      'good',
    ]);
    const bad = await as(app, editor, 'POST', '/api/assessment-frameworks', {
      name: 'Broken',
      scale: [{ code: 'only', label: 'Only', definition: '' }],
      indicators: [
        { code: 'a', question: 'A?' },
        { code: 'a', question: 'A again?' },
      ],
    });
    expect(bad.statusCode).toBe(400);
    const fields = bad
      .json()
      .errors.map((e: { field: string }) => e.field)
      .sort();
    expect(fields).toEqual(['indicators.1.code', 'scale', 'scale.0.definition']);
    expect(
      (await as(app, reporter, 'POST', '/api/assessment-frameworks', { name: 'X', ...content }))
        .statusCode,
    ).toBe(403);
  });

  it('refuses a rating outside the scale and a rating above "insufficient information" without evidence', async () => {
    const res = await as(app, reporter, 'POST', '/api/assessments', {
      postId: paris.id,
      frameworkVersionId: framework.latest.id,
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      ratings: [
        { indicatorCode: 'victim_id', rating: 'excellent', narrative: '', evidence: evidence() },
        { indicatorCode: 'data', rating: 'good', narrative: 'They publish.' },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      expect.objectContaining({
        field: 'ratings.0.rating',
        message: expect.stringContaining('not on this framework'),
      }),
      expect.objectContaining({
        field: 'ratings.1.rating',
        message: expect.stringContaining('link evidence'),
      }),
    ]);
    const missing = await as(app, reporter, 'POST', '/api/assessments', {
      postId: paris.id,
      frameworkVersionId: framework.latest.id,
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      ratings: [
        {
          indicatorCode: 'data',
          rating: 'poor',
          evidence: [{ recordType: 'incident', recordId: '00000000-0000-4000-8000-000000000009' }],
        },
      ],
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors[0].field).toBe('ratings.0.evidence.0.recordId');
    const insufficient = await as(app, reporter, 'POST', '/api/assessments', {
      postId: paris.id,
      frameworkVersionId: framework.latest.id,
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      ratings: [
        { indicatorCode: 'data', rating: 'insufficient_information', narrative: 'Nothing found.' },
      ],
    });
    expect(insufficient.statusCode, insufficient.body).toBe(201);
  });

  it('goes draft → submitted → reviewed, with four eyes and versioned edits', async () => {
    const created = await as(app, reporter, 'POST', '/api/assessments', {
      postId: paris.id,
      frameworkVersionId: framework.latest.id,
      periodStart: '2024-01-01',
      periodEnd: '2024-12-31',
      ratings: [
        {
          indicatorCode: 'victim_id',
          rating: 'poor',
          narrative: 'Few referrals.',
          evidence: evidence(),
        },
      ],
    });
    expect(created.statusCode, created.body).toBe(201);
    const a = created.json();
    expect(a.status).toBe('draft');
    expect(a.ratings[0]).toMatchObject({
      indicatorCode: 'victim_id',
      rating: 'poor',
      ratingLabel: 'Poor',
    });
    expect(a.ratings[0].evidence[0].label).toContain('GRETA');
    // Drafts stay with the post.
    expect((await as(app, reviewer, 'GET', `/api/assessments/${a.id}`)).statusCode).toBe(404);
    expect((await as(app, reporterBerlin, 'GET', `/api/assessments/${a.id}`)).statusCode).toBe(404);
    const stale = await as(app, reporter, 'PATCH', `/api/assessments/${a.id}`, {
      version: 7,
      summary: 'x',
    });
    expect(stale.statusCode).toBe(409);
    expect(
      (await as(app, approverBerlin, 'POST', `/api/assessments/${a.id}/submit`, { version: 1 }))
        .statusCode,
    ).toBe(404);
    const submitted = await as(app, approver, 'POST', `/api/assessments/${a.id}/submit`, {
      version: 1,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('submitted');
    const noComment = await as(app, reviewer, 'POST', `/api/assessments/${a.id}/review`, {
      version: 2,
      decision: 'returned',
    });
    expect(noComment.statusCode).toBe(400);
    expect(noComment.json().errors[0].field).toBe('comment');
    const reviewed = await as(app, reviewer, 'POST', `/api/assessments/${a.id}/review`, {
      version: 2,
      decision: 'reviewed',
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json().status).toBe('reviewed');
    const again = await as(app, reviewer, 'POST', `/api/assessments/${a.id}/review`, {
      version: 3,
      decision: 'reviewed',
    });
    expect(again.statusCode).toBe(409);
    const actions = await queryRows<{ action: string }>(
      getDb().handle.db,
      sql`select action from audit_log where entity_id = ${a.id} order by seq`,
    );
    expect(actions.map((r) => r.action)).toEqual([
      'assessment.created',
      'assessment.submitted',
      'assessment.reviewed',
    ]);
  });

  it('makes a new framework version once one is used; the assessment keeps its version', async () => {
    const fresh = (
      await as(app, editor, 'POST', '/api/assessment-frameworks', {
        name: 'Unused yet',
        ...content,
      })
    ).json();
    const inPlace = await as(app, editor, 'PUT', `/api/assessment-frameworks/${fresh.id}`, {
      version: 1,
      ...content,
      guidance: 'Clarified.',
    });
    expect(inPlace.statusCode, inPlace.body).toBe(200);
    expect(inPlace.json().versions).toHaveLength(1);

    const fw = (await as(app, editor, 'GET', `/api/assessment-frameworks/${framework.id}`)).json();
    expect(fw.latest.usedBy).toBeGreaterThan(0);
    const changed = await as(app, editor, 'PUT', `/api/assessment-frameworks/${framework.id}`, {
      version: fw.version,
      ...content,
      indicators: [
        ...content.indicators,
        { code: 'returns', question: 'Are returns carried out with safeguards?', guidance: '' },
      ],
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = changed.json();
    expect(after.latest.number).toBe(2);
    expect(after.versions.map((v: { number: number }) => v.number)).toEqual([1, 2]);
    expect(after.versions[0].usedBy).toBeGreaterThan(0);
    expect(after.versions[1].usedBy).toBe(0);
    const stale = await as(app, editor, 'PUT', `/api/assessment-frameworks/${framework.id}`, {
      version: fw.version,
      ...content,
    });
    expect(stale.statusCode).toBe(409);

    const list = (await as(app, reporter, 'GET', '/api/assessments?country=FR')).json();
    const draft = list.items.find((i: { status: string }) => i.status === 'draft');
    const old = (await as(app, reporter, 'GET', `/api/assessments/${draft.id}`)).json();
    expect(old.frameworkNumber).toBe(1);
    expect(old.ratings.map((r: { indicatorCode: string }) => r.indicatorCode)).toEqual([
      'victim_id',
      'data',
    ]);
    // Rating the new indicator on the old version is refused: it is not in that version.
    const wrong = await as(app, reporter, 'PATCH', `/api/assessments/${old.id}`, {
      version: old.version,
      ratings: [{ indicatorCode: 'returns', rating: null }],
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('ratings.0.indicatorCode');
  });

  it("compares a country's periods (what changed and why) and the region's countries side by side", async () => {
    const fw = (await as(app, editor, 'GET', `/api/assessment-frameworks/${framework.id}`)).json();
    const next = await as(app, reporter, 'POST', '/api/assessments', {
      postId: paris.id,
      frameworkVersionId: fw.latest.id,
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      ratings: [
        {
          indicatorCode: 'victim_id',
          rating: 'partial',
          narrative: 'A national referral mechanism started in March.',
          evidence: evidence(),
        },
      ],
    });
    expect(next.statusCode, next.body).toBe(201);
    const cmp = await as(
      app,
      reporter,
      'GET',
      `/api/assessments/compare/country/FR?framework=${framework.id}`,
    );
    expect(cmp.statusCode, cmp.body).toBe(200);
    const body = cmp.json();
    expect(body.columns.map((c: { periodStart: string }) => c.periodStart)).toEqual([
      '2024-01-01',
      '2025-01-01',
      '2026-01-01',
    ]);
    const victimRow = body.rows.find(
      (r: { indicatorCode: string }) => r.indicatorCode === 'victim_id',
    );
    expect(victimRow.cells[0]).toMatchObject({ rating: 'poor' });
    expect(victimRow.cells[2]).toMatchObject({
      rating: 'partial',
      narrative: expect.stringContaining('referral mechanism'),
    });
    const returnsRow = body.rows.find(
      (r: { indicatorCode: string }) => r.indicatorCode === 'returns',
    );
    expect(returnsRow.cells[0]).toBeNull();

    const berlinA = await as(app, reporterBerlin, 'POST', '/api/assessments', {
      postId: berlin.id,
      frameworkVersionId: fw.latest.id,
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
      ratings: [{ indicatorCode: 'victim_id', rating: 'good', evidence: evidence() }],
    });
    const b = berlinA.json();
    await as(app, approverBerlin, 'POST', `/api/assessments/${b.id}/submit`, { version: 1 });
    const region = await as(
      app,
      editor,
      'GET',
      `/api/assessments/compare/region/${paris.region_id}?framework=${framework.id}`,
    );
    expect(region.statusCode, region.body).toBe(200);
    // Editors see submitted and reviewed assessments, never another post's drafts.
    const columns = region.json().columns;
    expect(columns.map((c: { countryCode: string }) => c.countryCode)).toEqual(['FR', 'DE']);
    expect(columns[0]).toMatchObject({ periodStart: '2024-01-01', status: 'reviewed' });
    expect(
      (
        await as(
          app,
          editor,
          'GET',
          `/api/assessments/compare/region/999?framework=${framework.id}`,
        )
      ).statusCode,
    ).toBe(404);
  });
});
