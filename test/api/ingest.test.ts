// Text ingestion as a post lives it: a reporter pastes a news report, sees the proposed
// incident with spans and confidence, accepts the fields and gets a draft incident; a briefing
// on a démarche becomes a draft engagement, and a directive read in from a Word document a
// draft directive (editors only), each linked to its source, audited, with later copies of the
// same event flagged as duplicates. Around it, the bad input of the issue: empty and binary
// files, a PDF without a text layer, a 50 MB file, a language without a lexicon, HTML with
// scripts, and the same article twice.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';
import { minimalPdf } from '../helpers/pdf.ts';
import { wordDocument } from '../helpers/docx.ts';

// Written for these tests (synthetic events).
const BRIEFING = `Ambassador raises pushbacks with Athens
ATHENS, 10 March 2026 — Our ambassador conveyed concerns to the Greek Ministry of Migration and Asylum on Tuesday about pushbacks of asylum seekers at the Evros border. The ministry said it would look into the reports.`;
const DIRECTIVE_HEADING = 'Reporting instruction on pushbacks at external borders';
const DIRECTIVE_PARAGRAPHS = [
  'BRUSSELS, 2 February 2026 — The Directorate for Migration Affairs instructs all posts in Greece, Italy and Spain to report on pushbacks and violence at the border covering the period from 1 January to 30 June 2026.',
  'Posts are asked to submit their reports by 15 July 2026.',
  'Embassy Athens and the posts of the Europe and Eurasia bureau should also provide information on detention conditions.',
];

const ARTICLE = `Migrants drown off Lesbos
ATHENS, 14 March 2026 — The Hellenic Coast Guard said on Monday that 34 migrants drowned when a smugglers' boat capsized off Lesbos. Three suspected smugglers were arrested. "We found the bodies at dawn and the search continues," said coast guard spokesperson Nikos Alexiou.`;

