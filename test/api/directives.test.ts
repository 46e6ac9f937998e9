// Directives and taskings as headquarters and the posts live them: an editor drafts a
// migration directive to the Europe region plus Canada, Australia and New Zealand and issues
// it (twice: still one tasking per post); the Paris post links incidents, answers a question,
// the approver submits, the editor returns it, the post fixes it and the editor accepts; the
// compliance matrix and its exports follow each step. Around the story, the issue's "bad
// input and faults": a due date before the issue date, no addressees, an unknown category,
// another post's answers (403), two editors amending at once (409); amendments with what
// changed; notifications; the due-date scheduler raising each reminder once.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { runDirectiveSchedule } from '../../src/modules/directives/scheduler.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

type PostInfo = { id: number; code: string; region_id: number };

describeEachBackend('directives, taskings and compliance', (getDb) => {
  let app: FastifyInstance;
  let paris: PostInfo;
  let berlin: PostInfo;
  let europe: number;
  let editor: Session;
  let editor2: Session;
  let reporter: Session;
  let approver: Session;
  let reporterBerlin: Session;
  let reviewerEurope: Session;
  let analyst: Session;
  const incidentIds: string[] = [];

  const person = async (
    role: 'reporter' | 'approver' | 'reviewer' | 'editor' | 'analyst',
    scope: { postId?: number; regionId?: number } = {},
  ) => {
    const user = await makeUser(getDb().handle, [{ role, ...scope }]);
    return signIn(app, user.username, user.password);
  };

  const migrationDirective = (overrides: Record<string, unknown> = {}) => ({
    title: 'Migration-related crimes and abuses, first half of 2026',
    kind: 'migration_reporting',
    issuingOffice: 'Human Rights Bureau',
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    dueOn: '2099-12-31',
    body: '## Purpose\n\nDocument **migration-related** crimes.\n\n<script>alert(1)</script>\n\n<a href="javascript:alert(1)" onclick="alert(2)">bad</a> [IOM](https://www.iom.int)',
    addressees: { regionIds: [europe], countryCodes: ['CA', 'AU', 'NZ'], postIds: [] },
    requirements: [
      {
        kind: 'records',
        recordType: 'incident',
        criteria: { categories: ['trafficking', 'forced_labour'] },
        title: 'Trafficking and forced labour cases',
        guidance: 'Link every verified or submitted case.',
        required: true,
      },
      {
        kind: 'question',
        title: 'What did you raise with the host government?',
        required: true,
      },
      { kind: 'question', title: 'Anything else?', required: false },
    ],
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
    europe = paris.region_id;
    editor = await person('editor');
    editor2 = await person('editor');
    reporter = await person('reporter', { postId: paris.id });
    approver = await person('approver', { postId: paris.id });
    reporterBerlin = await person('reporter', { postId: berlin.id });
    reviewerEurope = await person('reviewer', { regionId: europe });
    analyst = await person('analyst');
    for (const [title, categories, occurredStart] of [
      ['Workers held in a farm camp', ['forced_labour'], '2026-02-10'],
      ['Women trafficked through Lyon', ['trafficking'], '2026-04-01'],
      ['Assault outside the period', ['trafficking'], '2025-05-01'],
      ['Bias attack in the period', ['bias_attack_other'], '2026-03-01'],
    ] as const) {
      const res = await as(app, reporter, 'POST', '/api/incidents', {
        postId: paris.id,
        title,
        categories,
        occurredStart,
        datePrecision: 'day',
      });
      expect(res.statusCode, res.body).toBe(201);
      incidentIds.push(res.json().id);
    }
  }, 120_000);
  afterAll(() => app?.close());

  const create = async (overrides: Record<string, unknown> = {}) => {
    const res = await as(app, editor, 'POST', '/api/directives', migrationDirective(overrides));
    expect(res.statusCode, res.body).toBe(201);
    return res.json();
  };

  let directive: { id: string; version: number; requirements: { id: string }[] };
  let parisTasking: string;

  it('issues a directive once: one tasking per post of Europe plus Canada, Australia and New Zealand', async () => {
    directive = await create();
    const expected = await queryRows<{ n: number }>(
      getDb().handle.db,
      sql`select count(*)::int as n from posts p join countries c on c.code = p.country_code
           where p.active and (c.region_id = ${europe} or p.country_code in ('CA','AU','NZ'))`,
    );
    const first = await as(app, editor, 'POST', `/api/directives/${directive.id}/issue`, {
      version: directive.version,
      issuedOn: '2026-07-01',
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().status).toBe('issued');
    expect(first.json().taskingCount).toBe(expected[0]!.n);
    expect(first.json().posts.map((p: { code: string }) => p.code)).toEqual(
      expect.arrayContaining(['EMB-FR', 'EMB-DE', 'EMB-CA', 'EMB-AU', 'EMB-NZ']),
    );
    // Sanitised Markdown: headings and emphasis kept, script and javascript: link gone.
    expect(first.json().bodyHtml).toContain('<h2>Purpose</h2>');
    expect(first.json().bodyHtml).toContain('<strong>migration-related</strong>');
    expect(first.json().bodyHtml).not.toContain('<script');
    expect(first.json().bodyHtml).not.toMatch(/javascript:|onclick/);
    expect(first.json().bodyHtml).toContain('<a href="https://www.iom.int">IOM</a>');

    // Again, with the version the editor had (a double click): nothing new.
    const second = await as(app, editor, 'POST', `/api/directives/${directive.id}/issue`, {
      version: directive.version,
    });
    expect(second.statusCode, second.body).toBe(200);
    expect(second.json().taskingCount).toBe(expected[0]!.n);
    const rows = await queryRows<{ n: number; posts: number }>(
      getDb().handle.db,
      sql`select count(*)::int as n, count(distinct post_id)::int as posts from taskings where directive_id = ${directive.id}`,
    );
    expect(rows[0]).toEqual({ n: expected[0]!.n, posts: expected[0]!.n });
    directive = second.json();
  }, 180_000);

  it('shows the post its tasking, notifies it, and keeps other posts out (403)', async () => {
    const mine = await as(app, reporter, 'GET', '/api/taskings?open=true');
    expect(mine.statusCode, mine.body).toBe(200);
    const items = mine.json().items as { id: string; postCode: string; directiveId: string }[];
    expect(items.map((t) => t.postCode)).toEqual(['EMB-FR']);
    parisTasking = items.find((t) => t.directiveId === directive.id)!.id;

    const notes = await as(app, reporter, 'GET', '/api/notifications');
    expect(notes.json().unread).toBeGreaterThanOrEqual(1);
    expect(notes.json().items[0]).toMatchObject({
      kind: 'issued',
      link: `/taskings/${parisTasking}`,
    });
    const read = await as(app, reporter, 'POST', '/api/notifications/read', {});
    expect(read.json()).toEqual({ unread: 0 });

    expect((await as(app, reporterBerlin, 'GET', `/api/taskings/${parisTasking}`)).statusCode).toBe(
      403,
    );
    expect(
      (
        await as(
          app,
          reporterBerlin,
          'PUT',
          `/api/taskings/${parisTasking}/answers/${directive.requirements[1]!.id}`,
          { answer: 'x' },
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (await as(app, reporterBerlin, 'GET', `/api/taskings?post=${paris.id}`)).statusCode,
    ).toBe(403);
    // The region's reviewer and the analysts may read it.
    expect((await as(app, reviewerEurope, 'GET', `/api/taskings/${parisTasking}`)).statusCode).toBe(
      200,
    );
    expect((await as(app, analyst, 'GET', `/api/taskings/${parisTasking}`)).statusCode).toBe(200);
    // Posts do not edit directives.
    expect(
      (await as(app, reporter, 'POST', '/api/directives', migrationDirective())).statusCode,
    ).toBe(403);
  }, 180_000);

  it('matches incidents by category, period and country, links them, answers, and moves through review', async () => {
    const view = (await as(app, reporter, 'GET', `/api/taskings/${parisTasking}`)).json();
    expect(view.status).toBe('not_started');
    const records = view.requirements[0].records as { id: string; linked: boolean }[];
    // Matched: the forced-labour and trafficking cases in the period, not the 2025 one or the bias attack.
    expect(records.map((r) => r.id).sort()).toEqual([incidentIds[0], incidentIds[1]].sort());
    expect(records.every((r) => !r.linked)).toBe(true);

    for (const id of incidentIds.slice(0, 2)) {
      const link = await as(app, reporter, 'POST', `/api/taskings/${parisTasking}/links`, {
        requirementId: directive.requirements[0]!.id,
        recordType: 'incident',
        recordId: id,
      });
      expect(link.statusCode, link.body).toBe(200);
    }
    const unknownType = await as(app, reporter, 'POST', `/api/taskings/${parisTasking}/links`, {
      requirementId: directive.requirements[0]!.id,
      recordType: 'engagement',
      recordId: incidentIds[0],
    });
    expect(unknownType.statusCode).toBe(400);
    expect(unknownType.json().errors[0].field).toBe('recordType');

    const noExplanation = await as(
      app,
      reporter,
      'PUT',
      `/api/taskings/${parisTasking}/answers/${directive.requirements[1]!.id}`,
      { nothingToReport: true },
    );
    expect(noExplanation.statusCode).toBe(400);
    expect(JSON.stringify(noExplanation.json().errors)).toContain('explanation');

    const answered = await as(
      app,
      reporter,
      'PUT',
      `/api/taskings/${parisTasking}/answers/${directive.requirements[1]!.id}`,
      {
        answer: 'Raised the farm camp case with the Interior Ministry on 3 March.',
      },
    );
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json().status).toBe('in_progress');
    expect(
      answered.json().requirements[0].records.filter((r: { linked: boolean }) => r.linked),
    ).toHaveLength(2);

    const version = answered.json().version;
    expect(
      (await as(app, reporter, 'POST', `/api/taskings/${parisTasking}/submit`, { version }))
        .statusCode,
    ).toBe(403);
    const submitted = await as(app, approver, 'POST', `/api/taskings/${parisTasking}/submit`, {
      version,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json().status).toBe('submitted');

    let matrix = (
      await as(app, editor, 'GET', `/api/directives/${directive.id}/compliance?region=${europe}`)
    ).json();
    const parisRow = () =>
      matrix.rows.find((r: { post: { code: string } }) => r.post.code === 'EMB-FR');
    expect(parisRow().status).toBe('submitted');
    expect(
      parisRow().cells.map((c: { state: string; records: number }) => [c.state, c.records]),
    ).toEqual([
      ['met', 2],
      ['met', 0],
      ['missing', 0],
    ]);
    expect(
      matrix.rows.every(
        (r: { post: { code: string } }) => !['EMB-CA', 'EMB-AU'].includes(r.post.code),
      ),
    ).toBe(true);

    const sv = submitted.json().version;
    const noComment = await as(app, editor, 'POST', `/api/taskings/${parisTasking}/return`, {
      version: sv,
    });
    expect(noComment.statusCode).toBe(400);
    const returned = await as(app, editor, 'POST', `/api/taskings/${parisTasking}/return`, {
      version: sv,
      comment: 'Say what the ministry answered.',
    });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().status).toBe('returned');
    expect(returned.json().reviewComment).toBe('Say what the ministry answered.');
    matrix = (await as(app, editor, 'GET', `/api/directives/${directive.id}/compliance`)).json();
    expect(parisRow().status).toBe('returned');
    const note = (await as(app, reporter, 'GET', '/api/notifications')).json();
    expect(note.items[0]).toMatchObject({
      kind: 'returned',
      body: 'Say what the ministry answered.',
    });

    const fixed = await as(
      app,
      reporter,
      'PUT',
      `/api/taskings/${parisTasking}/answers/${directive.requirements[1]!.id}`,
      {
        answer: 'Raised on 3 March; the ministry promised an inspection of the camp.',
      },
    );
    expect(fixed.json().status).toBe('in_progress');
    const resubmitted = await as(app, approver, 'POST', `/api/taskings/${parisTasking}/submit`, {
      version: fixed.json().version,
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    const accepted = await as(app, editor, 'POST', `/api/taskings/${parisTasking}/accept`, {
      version: resubmitted.json().version,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    expect(accepted.json().status).toBe('accepted');
    expect(accepted.json().reviews.map((r: { action: string }) => r.action)).toEqual([
      'submitted',
      'returned',
      'submitted',
      'accepted',
    ]);
    matrix = (await as(app, editor, 'GET', `/api/directives/${directive.id}/compliance`)).json();
    expect(parisRow().status).toBe('accepted');
    // The matrix counts what each post's tasking page lists (one query per requirement there,
    // one per cell here): the same records for every tasked post.
    for (const row of matrix.rows as { taskingId: string; cells: { records: number }[] }[]) {
      const page = (await as(app, editor, 'GET', `/api/taskings/${row.taskingId}`)).json();
      expect(row.cells.map((c) => c.records)).toEqual(
        page.requirements.map((r: { records: unknown[] }) => r.records.length),
      );
    }
    // An accepted tasking is closed to edits.
    const late = await as(
      app,
      reporter,
      'PUT',
      `/api/taskings/${parisTasking}/answers/${directive.requirements[2]!.id}`,
      {
        answer: 'late',
      },
    );
    expect(late.statusCode).toBe(409);

    const csv = await as(
      app,
      editor,
      'GET',
      `/api/directives/${directive.id}/compliance/export?format=csv`,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'Post,Post code,Region,Status,1. Trafficking and forced labour cases,2. What did you raise with the host government?,3. Anything else?',
    );
    expect(csv.body).toMatch(
      /EMB-FR,[^,]+,Accepted,met \(2 records\),met \(0 records\),missing \(0 records\)/,
    );
    const xlsx = await as(
      app,
      editor,
      'GET',
      `/api/directives/${directive.id}/compliance/export?format=xlsx`,
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  }, 180_000);

  it('refuses a submission with a required requirement unmet, naming it', async () => {
    const berlinTasking = (await as(app, reporterBerlin, 'GET', '/api/taskings')).json().items[0];
    const approverBerlin = await person('approver', { postId: berlin.id });
    const res = await as(app, approverBerlin, 'POST', `/api/taskings/${berlinTasking.id}/submit`, {
      version: berlinTasking.version,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'requirements.0',
      'requirements.1',
    ]);
    // "Nothing to report" with an explanation meets a requirement.
    const ok = await as(
      app,
      reporterBerlin,
      'PUT',
      `/api/taskings/${berlinTasking.id}/answers/${directive.requirements[0]!.id}`,
      {
        nothingToReport: true,
        explanation: 'No such case came to our knowledge in the period.',
      },
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().requirements[0].nothingToReport).toBe(true);
  }, 180_000);

  it('collects engagements with the host government through the same requirement link', async () => {
    const rows = await queryRows<{ id: string; kind: string }>(
      getDb().handle.db,
      sql`insert into engagements (post_id, country_code, occurred_on, kind, counterpart_office, counterpart_level, topics)
          values (${paris.id}, 'FR', '2026-03-03', 'demarche', 'Interior Ministry', 'minister', '{trafficking}'),
                 (${paris.id}, 'FR', '2026-03-04', 'call', 'Labour Inspectorate', 'working_level', '{forced_labour}')
          returning id, kind`,
    );
    const demarche = rows.find((r) => r.kind === 'demarche')!.id;
    const bad = await as(
      app,
      editor,
      'POST',
      '/api/directives',
      migrationDirective({
        requirements: [
          {
            kind: 'records',
            recordType: 'engagement',
            criteria: { kinds: ['smoke_signals'] },
            title: 'Engagements',
          },
        ],
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      {
        field: 'requirements.0.criteria.kinds.0',
        message: 'unknown engagement kind smoke_signals',
      },
    ]);
    const d = await create({
      addressees: { regionIds: [], countryCodes: [], postIds: [paris.id] },
      requirements: [
        {
          kind: 'records',
          recordType: 'engagement',
          criteria: { kinds: ['demarche'] },
          title: 'Démarches on migration',
        },
      ],
    });
    await as(app, editor, 'POST', `/api/directives/${d.id}/issue`, { version: d.version });
    const tasking = (await as(app, reporter, 'GET', '/api/taskings'))
      .json()
      .items.find((t: { directiveId: string }) => t.directiveId === d.id);
    const linked = await as(app, reporter, 'POST', `/api/taskings/${tasking.id}/links`, {
      requirementId: d.requirements[0].id,
      recordType: 'engagement',
      recordId: demarche,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    expect(linked.json().requirements[0].records).toEqual([
      expect.objectContaining({
        id: demarche,
        linked: true,
        label: 'Démarche with Interior Ministry',
        href: `/engagements/${demarche}`,
      }),
    ]);
  }, 180_000);

  it('collects policy assessments and official statistics tables through the same link', async () => {
    const db = getDb().handle.db;
    const [fw] = await queryRows<{ id: string; version_id: string }>(
      db,
      sql`with f as (insert into assessment_frameworks (name) values ('Migration policy framework') returning id),
               v as (insert into assessment_framework_versions (framework_id, number, scale, indicators)
                     select id, 1, '[]'::jsonb, '[]'::jsonb from f returning id, framework_id)
          select framework_id as id, id as version_id from v`,
    );
    const [assessment] = await queryRows<{ id: string }>(
      db,
      sql`insert into assessments (post_id, country_code, framework_version_id, period_start, period_end)
          values (${paris.id}, 'FR', ${fw!.version_id}, '2026-01-01', '2026-06-30') returning id`,
    );
    const [dataset] = await queryRows<{ id: string }>(
      db,
      sql`insert into stat_datasets (key, publisher, title, url, licence, reference_period, counted, counted_description, caveats)
          values ('test-victims', 'Test statistics office', 'Registered victims of trafficking', 'https://example.org',
                  'CC BY 4.0', '2026', 'victims', 'registered victims', 'registration practice differs by country')
          returning id`,
    );
    const [germanOnly] = await queryRows<{ id: string }>(
      db,
      sql`insert into stat_datasets (key, publisher, title, url, licence, reference_period, counted, counted_description, caveats)
          values ('test-suspects', 'Test statistics office', 'Suspects in Germany', 'https://example.org',
                  'CC BY 4.0', '2026', 'victims', 'suspects', 'German table only')
          returning id`,
    );
    await db.execute(
      sql`insert into stat_observations (dataset_id, area, country_code, period, period_start, period_end, indicator, value, import_id, source_row)
          values (${dataset!.id}, 'France', 'FR', '2026', '2026-01-01', '2026-12-31', 'victims', 120, gen_random_uuid(), 1),
                 (${dataset!.id}, 'Germany', 'DE', '2026', '2026-01-01', '2026-12-31', 'victims', 300, gen_random_uuid(), 2),
                 (${germanOnly!.id}, 'Germany', 'DE', '2026', '2026-01-01', '2026-12-31', 'suspects', 40, gen_random_uuid(), 1)`,
    );
    const bad = await as(
      app,
      editor,
      'POST',
      '/api/directives',
      migrationDirective({
        requirements: [
          {
            kind: 'records',
            recordType: 'statistics_table',
            criteria: { counted: ['rumours'] },
            title: 'Official figures',
          },
          {
            kind: 'records',
            recordType: 'assessment',
            criteria: { frameworks: ['00000000-0000-4000-8000-000000000000'] },
            title: 'Assessment',
          },
        ],
      }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'requirements.0.criteria.counted.0',
      'requirements.1.criteria.frameworks.0',
    ]);
    const d = await create({
      addressees: { regionIds: [], countryCodes: [], postIds: [paris.id] },
      requirements: [
        {
          kind: 'records',
          recordType: 'assessment',
          criteria: { frameworks: [fw!.id] },
          title: 'Assessment of host policies',
        },
        {
          kind: 'records',
          recordType: 'statistics_table',
          criteria: { counted: ['victims'] },
          title: 'Official figures on victims',
        },
      ],
    });
    const issued = await as(app, editor, 'POST', `/api/directives/${d.id}/issue`, {
      version: d.version,
    });
    expect(issued.statusCode, issued.body).toBe(200);
    const tasking = (await as(app, reporter, 'GET', '/api/taskings'))
      .json()
      .items.find((t: { directiveId: string }) => t.directiveId === d.id);
    const before = (await as(app, reporter, 'GET', `/api/taskings/${tasking.id}`)).json();
    // Offered by matching: the post's own assessment, and only the table with French figures.
    expect(before.requirements[0].records).toEqual([
      expect.objectContaining({
        id: assessment!.id,
        linked: false,
        href: `/assessments/${assessment!.id}`,
      }),
    ]);
    expect(before.requirements[1].records).toEqual([
      expect.objectContaining({
        id: dataset!.id,
        linked: false,
        label: 'Test statistics office: Registered victims of trafficking (1 observation for FR)',
      }),
    ]);
    const refused = await as(app, reporter, 'POST', `/api/taskings/${tasking.id}/links`, {
      requirementId: d.requirements[1].id,
      recordType: 'statistics_table',
      recordId: germanOnly!.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0].field).toBe('recordId');
    for (const [i, recordType, recordId] of [
      [0, 'assessment', assessment!.id],
      [1, 'statistics_table', dataset!.id],
    ] as const) {
      const linked = await as(app, reporter, 'POST', `/api/taskings/${tasking.id}/links`, {
        requirementId: d.requirements[i].id,
        recordType,
        recordId,
      });
      expect(linked.statusCode, linked.body).toBe(200);
      expect(linked.json().requirements[i].records).toEqual([
        expect.objectContaining({ id: recordId, linked: true }),
      ]);
    }
    const matrix = (await as(app, editor, 'GET', `/api/directives/${d.id}/compliance`)).json();
    expect(
      matrix.rows[0].cells.map((c: { state: string; records: number }) => [c.state, c.records]),
    ).toEqual([
      ['met', 1],
      ['met', 1],
    ]);
  }, 180_000);

  it('refuses a due date before the issue date, naming the field', async () => {
    const d = await create({ dueOn: '2026-07-15' });
    const res = await as(app, editor, 'POST', `/api/directives/${d.id}/issue`, {
      version: d.version,
      issuedOn: '2026-08-01',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      { field: 'dueOn', message: 'the due date 2026-07-15 is before the issue date 2026-08-01' },
    ]);
    expect((await as(app, editor, 'GET', `/api/directives/${d.id}`)).json().status).toBe('draft');
  }, 180_000);

  it('refuses to issue with an empty addressee list', async () => {
    const d = await create({ addressees: { regionIds: [], countryCodes: [], postIds: [] } });
    const res = await as(app, editor, 'POST', `/api/directives/${d.id}/issue`, {
      version: d.version,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(['addressees']);
    const none = await queryRows<{ n: number }>(
      getDb().handle.db,
      sql`select count(*)::int as n from taskings where directive_id = ${d.id}`,
    );
    expect(none[0]!.n).toBe(0);
  }, 180_000);

  it('refuses a requirement naming an unknown category or record type', async () => {
    const res = await as(
      app,
      editor,
      'POST',
      '/api/directives',
      migrationDirective({
        requirements: [
          {
            kind: 'records',
            recordType: 'incident',
            criteria: { categories: ['trafficking', 'witchcraft'] },
            title: 'Cases',
          },
          { kind: 'records', recordType: 'horoscope', title: 'Stars' },
        ],
      }),
    );
    expect(res.statusCode).toBe(400);
    expect(res.json().errors).toEqual([
      {
        field: 'requirements.0.criteria.categories.1',
        message: 'unknown incident category witchcraft',
      },
      { field: 'requirements.1.recordType', message: 'unknown record type horoscope' },
    ]);
  }, 180_000);

  it('stores each amendment and shows the post what changed; a second editor with the old version gets 409', async () => {
    const current = (await as(app, editor, 'GET', `/api/directives/${directive.id}`)).json();
    const requirements = current.requirements.map((r: Record<string, unknown>) => ({
      id: r.id,
      kind: r.kind,
      recordType: r.recordType,
      criteria: r.criteria,
      title: r.title,
      guidance: r.guidance,
      required: r.required,
    }));
    requirements[2].title = 'Coordination with partners (IOM, UNHCR)';
    const amended = await as(app, editor, 'PATCH', `/api/directives/${directive.id}`, {
      version: current.version,
      dueOn: '2099-11-30',
      body: `${current.body}\n\nAlso report on returns.`,
      requirements,
      amendmentSummary: 'Earlier due date; returns; partner coordination',
    });
    expect(amended.statusCode, amended.body).toBe(200);
    expect(amended.json().amendment).toBe(1);
    const stale = await as(app, editor2, 'PATCH', `/api/directives/${directive.id}`, {
      version: current.version,
      title: 'Another title',
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().current.version).toBe(amended.json().version);

    const berlinTasking = (await as(app, reporterBerlin, 'GET', '/api/taskings')).json().items[0];
    expect(berlinTasking.unseenAmendments).toBe(1);
    const view = (await as(app, reporterBerlin, 'GET', `/api/taskings/${berlinTasking.id}`)).json();
    const changes = view.changesSinceSeen[0];
    expect(changes.summary).toBe('Earlier due date; returns; partner coordination');
    expect(changes.changes.find((c: { field: string }) => c.field === 'dueOn')).toMatchObject({
      from: '2099-12-31',
      to: '2099-11-30',
    });
    const bodyLines = changes.changes.find((c: { field: string }) => c.field === 'body').lines;
    expect(bodyLines).toContainEqual({ op: 'added', text: 'Also report on returns.' });
    const reqLines = changes.changes.find(
      (c: { field: string }) => c.field === 'requirements',
    ).lines;
    expect(reqLines).toContainEqual({ op: 'removed', text: 'Anything else? (optional)' });
    expect(reqLines).toContainEqual({
      op: 'added',
      text: 'Coordination with partners (IOM, UNHCR) (optional)',
    });
    const ack = await as(
      app,
      reporterBerlin,
      'POST',
      `/api/taskings/${berlinTasking.id}/amendments-read`,
    );
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json().changesSinceSeen).toEqual([]);
    const note = (await as(app, reporterBerlin, 'GET', '/api/notifications')).json();
    expect(note.items.map((n: { kind: string }) => n.kind)).toContain('amended');
  }, 180_000);

  it('raises "due soon" and "overdue" once per tasking however often the scheduler runs', async () => {
    const soon = await create({
      addressees: { regionIds: [], countryCodes: [], postIds: [paris.id] },
      dueOn: '2026-07-08',
    });
    const late = await create({
      addressees: { regionIds: [], countryCodes: [], postIds: [paris.id] },
      dueOn: '2026-06-20',
    });
    for (const d of [soon, late])
      expect(
        (
          await as(app, editor, 'POST', `/api/directives/${d.id}/issue`, {
            version: d.version,
            issuedOn: '2026-06-01',
          })
        ).statusCode,
      ).toBe(200);
    const now = new Date('2026-07-02T09:00:00Z');
    await runDirectiveSchedule(getDb().handle.db, now);
    await runDirectiveSchedule(getDb().handle.db, now);
    const rows = await queryRows<{ kind: string; n: number }>(
      getDb().handle.db,
      sql`select n.kind, count(*)::int as n from notifications n
           join taskings t on n.link = '/taskings/' || t.id
          where t.directive_id in (${soon.id}, ${late.id}) and n.kind in ('due_soon', 'overdue')
          group by n.kind order by n.kind`,
    );
    // Two people at the Paris post (reporter and approver), one reminder each.
    expect(rows).toEqual([
      { kind: 'due_soon', n: 2 },
      { kind: 'overdue', n: 2 },
    ]);
    const tasking = (await as(app, reporter, 'GET', '/api/taskings'))
      .json()
      .items.find((t: { directiveId: string }) => t.directiveId === late.id);
    expect(tasking.status).toBe('overdue');
    const matrix = (await as(app, editor, 'GET', `/api/directives/${late.id}/compliance`)).json();
    expect(matrix.rows[0]).toMatchObject({ status: 'overdue', overdue: true });
  }, 180_000);
});
