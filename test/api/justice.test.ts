// Justice outcomes and the sentencing comparison as a post and headquarters use them: a
// reporter records court decisions from a cited source; a bad code, a conviction without its
// sentence or an acquittal with one is refused naming the field; stale edits get 409; other
// posts and roles without the permission are refused. The comparison refuses to state a
// difference until each side has the configured minimum of custodial sentences, then states
// the difference of medians with a reproducible bootstrap interval and the n of each side.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

type PostInfo = { id: number; region_id: number; code: string };

describeEachBackend('justice outcomes and the sentencing comparison', (getDb) => {
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

  const decision = (overrides: Record<string, unknown> = {}) => ({
    postId: paris.id,
    courtLevel: 'first_instance',
    decidedOn: '2025-06-12',
    offenceClass: '0204',
    defendantGroup: 'ressortissants étrangers',
    sourceId,
    outcome: 'conviction',
    sentenceType: 'custodial',
    sentenceMonths: 48,
    aggravatingFactors: ['victim under 18'],
    mitigatingFactors: [],
    ...overrides,
  });

  beforeAll(async () => {
    const handle = getDb().handle;
    // A small minimum keeps the comparison's arrangement short; the default (30) is tested below.
    app = await buildTestApp(handle, { SENTENCING_MIN_CASES: '5' });
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
      type: 'court_record',
      publisher: 'Tribunal judiciaire de Marseille',
      title: 'Jugement du 12 juin 2025',
      reliability: 'A',
    });
    expect(source.statusCode, source.body).toBe(201);
    sourceId = source.json().id;
  }, 60_000);
  afterAll(() => app?.close());

  it('records a conviction with its source, sentence and stated factors, audited', async () => {
    const res = await as(
      app,
      reporter,
      'POST',
      '/api/justice/outcomes',
      decision({ subnationalJurisdiction: "Provence-Alpes-Côte d'Azur" }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const o = res.json();
    expect(o).toMatchObject({
      countryCode: 'FR',
      subnationalJurisdiction: "Provence-Alpes-Côte d'Azur",
      offenceClass: '0204',
      defendantGroup: 'ressortissants étrangers',
      outcome: 'conviction',
      sentenceType: 'custodial',
      sentenceMonths: 48,
      aggravatingFactors: ['victim under 18'],
      marking: 'sbu',
      synthetic: false,
      version: 1,
    });
    expect(o.source).toMatchObject({ id: sourceId, publisher: 'Tribunal judiciaire de Marseille' });
    const audit = await queryRows<{ action: string }>(
      getDb().handle.db,
      sql`select action from audit_log where entity_type = 'justice_outcome' and entity_id = ${o.id}`,
    );
    expect(audit.map((a) => a.action)).toEqual(['justice_outcome.created']);
    const list = await as(
      app,
      analyst,
      'GET',
      '/api/justice/outcomes?country=FR&offenceClass=0204',
    );
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(o.id);
  });

  it('refuses bad codes and sentences that do not fit the outcome, naming each field', async () => {
    const bad = await as(
      app,
      reporter,
      'POST',
      '/api/justice/outcomes',
      decision({ offenceClass: '99', courtLevel: 'star_chamber', decidedOn: '2999-01-01' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['courtLevel', 'decidedOn', 'offenceClass']);
    const noType = await as(
      app,
      reporter,
      'POST',
      '/api/justice/outcomes',
      decision({ sentenceType: null, sentenceMonths: null }),
    );
    expect(noType.json().errors).toEqual([
      { field: 'sentenceType', message: 'a conviction needs its sentence type' },
    ]);
    const noLength = await as(
      app,
      reporter,
      'POST',
      '/api/justice/outcomes',
      decision({ sentenceMonths: null }),
    );
    expect(noLength.json().errors[0].field).toBe('sentenceMonths');
    const sentencedAcquittal = await as(
      app,
      reporter,
      'POST',
      '/api/justice/outcomes',
      decision({ outcome: 'acquittal' }),
    );
    expect(sentencedAcquittal.json().errors[0]).toEqual({
      field: 'sentenceType',
      message: 'an acquittal carries no sentence',
    });
    const { sourceId: _omitted, ...unsourced } = decision();
    void _omitted;
    const noSource = await as(app, reporter, 'POST', '/api/justice/outcomes', unsourced);
    expect(noSource.statusCode).toBe(400);
    expect(noSource.json().errors.map((e: { field: string }) => e.field)).toContain('sourceId');
    const unknownSource = await as(
      app,
      reporter,
      'POST',
      '/api/justice/outcomes',
      decision({ sourceId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknownSource.json().errors[0].field).toBe('sourceId');
  });

  it('edits with the version: a stale edit gets 409 with the current record, the diff is audited', async () => {
    const created = (await as(app, reporter, 'POST', '/api/justice/outcomes', decision())).json();
    const first = await as(app, reporter, 'PATCH', `/api/justice/outcomes/${created.id}`, {
      version: 1,
      outcome: 'acquittal',
      sentenceType: null,
      sentenceMonths: null,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 2, outcome: 'acquittal', sentenceType: null });
    const stale = await as(app, reporter, 'PATCH', `/api/justice/outcomes/${created.id}`, {
      version: 1,
      defendantGroup: 'étrangers',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current).toMatchObject({ version: 2, outcome: 'acquittal' });
    // An outcome changed alone is checked against the sentence already stored.
    const half = await as(app, reporter, 'PATCH', `/api/justice/outcomes/${created.id}`, {
      version: 2,
      outcome: 'conviction',
    });
    expect(half.json().errors[0].field).toBe('sentenceType');
    const [audit] = await queryRows<{ changes: Record<string, unknown> }>(
      getDb().handle.db,
      sql`select changes from audit_log where entity_id = ${created.id} and action = 'justice_outcome.updated'`,
    );
    expect(audit!.changes).toHaveProperty('outcome', { from: 'conviction', to: 'acquittal' });
  });

  it("keeps a post's records from other posts and refuses writers without the permission", async () => {
    const created = (await as(app, reporter, 'POST', '/api/justice/outcomes', decision())).json();
    expect(
      (await as(app, reporterBerlin, 'GET', `/api/justice/outcomes/${created.id}`)).statusCode,
    ).toBe(404);
    expect(
      (await as(app, reporterBerlin, 'POST', '/api/justice/outcomes', decision())).statusCode,
    ).toBe(403);
    expect((await as(app, analyst, 'POST', '/api/justice/outcomes', decision())).statusCode).toBe(
      403,
    );
    const patch = await as(app, reviewer, 'PATCH', `/api/justice/outcomes/${created.id}`, {
      version: 1,
      sentenceMonths: 1,
    });
    expect(patch.statusCode).toBe(403);
    expect((await as(app, reviewer, 'GET', `/api/justice/outcomes/${created.id}`)).statusCode).toBe(
      200,
    );
    expect((await as(app, undefined, 'GET', '/api/justice/outcomes')).statusCode).toBe(401);
  });

  it('imports decisions from CSV all or nothing; errors name the row and column', async () => {
    const importCsv = (csv: string, session: Session = reporter) =>
      app.inject({
        method: 'POST',
        url: `/api/justice/outcomes/import?postId=${paris.id}`,
        headers: {
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
          'content-type': 'text/csv',
        },
        payload: csv,
      });
    const header =
      'decidedOn,courtLevel,offenceClass,defendantGroup,sourceId,outcome,sentenceType,sentenceMonths,aggravatingFactors\n';
    const count = async () =>
      (
        await queryRows<{ n: number }>(
          getDb().handle.db,
          sql`select count(*)::int as n from justice_outcomes where offence_class = '06'`,
        )
      )[0]!.n;
    const bad = await importCsv(
      header +
        `2024-02-01,first_instance,06,"étrangers, selon le parquet",${sourceId},conviction,custodial,30,récidive;bande organisée\n` +
        `2024-02-02,first_instance,06,étrangers,${sourceId},conviction,,,\n` +
        `2024-02-03,first_instance,06,étrangers,${sourceId},conviction,custodial,trente,\n`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { field: 'rows.3.sentenceType', message: 'row 3: a conviction needs its sentence type' },
      expect.objectContaining({ field: 'rows.4.sentenceMonths' }),
    ]);
    expect(await count()).toBe(0);
    const unknownColumn = await importCsv('decidedOn,verdict\n2024-01-01,guilty\n');
    expect(unknownColumn.json().errors.map((e: { field: string }) => e.field)).toContain(
      'columns.verdict',
    );

    const good = await importCsv(
      header +
        `2024-02-01,first_instance,06,"étrangers, selon le parquet",${sourceId},conviction,custodial,30,récidive;bande organisée\n` +
        `2024-02-02,appeal,06,étrangers,${sourceId},acquittal,,,\n`,
    );
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json().created).toBe(2);
    expect(await count()).toBe(2);
    const first = (
      await as(app, reporter, 'GET', `/api/justice/outcomes/${good.json().ids[0]}`)
    ).json();
    expect(first).toMatchObject({
      defendantGroup: 'étrangers, selon le parquet',
      sentenceMonths: 30,
      aggravatingFactors: ['récidive', 'bande organisée'],
      countryCode: 'FR',
    });
    expect((await importCsv(header, reporterBerlin)).statusCode).toBe(400);
    const elsewhere = await importCsv(
      header + `2024-02-01,first_instance,06,x,${sourceId},acquittal,,,\n`,
      reporterBerlin,
    );
    expect(elsewhere.statusCode).toBe(403);
  });

  describe('comparison', () => {
    const A = 'personnes de nationalité étrangère';
    const B = 'personnes de nationalité française';
    const criteria = `offenceClass=03&country=FR&from=2024-01-01&to=2024-12-31&groupA=${encodeURIComponent(A)}&groupB=${encodeURIComponent(B)}`;
    const record = (group: string, months: number | null, extra: Record<string, unknown> = {}) =>
      as(
        app,
        reporter,
        'POST',
        '/api/justice/outcomes',
        decision({
          offenceClass: '03',
          decidedOn: '2024-05-01',
          defendantGroup: group,
          aggravatingFactors: [],
          ...(months === null
            ? { outcome: 'acquittal', sentenceType: null, sentenceMonths: null }
            : { sentenceMonths: months }),
          ...extra,
        }),
      ).then((r) => {
        expect(r.statusCode, r.body).toBe(201);
        return r.json().id as string;
      });

    it('refuses below the minimum, then states the median difference with its interval', async () => {
      for (const m of [60, 72, 84, 96]) await record(A, m);
      for (const m of [36, 48, 60, 72, 84]) await record(B, m);
      await record(A, null); // an acquittal: counted, not measured
      await record(A, 12, { sentenceType: 'suspended' }); // counted, not measured
      // Not comparable: another offence class, another year, another country.
      await record(A, 500, { offenceClass: '01' });
      await record(A, 500, { decidedOn: '2023-05-01' });
      await record(A, 500, { countryCode: 'BE' });

      const refused = await as(app, analyst, 'GET', `/api/justice/comparison?${criteria}`);
      expect(refused.statusCode, refused.body).toBe(200);
      const r = refused.json();
      expect(r.minCases).toBe(5);
      expect(r.medianDifference).toEqual({
        stated: false,
        reason: expect.stringContaining(`"${A}" has 4`),
      });
      expect(r.sides[0]).toMatchObject({
        defendantGroup: A,
        cases: 6,
        convictions: 5,
        acquittals: 1,
        custodialCases: 4,
        distribution: null,
      });
      expect(r.sides[1]).toMatchObject({ cases: 5, custodialCases: 5 });
      expect(r.confounders).toEqual(
        expect.arrayContaining([expect.stringMatching(/prior criminal record/i)]),
      );
      expect(r.measure).toMatch(/custodial sentence only/);

      await record(A, 108);
      const stated = (await as(app, analyst, 'GET', `/api/justice/comparison?${criteria}`)).json();
      expect(stated.medianDifference).toMatchObject({
        stated: true,
        difference: 84 - 60,
        n: [5, 5],
        level: 0.95,
        seed: 20260101,
      });
      expect(stated.medianDifference.lower).toBeLessThanOrEqual(24);
      expect(stated.medianDifference.upper).toBeGreaterThanOrEqual(24);
      expect(stated.sides[0].distribution).toMatchObject({ min: 60, median: 84, max: 108 });
      expect(stated.sides[0].caseIds).toHaveLength(7);
      // Reproducible: the same cases and seed give the same interval.
      const again = (await as(app, reviewer, 'GET', `/api/justice/comparison?${criteria}`)).json();
      expect(again.medianDifference).toEqual(stated.medianDifference);
      const reseeded = await as(app, analyst, 'GET', `/api/justice/comparison?${criteria}&seed=7`);
      expect(reseeded.json().medianDifference.seed).toBe(7);

      // A factor filter narrows the comparable cases below the minimum again.
      await record(B, 120, { aggravatingFactors: ['use of a weapon'] });
      const narrowed = (
        await as(
          app,
          analyst,
          'GET',
          `/api/justice/comparison?${criteria}&aggravating=${encodeURIComponent('use of a weapon')}`,
        )
      ).json();
      expect(narrowed.sides.map((s: { cases: number }) => s.cases)).toEqual([0, 1]);
      expect(narrowed.medianDifference.stated).toBe(false);
      const without = (
        await as(
          app,
          analyst,
          'GET',
          `/api/justice/comparison?${criteria}&withoutAggravating=${encodeURIComponent('use of a weapon')}`,
        )
      ).json();
      expect(without.sides[1].cases).toBe(5);

      // Another post's reporter sees none of these cases, so nothing is compared for them.
      const elsewhere = (
        await as(app, reporterBerlin, 'GET', `/api/justice/comparison?${criteria}`)
      ).json();
      expect(elsewhere.sides.map((s: { cases: number }) => s.cases)).toEqual([0, 0]);

      const groups = (
        await as(app, analyst, 'GET', '/api/justice/defendant-groups?offenceClass=03&country=FR')
      ).json();
      expect(groups.items).toEqual(
        expect.arrayContaining([
          { defendantGroup: A, cases: 8 },
          { defendantGroup: B, cases: 6 },
        ]),
      );
    });

    it('refuses a comparison of a group with itself or of an unknown class, naming the field', async () => {
      const same = await as(
        app,
        analyst,
        'GET',
        `/api/justice/comparison?offenceClass=42&country=FR&from=2024-01-01&to=2023-12-31&groupA=${encodeURIComponent(A)}&groupB=${encodeURIComponent(A)}`,
      );
      expect(same.statusCode).toBe(400);
      expect(
        same
          .json()
          .errors.map((e: { field: string }) => e.field)
          .sort(),
      ).toEqual(['groupB', 'offenceClass', 'to']);
      const missing = await as(app, analyst, 'GET', '/api/justice/comparison?offenceClass=03');
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors.map((e: { field: string }) => e.field)).toContain(
        'querystring.country',
      );
    });
  });
});

describe('sentencing minimum configuration', () => {
  it('defaults to 30 and refuses a value that is not a whole number of at least 2', () => {
    expect(loadConfig({}).sentencingMinCases).toBe(30);
    expect(loadConfig({ SENTENCING_MIN_CASES: '50' }).sentencingMinCases).toBe(50);
    expect(() => loadConfig({ SENTENCING_MIN_CASES: 'many' })).toThrow(/SENTENCING_MIN_CASES/);
    expect(() => loadConfig({ SENTENCING_MIN_CASES: '1' })).toThrow(/SENTENCING_MIN_CASES/);
  });
});