describeEachBackend('text ingestion', (getDb) => {
  let app: FastifyInstance;
  let athens: number;
  let paris: number;
  let reporter: Session;
  let otherReporter: Session;
  let editor: Session;
  let europe: number;

  beforeAll(async () => {
    const handle = getDb().handle;
    app = await buildTestApp(handle);
    const posts = await queryRows<{ id: number; code: string }>(
      handle.db,
      sql`select id, code from posts where code in ('EMB-GR', 'EMB-FR')`,
    );
    athens = posts.find((p) => p.code === 'EMB-GR')!.id;
    paris = posts.find((p) => p.code === 'EMB-FR')!.id;
    const r = await makeUser(handle, [{ role: 'reporter', postId: athens }]);
    reporter = await signIn(app, r.username, r.password);
    const o = await makeUser(handle, [{ role: 'reporter', postId: paris }]);
    otherReporter = await signIn(app, o.username, o.password);
    const e = await makeUser(handle, [{ role: 'editor' }]);
    editor = await signIn(app, e.username, e.password);
    europe = (
      await queryRows<{ id: number }>(handle.db, sql`select id from regions where code = 'EUR'`)
    )[0]!.id;
  });

  type Field = { field: string; value: unknown; span: { start: number; end: number } | null };
  type Proposal = {
    id: string;
    kind: string;
    version: number;
    fields: Field[];
    duplicates: { id: string }[];
    acceptance: { allowed: boolean; reason: string | null };
  };
  const proposalOf = async (session: Session, documentId: string, kind: string) => {
    const view = (await as(app, session, 'GET', `/api/ingest/documents/${documentId}`)).json();
    return {
      view,
      proposal: view.proposals.find((p: Proposal) => p.kind === kind) as Proposal,
    };
  };
  const valueOf = (p: Proposal) =>
    Object.fromEntries(p.fields.map((f) => [f.field, f.value])) as Record<string, unknown>;
  const acceptAll = (session: Session, p: Proposal, edits: Record<string, unknown> = {}) =>
    as(app, session, 'PATCH', `/api/ingest/proposals/${p.id}`, {
      version: p.version,
      decisions: p.fields.map((f) =>
        f.field in edits
          ? { field: f.field, decision: 'edited', value: edits[f.field] }
          : { field: f.field, decision: 'accepted' },
      ),
    });
  const auditOf = (entityType: string, entityId: string) =>
    queryRows<{ action: string; changes: Record<string, unknown> }>(
      getDb().handle.db,
      sql`select action, changes from audit_log where entity_type = ${entityType} and entity_id = ${entityId} order by seq`,
    );
  afterAll(async () => app?.close());

  const upload = (session: Session, fileName: string, body: Buffer, type: string, extra = '') =>
    app.inject({
      method: 'POST',
      url: `/api/ingest/file?postId=${athens}&fileName=${encodeURIComponent(fileName)}${extra}`,
      headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, 'content-type': type },
      payload: body,
    });

  it('turns a pasted article into a source and a proposed incident, and a reviewed proposal into a draft incident', async () => {
    const res = await as(app, reporter, 'POST', '/api/ingest/text', {
      postId: athens,
      text: ARTICLE,
      publisher: 'Example Wire',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { document, duplicate } = res.json();
    expect(duplicate).toBe(false);
    expect(document).toMatchObject({
      language: 'en',
      extractionStatus: 'done',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const view = (await as(app, reporter, 'GET', `/api/ingest/documents/${document.id}`)).json();
    expect(view.source).toMatchObject({
      publisher: 'Example Wire',
      publishedOn: '2026-03-14',
      language: 'en',
    });
    const incident = view.proposals.find((p: { kind: string }) => p.kind === 'incident');
    const byName = Object.fromEntries(incident.fields.map((f: { field: string }) => [f.field, f]));
    expect(byName.categories.value).toEqual(
      expect.arrayContaining(['abuse_in_transit', 'migrant_smuggling']),
    );
    expect(byName.occurredStart.value).toBe('2026-03-09'); // "on Monday" before Saturday 14 March
    expect(byName.countryCode.value).toBe('GR');
    expect(byName.deadCount.value).toBe(34);
    for (const f of incident.fields) {
      if (!f.span) continue;
      expect(f.span.start).toBeGreaterThanOrEqual(0);
      expect(f.span.end).toBeLessThanOrEqual(view.text.length);
      expect(f.confidence).toBeGreaterThan(0);
    }
    expect(ARTICLE.slice(byName.deadCount.span.start, byName.deadCount.span.end)).toBe(
      '34 migrants',
    );

    // Nothing is a record yet: accept without decisions names the missing fields.
    const early = await as(app, reporter, 'POST', `/api/ingest/proposals/${incident.id}/accept`, {
      version: incident.version,
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['title', 'categories', 'occurredStart']),
    );

    const decided = await as(app, reporter, 'PATCH', `/api/ingest/proposals/${incident.id}`, {
      version: incident.version,
      decisions: [
        { field: 'title', decision: 'edited', value: '34 migrants drown off Lesbos' },
        { field: 'categories', decision: 'accepted' },
        { field: 'occurredStart', decision: 'accepted' },
        { field: 'occurredEnd', decision: 'accepted' },
        { field: 'datePrecision', decision: 'accepted' },
        { field: 'countryCode', decision: 'accepted' },
        { field: 'placeName', decision: 'discarded' },
      ],
    });
    expect(decided.statusCode, decided.body).toBe(200);
    const stale = await as(app, reporter, 'POST', `/api/ingest/proposals/${incident.id}/accept`, {
      version: incident.version,
    });
    expect(stale.statusCode).toBe(409);
    const accepted = await as(
      app,
      reporter,
      'POST',
      `/api/ingest/proposals/${incident.id}/accept`,
      { version: decided.json().version },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    const created = (
      await as(app, reporter, 'GET', `/api/incidents/${accepted.json().createdRecordId}`)
    ).json();
    expect(created).toMatchObject({
      status: 'draft',
      title: '34 migrants drown off Lesbos',
      countryCode: 'GR',
      occurredStart: '2026-03-09',
      placeName: null,
    });
    expect(created.sources[0].credibility).toBe(6);
    expect(JSON.stringify(created.sources)).toContain(view.sourceId);

    // Another post's reporter does not see the document at all.
    expect(
      (await as(app, otherReporter, 'GET', `/api/ingest/documents/${document.id}`)).statusCode,
    ).toBe(404);
    const queue = (await as(app, otherReporter, 'GET', '/api/ingest/documents')).json();
    expect(queue.items.map((d: { id: string }) => d.id)).not.toContain(document.id);
  });

  it('recognises the same article ingested twice, whatever its spacing or format, as a duplicate source', async () => {
    const html = Buffer.from(
      `<html><body><p>${ARTICLE.replace(/\n/g, '</p><p>').replace(/ /g, '  ')}</p></body></html>`,
    );
    const res = await upload(reporter, 'again.html', html, 'text/html');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().duplicate).toBe(true);
  });

  it('proposes a duplicate check against existing incidents', async () => {
    const text = ARTICLE.replace('34 migrants', '35 migrants').replace('Three', 'Four');
    const res = await as(app, reporter, 'POST', '/api/ingest/text', {
      postId: athens,
      text,
      publishedOn: '2026-03-14',
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = (
      await as(app, reporter, 'GET', `/api/ingest/documents/${res.json().document.id}`)
    ).json();
    const incident = view.proposals.find((p: { kind: string }) => p.kind === 'incident');
    expect(incident.duplicates[0]).toMatchObject({ title: '34 migrants drown off Lesbos' });
  });

  it('tells another post only that a text is already in, and checks duplicates among what it may see', async () => {
    const again = await as(app, otherReporter, 'POST', '/api/ingest/text', {
      postId: paris,
      text: ARTICLE,
    });
    expect(again.statusCode, again.body).toBe(409);
    expect(again.body).not.toContain('Lesbos');
    expect(again.body).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    // Athens' draft about the same event is not Paris's to see, so it is not offered.
    const text = ARTICLE.replace('34 migrants', '36 migrants').replace('Three', 'Five');
    const res = await as(app, otherReporter, 'POST', '/api/ingest/text', {
      postId: paris,
      text,
      publishedOn: '2026-03-14',
    });
    expect(res.statusCode, res.body).toBe(201);
    const view = (
      await as(app, otherReporter, 'GET', `/api/ingest/documents/${res.json().document.id}`)
    ).json();
    const incident = view.proposals.find((p: { kind: string }) => p.kind === 'incident');
    expect(incident.duplicates).toEqual([]);
  });

  it('sanitises HTML: scripts and styles are dropped, never run', async () => {
    const html = Buffer.from(
      '<html><head><style>p{color:red}</style><script>alert("x")</script></head><body><h1>Trafficking ring broken up in Marseille</h1><p>French police arrested 12 suspects on 3 March 2026 for human trafficking.</p><script>document.write("evil")</script></body></html>',
    );
    const res = await upload(reporter, 'page.html', html, 'text/html');
    expect(res.statusCode, res.body).toBe(201);
    const view = (
      await as(app, reporter, 'GET', `/api/ingest/documents/${res.json().document.id}`)
    ).json();
    expect(view.text).toContain('Trafficking ring broken up in Marseille');
    expect(view.text).not.toMatch(/alert|evil|color:red|<script/);
    expect(view.mediaType).toBe('text/html');
  });

  it('reads a PDF text layer, and refuses a PDF without one with a clear message', async () => {
    const ok = await upload(
      reporter,
      'report.pdf',
      minimalPdf(['Police in Libya said on 2 March 2026 that 20 migrants drowned off Zuwara.']),
      'application/pdf',
    );
    expect(ok.statusCode, ok.body).toBe(201);
    const scan = await upload(reporter, 'scan.pdf', minimalPdf([]), 'application/pdf');
    expect(scan.statusCode).toBe(400);
    expect(scan.json().errors[0]).toMatchObject({
      field: 'file',
      message: expect.stringContaining('no text layer'),
    });
  });

  it('refuses empty, binary and unsupported files, and a 50 MB file with the limit', async () => {
    const empty = await upload(reporter, 'empty.txt', Buffer.alloc(0), 'text/plain');
    expect(empty.statusCode).toBe(400);
    const binary = await upload(
      reporter,
      'photo.txt',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]),
      'text/plain',
    );
    expect(binary.statusCode).toBe(400);
    expect(binary.json().errors[0].message).toMatch(/binary/);
    const exe = await upload(
      reporter,
      'tool.exe',
      Buffer.from('MZ....'),
      'application/octet-stream',
    );
    expect(exe.statusCode).toBe(400);
    expect(exe.json().errors[0].message).toMatch(/unsupported file type/);
    const emptyPaste = await as(app, reporter, 'POST', '/api/ingest/text', {
      postId: athens,
      text: '   \n ',
    });
    expect(emptyPaste.statusCode).toBe(400);
    const big = await upload(
      reporter,
      'big.txt',
      Buffer.alloc(50 * 1024 * 1024, 'a'),
      'text/plain',
    );
    expect(big.statusCode).toBe(413);
    expect(big.json().detail).toContain('20 MB');
  });

  it('saves the source of a text in a language without a lexicon and says extraction did not run', async () => {
    const text =
      'Poliisi löysi maanantaina kolmekymmentäneljä siirtolaista kuorma-autosta rajan läheltä. Viranomaisten mukaan kuljettaja pidätettiin.';
    const res = await as(app, reporter, 'POST', '/api/ingest/text', {
      postId: athens,
      text,
      publisher: 'Example Finnish daily',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { document } = res.json();
    expect(document).toMatchObject({
      language: null,
      detectedLanguage: 'fin',
      extractionStatus: 'not_run',
    });
    expect(document.extractionNote).toMatch(/did not run/);
    const view = (await as(app, reporter, 'GET', `/api/ingest/documents/${document.id}`)).json();
    expect(view.source).toMatchObject({ publisher: 'Example Finnish daily' });
    expect(view.proposals.map((p: { kind: string }) => p.kind)).toEqual(['source']);
  });

  it('does not let a reporter read texts in for another post', async () => {
    const res = await as(app, otherReporter, 'POST', '/api/ingest/text', {
      postId: athens,
      text: ARTICLE + ' Another line.',
    });
    expect(res.statusCode).toBe(403);
  });
  it('turns a briefing on a démarche into a draft engagement of the post, linked to its source, and flags a later copy', async () => {
    const res = await as(app, reporter, 'POST', '/api/ingest/text', {
      postId: athens,
      text: BRIEFING,
      publisher: 'Embassy Athens briefing',
    });
    expect(res.statusCode, res.body).toBe(201);
    const { view, proposal } = await proposalOf(reporter, res.json().document.id, 'engagement');
    expect(valueOf(proposal)).toMatchObject({
      post: 'EMB-GR',
      countryCode: 'GR',
      occurredOn: '2026-03-10', // "on Tuesday", the day of the dateline
      kind: 'demarche',
      counterpartOffice: 'Ministry of Migration and Asylum',
      counterpartLevel: 'senior_official',
      topics: expect.arrayContaining(['border_management', 'asylum_procedure']),
    });
    const spanOf = (name: string) => {
      const f = proposal.fields.find((x) => x.field === name)!;
      return BRIEFING.slice(f.span!.start, f.span!.end);
    };
    expect(spanOf('counterpartOffice')).toBe('Ministry of Migration and Asylum');
    expect(spanOf('occurredOn')).toBe('on Tuesday');
    expect(spanOf('concernsRaised')).toMatch(/^Our ambassador conveyed concerns/);
    expect(proposal.acceptance).toEqual({ allowed: true, reason: null });

    // Nothing is a record until a person accepts the fields: the missing ones are named.
    const early = await as(app, reporter, 'POST', `/api/ingest/proposals/${proposal.id}/accept`, {
      version: proposal.version,
    });
    expect(early.statusCode).toBe(400);
    expect(early.json().errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['occurredOn', 'kind', 'counterpartOffice', 'topics']),
    );

    // Choosing another post's name: only that post's writers may create its engagements.
    const elsewhere = await acceptAll(reporter, proposal, { post: 'EMB-FR' });
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    expect(elsewhere.json().acceptance.allowed).toBe(false);
    expect(elsewhere.json().acceptance.reason).toMatch(
      /EMB-FR needs the engagement.write permission/,
    );
    const refused = await as(app, reporter, 'POST', `/api/ingest/proposals/${proposal.id}/accept`, {
      version: elsewhere.json().version,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/engagement.write/);

    const decided = await acceptAll(reporter, elsewhere.json(), {
      post: 'EMB-GR',
      counterpartLevel: 'minister',
    });
    expect(decided.json().acceptance).toEqual({ allowed: true, reason: null });
    const accepted = await as(
      app,
      reporter,
      'POST',
      `/api/ingest/proposals/${proposal.id}/accept`,
      {
        version: decided.json().version,
      },
    );
    expect(accepted.statusCode, accepted.body).toBe(200);
    const engagementId = accepted.json().createdRecordId;
    const engagement = (await as(app, reporter, 'GET', `/api/engagements/${engagementId}`)).json();
    expect(engagement).toMatchObject({
      status: 'draft',
      postId: athens,
      countryCode: 'GR',
      occurredOn: '2026-03-10',
      kind: 'demarche',
      counterpartOffice: 'Ministry of Migration and Asylum',
      counterpartLevel: 'minister',
      stance: 'no_response_yet',
      version: 1,
    });
    expect(engagement.concernsRaised).toMatch(/^Our ambassador conveyed concerns/);
    expect(engagement.sources.map((s: { source: { id: string } }) => s.source.id)).toEqual([
      view.sourceId,
    ]);
    expect((await auditOf('engagement', engagementId)).map((a) => a.action)).toEqual([
      'engagement.created',
    ]);
    const acceptedAudit = await auditOf('ingest_proposal', proposal.id);
    expect(acceptedAudit.at(-1)).toMatchObject({
      action: 'ingest.proposal_accepted',
      changes: { kind: 'engagement', createdRecordId: engagementId, sourceId: view.sourceId },
    });

    // The post confirms the draft through the engagements module: versioned and audited.
    const logged = await as(app, reporter, 'PATCH', `/api/engagements/${engagementId}`, {
      version: 1,
      status: 'logged',
    });
    expect(logged.statusCode, logged.body).toBe(200);
    expect(logged.json()).toMatchObject({ status: 'logged', version: 2 });
    const back = await as(app, reporter, 'PATCH', `/api/engagements/${engagementId}`, {
      version: 2,
      status: 'draft',
    });
    expect(back.statusCode).toBe(400);

    // The same démarche in another outlet's words: the engagement is offered as a duplicate.
    const again = await as(app, reporter, 'POST', '/api/ingest/text', {
      postId: athens,
      text: BRIEFING.replace('Our ambassador', 'The ambassador').replace(
        'would look into',
        'will examine',
      ),
    });
    expect(again.statusCode, again.body).toBe(201);
    const copy = await proposalOf(reporter, again.json().document.id, 'engagement');
    expect(copy.proposal.duplicates.map((d) => d.id)).toContain(engagementId);
  });

  it('reads a directive from a Word document into a draft directive, which only an editor may create', async () => {
    const bytes = await wordDocument(DIRECTIVE_HEADING, DIRECTIVE_PARAGRAPHS);
    const res = await upload(
      reporter,
      'instruction.docx',
      bytes,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().document).toMatchObject({
      fileName: 'instruction.docx',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      language: 'en',
      extractionStatus: 'done',
    });
    const { view, proposal } = await proposalOf(reporter, res.json().document.id, 'directive');
    // The text as Word holds it: heading and paragraphs, runs joined, one blank line between.
    expect(view.text).toBe([DIRECTIVE_HEADING, ...DIRECTIVE_PARAGRAPHS].join('\n\n'));
    expect(view.source).toMatchObject({ title: DIRECTIVE_HEADING, publishedOn: '2026-02-02' });
    expect(valueOf(proposal)).toMatchObject({
      title: DIRECTIVE_HEADING,
      kind: 'migration_reporting',
      issuingOffice: 'Directorate for Migration Affairs',
      addressedRegions: ['EUR'],
      addressedCountries: ['GR', 'IT', 'ES'],
      addressedPosts: ['EMB-GR'],
      dueOn: '2026-07-15',
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
    });
    expect(valueOf(proposal).requirements).toHaveLength(3);
    const spanOf = (name: string) => {
      const f = proposal.fields.find((x) => x.field === name)!;
      return view.text.slice(f.span!.start, f.span!.end);
    };
    expect(spanOf('dueOn')).toBe('15 July 2026');
    expect(spanOf('addressedPosts')).toBe('Embassy Athens');
    expect(spanOf('addressedRegions')).toBe('Europe and Eurasia');
    expect(spanOf('issuingOffice')).toBe('Directorate for Migration Affairs');

    // A reporter may review the fields but not create the directive, and is told why.
    expect(proposal.acceptance.allowed).toBe(false);
    expect(proposal.acceptance.reason).toMatch(/directive.write permission \(held by: editor\)/);
    const reviewed = await acceptAll(reporter, proposal);
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    const refused = await as(app, reporter, 'POST', `/api/ingest/proposals/${proposal.id}/accept`, {
      version: reviewed.json().version,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toMatch(/directive.write/);

    const editorView = await proposalOf(editor, view.id, 'directive');
    expect(editorView.proposal.acceptance).toEqual({ allowed: true, reason: null });
    const edited = await as(app, editor, 'PATCH', `/api/ingest/proposals/${proposal.id}`, {
      version: editorView.proposal.version,
      decisions: [{ field: 'addressedCountries', decision: 'edited', value: ['GR', 'XX'] }],
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const unknown = await as(app, editor, 'POST', `/api/ingest/proposals/${proposal.id}/accept`, {
      version: edited.json().version,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([
      { field: 'addressedCountries.1', message: 'unknown country XX' },
    ]);
    const fixed = await as(app, editor, 'PATCH', `/api/ingest/proposals/${proposal.id}`, {
      version: edited.json().version,
      decisions: [{ field: 'addressedCountries', decision: 'accepted' }],
    });
    const accepted = await as(app, editor, 'POST', `/api/ingest/proposals/${proposal.id}/accept`, {
      version: fixed.json().version,
    });
    expect(accepted.statusCode, accepted.body).toBe(200);
    const directiveId = accepted.json().createdRecordId;
    const directive = (await as(app, editor, 'GET', `/api/directives/${directiveId}`)).json();
    expect(directive).toMatchObject({
      status: 'draft',
      title: DIRECTIVE_HEADING,
      kind: 'migration_reporting',
      issuingOffice: 'Directorate for Migration Affairs',
      dueOn: '2026-07-15',
      periodStart: '2026-01-01',
      periodEnd: '2026-06-30',
      addressees: { regionIds: [europe], countryCodes: ['GR', 'IT', 'ES'], postIds: [athens] },
    });
    expect(directive.requirements.map((r: { kind: string; title: string }) => r.kind)).toEqual([
      'question',
      'question',
      'question',
    ]);
    expect(directive.requirements[1].title).toBe(DIRECTIVE_PARAGRAPHS[1]);
    expect(directive.body).toContain(DIRECTIVE_PARAGRAPHS[0]);
    expect(directive.body).toContain(`(source ${view.sourceId})`);
    expect((await auditOf('directive', directiveId)).map((a) => a.action)).toEqual([
      'directive.created',
    ]);
    expect((await auditOf('ingest_proposal', proposal.id)).at(-1)).toMatchObject({
      action: 'ingest.proposal_accepted',
      changes: { kind: 'directive', createdRecordId: directiveId, sourceId: view.sourceId },
    });

    // The same instruction pasted by an editor a week later: the draft is offered as a duplicate.
    const again = await as(app, editor, 'POST', '/api/ingest/text', {
      postId: athens,
      text: [DIRECTIVE_HEADING, ...DIRECTIVE_PARAGRAPHS]
        .join('\n')
        .replace('Posts are asked', 'All posts are asked'),
    });
    expect(again.statusCode, again.body).toBe(201);
    const copy = await proposalOf(editor, again.json().document.id, 'directive');
    expect(copy.proposal.duplicates.map((d) => d.id)).toContain(directiveId);
  });
});
