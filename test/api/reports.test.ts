// Country reports through the API: the generated draft cites only verified records and never
// prints a count below the threshold; an edited report keeps its citations; clearance locks a
// version and the next edit starts a new one; concurrent edits get a 409; other posts' reports
// are invisible; exports in DOCX, PDF and HTML carry the headings and footnotes, say
// "synthetic" when a cited record is, and leave out non-releasable content for foreign readers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import JSZip from 'jszip';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

type Post = { id: number; region_id: number };

/** LibreOffice's command, when it is installed (it is not on every test machine). */
const soffice = ['soffice', 'libreoffice'].find((cmd) => {
  try {
    execFileSync('which', [cmd], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});

const pdfText = async (bytes: Uint8Array) =>
  (await extractText(await getDocumentProxy(new Uint8Array(bytes)), { mergePages: true })).text;

describeEachBackend('country reports', (getDb) => {
  let app: FastifyInstance;
  let france: Post;
  let germany: Post;
  let editor: Session;
  let reviewer: Session;
  let approver: Session;
  let approverGermany: Session;
  let sourceId: string;
  const verified: string[] = [];
  let draftId: string;
  let noforn: string;

  const person = async (
    role: 'approver' | 'reviewer' | 'editor',
    scope: { postId?: number; regionId?: number } = {},
  ) => {
    const user = await makeUser(getDb().handle, [{ role, ...scope }]);
    return signIn(app, user.username, user.password);
  };

  async function insertIncident(values: {
    post: Post;
    country: string;
    title: string;
    categories: string[];
    status: string;
    start: string;
    marking?: string;
    synthetic?: boolean;
  }): Promise<string> {
    const [row] = await queryRows<{ id: string }>(
      getDb().handle.db,
      sql`insert into incidents (post_id, country_code, title, categories, occurred_start, occurred_end,
            date_precision, status, marking, synthetic)
          values (${values.post.id}, ${values.country}, ${values.title},
            ${sql.param(values.categories)}::text[], ${values.start}::date, ${values.start}::date, 'day',
            ${values.status}, ${values.marking ?? 'sbu'}, ${values.synthetic ?? false})
          returning id`,
    );
    await queryRows(
      getDb().handle.db,
      sql`insert into incident_sources (incident_id, source_id, credibility, excerpt)
          values (${row!.id}, ${sourceId}, 2, 'excerpt') returning incident_id`,
    );
    return row!.id;
  }

  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
    const db = getDb().handle.db;
    france = (
      await queryRows<Post>(
        db,
        sql`select p.id, c.region_id from posts p join countries c on c.code = p.country_code
          where p.code = 'EMB-FR'`,
      )
    )[0]!;
    germany = (
      await queryRows<Post>(
        db,
        sql`select p.id, c.region_id from posts p join countries c on c.code = p.country_code
          where p.code = 'EMB-DE'`,
      )
    )[0]!;
    editor = await person('editor');
    reviewer = await person('reviewer', { regionId: france!.region_id });
    approver = await person('approver', { postId: france!.id });
    approverGermany = await person('approver', { postId: germany!.id });
    [{ id: sourceId }] = (await queryRows<{ id: string }>(
      db,
      sql`insert into sources (type, publisher, title, url, published_on, reliability)
          values ('ngo_io_report', 'Test NGO', 'Annual monitoring report', 'https://example.org/r', '2025-06-01', 'B')
          returning id`,
    )) as [{ id: string }];
    // Six verified forced-labour incidents (a printable count) and two trafficking ones (below
    // the threshold of five), one of them not releasable to foreign nationals.
    for (let i = 1; i <= 6; i++)
      verified.push(
        await insertIncident({
          post: france!,
          country: 'FR',
          title: `Workers held on a farm, case ${i}`,
          categories: ['forced_labour'],
          status: 'verified',
          start: `2025-0${i}-1${i}`,
        }),
      );
    verified.push(
      await insertIncident({
        post: france!,
        country: 'FR',
        title: 'Trafficking ring dismantled',
        categories: ['trafficking'],
        status: 'verified',
        start: '2025-09-03',
      }),
    );
    noforn = await insertIncident({
      post: france!,
      country: 'FR',
      title: 'Sensitive trafficking case',
      categories: ['trafficking'],
      status: 'verified',
      start: '2025-10-03',
      marking: 'sbu_noforn',
    });
    verified.push(noforn);
    draftId = await insertIncident({
      post: france!,
      country: 'FR',
      title: 'Unverified draft about forced labour',
      categories: ['forced_labour'],
      status: 'draft',
      start: '2025-05-05',
    });
  });

  let reportId: string;
  let report: {
    version: number;
    status: string;
    contentVersion: number;
    sections: { id: string; number: string; body: string; warnings: unknown[] }[];
    footnotes: { n: number; text: string; records: { type: string; id: string }[] }[];
  };

  it('generates a draft whose every footnote resolves to a verified record, with small counts suppressed', async () => {
    // The annual human-rights directive for 2025, issued to Paris: the report links its tasking.
    const [directive] = await queryRows<{ id: string }>(
      getDb().handle.db,
      sql`insert into directives (title, kind, issuing_office, status, issued_on, period_start,
            period_end, due_on, addressees)
          values ('Annual human rights report 2025', 'annual_human_rights', 'DRL', 'issued',
            '2026-01-05', '2025-01-01', '2025-12-31', '2026-02-15',
            ${JSON.stringify({ regionIds: [], countryCodes: [], postIds: [france.id] })}::jsonb)
          returning id`,
    );
    const [tasking] = await queryRows<{ id: string }>(
      getDb().handle.db,
      sql`insert into taskings (directive_id, post_id) values (${directive!.id}, ${france.id}) returning id`,
    );
    const res = await as(app, editor, 'POST', '/api/reports', { countryCode: 'FR', year: 2025 });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ taskingId: tasking!.id });
    report = res.json();
    reportId = (res.json() as { id: string }).id;
    expect(report.sections.map((s) => s.number)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
    const workers = report.sections.find((s) => s.number === '7')!;
    expect(workers.body).toContain('6 verified incidents of forced labour');
    const discrimination = report.sections.find((s) => s.number === '6')!;
    expect(discrimination.body).toContain('fewer than 5 verified incidents');
    expect(discrimination.body).not.toMatch(/\b2 verified incidents/);

    const cited = new Set(report.footnotes.flatMap((f) => f.records.map((r) => r.id)));
    expect(cited.size).toBe(verified.length);
    for (const id of cited) expect(verified).toContain(id);
    expect(cited.has(draftId)).toBe(false);
    expect(report.footnotes.every((f) => f.records.length > 0)).toBe(true);
    expect(report.footnotes[0]!.text).toContain('INC-');
    // Generated text states no uncited figure.
    expect(report.sections.flatMap((s) => s.warnings)).toEqual([]);

    const again = await as(app, editor, 'POST', '/api/reports', { countryCode: 'FR', year: 2025 });
    expect(again.statusCode).toBe(409);
  });

  it('drafts a year with the section structure editors saved for it; refuses a bad or stale one', async () => {
    for (let i = 1; i <= 5; i++)
      await insertIncident({
        post: france,
        country: 'FR',
        title: `Harvest workers unpaid, case ${i}`,
        categories: ['forced_labour'],
        status: 'verified',
        start: `2024-0${i}-0${i}`,
      });
    const builtIn = (await as(app, approver, 'GET', '/api/reports/structures/2024')).json();
    expect(builtIn).toMatchObject({ year: 2024, custom: false, version: 0 });
    const sections = builtIn.sections as {
      number: string;
      title: string;
      categories: string[];
    }[];
    // The 2024 edition reports forced labour with trafficking, in section 6.
    const moved = sections.map((x) =>
      x.number === '6'
        ? { ...x, categories: [...x.categories, 'forced_labour'] }
        : x.number === '7'
          ? { ...x, title: 'Worker Rights (2024 edition)', categories: [] }
          : x,
    );
    expect(
      (
        await as(app, approver, 'PUT', '/api/reports/structures/2024', {
          version: 0,
          sections: moved,
        })
      ).statusCode,
    ).toBe(403);
    const twice = await as(app, editor, 'PUT', '/api/reports/structures/2024', {
      version: 0,
      sections: sections.map((x) =>
        x.number === '6' ? { ...x, categories: [...x.categories, 'forced_labour', 'no_such'] } : x,
      ),
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toEqual([
      { field: 'sections.5.categories.7', message: 'unknown incident category no_such' },
      {
        field: 'sections.6.categories.0',
        message: 'forced_labour is already reported in section 6',
      },
    ]);
    const saved = await as(app, editor, 'PUT', '/api/reports/structures/2024', {
      version: 0,
      sections: moved,
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ custom: true, version: 1 });
    const stale = await as(app, editor, 'PUT', '/api/reports/structures/2024', {
      version: 0,
      sections: moved,
    });
    expect(stale.statusCode).toBe(409);
    // Two editors saving a year's first structure at the same moment: one wins, the other is
    // told (no lost update, no doubled row).
    const both = await Promise.all(
      [editor, editor].map((who) =>
        as(app, who, 'PUT', '/api/reports/structures/2023', { version: 0, sections: moved }),
      ),
    );
    expect(both.map((r) => r.statusCode).sort()).toEqual([200, 409]);

    const created = await as(app, editor, 'POST', '/api/reports', {
      countryCode: 'FR',
      year: 2024,
    });
    expect(created.statusCode, created.body).toBe(201);
    const drafted = created.json() as {
      sections: { number: string; title: string; body: string }[];
    };
    expect(drafted.sections.find((x) => x.number === '6')!.body).toContain(
      '5 verified incidents of forced labour',
    );
    const workers = drafted.sections.find((x) => x.number === '7')!;
    expect(workers.title).toBe('Worker Rights (2024 edition)');
    expect(workers.body).not.toContain('forced labour');
    // Other years keep the built-in structure.
    expect((await as(app, editor, 'GET', '/api/reports/structures/2025')).json().custom).toBe(
      false,
    );
    const audit = await queryRows<{ action: string }>(
      getDb().handle.db,
      sql`select action from audit_log where entity_type = 'report_structure' and entity_id = '2024'`,
    );
    expect(audit.map((a) => a.action)).toEqual(['report_structure.saved']);
  });

  it('keeps citations through an edit and warns of a figure without one', async () => {
    const section = report.sections.find((s) => s.number === '7')!;
    const edited = `Forced labour remained a concern in agriculture. ${section.body}\n\nInspectors found 40 workers without contracts.`;
    const res = await as(app, approver, 'PUT', `/api/reports/${reportId}/sections/${section.id}`, {
      version: report.version,
      body: edited,
    });
    expect(res.statusCode, res.body).toBe(200);
    const after = res.json() as typeof report;
    const before = report.footnotes.filter((f) =>
      f.records.some((r) => verified.slice(0, 6).includes(r.id)),
    );
    const kept = after.footnotes.filter((f) =>
      f.records.some((r) => verified.slice(0, 6).includes(r.id)),
    );
    expect(kept.map((f) => f.records.map((r) => r.id))).toEqual(
      before.map((f) => f.records.map((r) => r.id)),
    );
    expect(after.sections.find((s) => s.number === '7')!.warnings).toEqual([
      expect.objectContaining({ sentence: 'Inspectors found 40 workers without contracts.' }),
    ]);

    const stale = await as(app, editor, 'PUT', `/api/reports/${reportId}/sections/${section.id}`, {
      version: report.version,
      body: 'A concurrent edit',
    });
    expect(stale.statusCode).toBe(409);
    report = after;
  });

  it('hides a report from another post and refuses clearance steps out of order or by the wrong role', async () => {
    expect((await as(app, approverGermany, 'GET', `/api/reports/${reportId}`)).statusCode).toBe(
      404,
    );
    const list = await as(app, approverGermany, 'GET', '/api/reports?year=2025');
    expect((list.json() as { items: unknown[] }).items).toEqual([]);
    expect(
      (
        await as(app, approver, 'POST', `/api/reports/${reportId}/clear`, {
          version: report.version,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await as(app, editor, 'POST', `/api/reports/${reportId}/clear`, { version: report.version }))
        .statusCode,
    ).toBe(409);
  });

  it('locks a cleared version; the next edit starts a new version that must be cleared again', async () => {
    let res = await as(app, reviewer, 'POST', `/api/reports/${reportId}/review`, {
      version: report.version,
    });
    expect(res.statusCode, res.body).toBe(200);
    res = await as(app, editor, 'POST', `/api/reports/${reportId}/clear`, {
      version: (res.json() as typeof report).version,
      note: 'Cleared for publication',
    });
    expect(res.statusCode, res.body).toBe(200);
    const cleared = res.json() as typeof report & { clearedVersion: number; locked: boolean };
    expect(cleared).toMatchObject({ status: 'cleared', locked: true, clearedVersion: 1 });

    const section = cleared.sections.find((s) => s.number === '3')!;
    res = await as(app, approver, 'PUT', `/api/reports/${reportId}/sections/${section.id}`, {
      version: cleared.version,
      body: 'The post adds a paragraph after clearance.',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'drafted', contentVersion: 2, clearedVersion: 1 });

    const versions = await as(app, editor, 'GET', `/api/reports/${reportId}/versions`);
    const items = (versions.json() as { items: { contentVersion: number; status: string }[] })
      .items;
    const clearedSnapshot = items.find((v) => v.status === 'cleared')!;
    expect(clearedSnapshot.contentVersion).toBe(1);
    // The cleared snapshot still holds the text as cleared.
    const snap = (
      versions.json() as {
        items: { status: string; changes: { number: string }[] }[];
      }
    ).items;
    expect(snap.length).toBeGreaterThanOrEqual(3);

    const audit = await queryRows<{ action: string }>(
      getDb().handle.db,
      sql`select action from audit_log where entity_type = 'report' and entity_id = ${reportId} order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'report.created',
      'report.section_edited',
      'report.reviewed',
      'report.cleared',
      'report.section_edited',
    ]);
    report = res.json();
  });

  it('previews what regeneration would change before applying it', async () => {
    await insertIncident({
      post: france!,
      country: 'FR',
      title: 'Another farm case',
      categories: ['forced_labour'],
      status: 'verified',
      start: '2025-11-20',
    });
    const preview = await as(app, approver, 'GET', `/api/reports/${reportId}/regenerate`);
    const changes = (
      preview.json() as { changes: { number: string; changed: boolean; proposed: string }[] }
    ).changes;
    const seven = changes.find((c) => c.number === '7')!;
    expect(seven.changed).toBe(true);
    expect(seven.proposed).toContain('7 verified incidents of forced labour');
    const unchanged = await as(app, approver, 'GET', `/api/reports/${reportId}`);
    expect(
      (unchanged.json() as typeof report).sections.find((s) => s.number === '7')!.body,
    ).not.toContain('7 verified incidents');
    const applied = await as(app, approver, 'POST', `/api/reports/${reportId}/regenerate`, {
      version: report.version,
    });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(
      (applied.json() as typeof report).sections.find((s) => s.number === '7')!.body,
    ).toContain('7 verified incidents');
    report = applied.json();
  });

  it('exports DOCX with headings and real footnotes, and PDF and HTML with the same notes', async () => {
    const docx = await as(app, editor, 'GET', `/api/reports/${reportId}/export?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-disposition']).toContain('.docx');
    const zip = await JSZip.loadAsync(docx.rawPayload);
    const documentXml = await zip.file('word/document.xml')!.async('string');
    const footnotesXml = await zip.file('word/footnotes.xml')!.async('string');
    expect(documentXml).toContain('7. Worker Rights');
    expect(documentXml).toContain('Heading1');
    expect(documentXml).toContain('w:footnoteReference');
    expect(footnotesXml).toContain('INC-');
    // The figures: a PNG part, placed as a drawing with its alt text and a caption.
    const media = Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(media.length).toBeGreaterThan(0);
    expect(documentXml).toMatch(
      /<wp:docPr [^>]*descr="Bar chart\. Trafficking in persons: fewer than 5; Forced labour: 7\."/,
    );
    expect(documentXml).toContain('Figure 1. Verified incidents by category, France, 2025');

    const pdf = await as(app, editor, 'GET', `/api/reports/${reportId}/export?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf.rawPayload)), {
      mergePages: true,
    });
    expect(text).toContain('7. Worker Rights');
    expect(text).toMatch(/\[1\] (Verified incident records )?INC-/);

    const html = await as(app, editor, 'GET', `/api/reports/${reportId}/export?format=html`);
    expect(html.body).toContain('<h2>7. Worker Rights</h2>');
    expect(html.body).toContain('id="fn-1"');
    expect(html.body).not.toContain('SYNTHETIC DATA');
    // The chart, inline, with its caption; the two trafficking incidents are never counted out.
    const figure = /<figure>(<svg[\s\S]*?<\/svg>)<figcaption>([^<]*)<\/figcaption><\/figure>/.exec(
      html.body,
    );
    expect(figure?.[2]).toBe('Figure 1. Verified incidents by category, France, 2025');
    expect(figure![1]).toContain('Forced labour: 7');
    expect(figure![1]).toContain('fewer than 5');
    expect(figure![1]).not.toMatch(/Trafficking in persons: 2|>2</);
  });

  it('leaves out what rests on a non-releasable record for a foreign audience, and says so', async () => {
    const internal = await as(app, editor, 'GET', `/api/reports/${reportId}/export?format=html`);
    const foreign = await as(
      app,
      editor,
      'GET',
      `/api/reports/${reportId}/export?format=html&audience=foreign`,
    );
    expect(internal.body).toContain('Sensitive trafficking case');
    expect(foreign.body).not.toContain('Sensitive trafficking case');
    expect(foreign.body).toContain('not releasable to foreign nationals');
  });

  it('marks an export synthetic when a cited record is synthetic, and escapes what people typed (HTML), keeps it literal text (DOCX w:t runs, PDF text)', async () => {
    const id = await insertIncident({
      post: germany!,
      country: 'DE',
      title: '<script>alert(1)</script> synthetic case',
      categories: ['forced_labour'],
      status: 'verified',
      start: '2025-02-02',
      synthetic: true,
    });
    expect(id).toBeTruthy();
    const created = await as(app, editor, 'POST', '/api/reports', {
      countryCode: 'DE',
      year: 2025,
    });
    const deId = (created.json() as { id: string }).id;
    const html = await as(app, editor, 'GET', `/api/reports/${deId}/export?format=html`);
    expect(html.headers['x-synthetic-data']).toBe('true');
    expect(html.body).toContain('SYNTHETIC DATA');
    expect(html.body).not.toContain('<script>alert(1)</script>');
    expect(html.body).toContain('&lt;script&gt;');

    // DOCX: the typed markup is text inside a w:t run, escaped; nothing became a field code,
    // a hyperlink or raw markup.
    const docx = await as(app, editor, 'GET', `/api/reports/${deId}/export?format=docx`);
    expect(docx.statusCode).toBe(200);
    const docXml = await (
      await JSZip.loadAsync(docx.rawPayload)
    )
      .file('word/document.xml')!
      .async('string');
    expect(docXml).toMatch(
      /<w:t(?: [^>]*)?>[^<]*&lt;script&gt;alert\(1\)&lt;\/script&gt;[^<]*<\/w:t>/,
    );
    expect(docXml).not.toContain('<script');
    expect(docXml).not.toMatch(/<w:(?:fldSimple|instrText|fldChar|hyperlink)\b/);
    // PDF: the same characters, as literal text.
    const pdf = await as(app, editor, 'GET', `/api/reports/${deId}/export?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(await pdfText(pdf.rawPayload)).toContain('<script>alert(1)</script>');

    const compilation = await as(
      app,
      editor,
      'GET',
      `/api/reports/compilation?year=2025&format=docx`,
    );
    expect(compilation.statusCode).toBe(200);
    const zip = await JSZip.loadAsync(compilation.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    expect(xml).toContain('France 2025');
    expect(xml).toContain('Germany 2025');
    const header = Object.keys(zip.files).filter((f) => f.startsWith('word/header'));
    expect(header.length).toBeGreaterThan(0);
  });

  it('adds the post’s engagements and official statistics with their caveats and denominator, each cited', async () => {
    const db = getDb().handle.db;
    const [italy] = await queryRows<Post>(
      db,
      sql`select p.id, c.region_id from posts p join countries c on c.code = p.country_code
          where p.code = 'EMB-IT'`,
    );
    await queryRows(
      db,
      sql`insert into engagements (post_id, country_code, occurred_on, kind, counterpart_office,
            counterpart_level, topics, concerns_raised, response_summary, stance, marking)
          values (${italy!.id}, 'IT', '2025-04-10', 'demarche', 'Ministry of the Interior', 'director',
            array['abuse_in_transit'], 'Reports of migrants held at the port', 'The ministry promised an inquiry',
            'receptive', 'sbu_noforn')
          returning id`,
    );
    const [dataset] = await queryRows<{ id: string }>(
      db,
      sql`insert into stat_datasets (key, publisher, title, url, licence, reference_period, counted,
            counted_description, caveats)
          values ('test-asylum', 'Eurostat', 'Asylum applicants', 'https://ec.europa.eu/eurostat',
            'CC BY 4.0', '2025', 'applications', 'first-time asylum applications, not persons',
            'Repeat applications are excluded')
          returning id`,
    );
    await queryRows(
      db,
      sql`insert into stat_observations (dataset_id, area, country_code, period, period_start,
            period_end, indicator, value, import_id, source_row)
          values (${dataset!.id}, 'Italy', 'IT', '2025', '2025-01-01', '2025-12-31',
            'Asylum applicants', 12345, gen_random_uuid(), 2)
          returning id`,
    );
    await queryRows(
      db,
      sql`insert into populations (country_code, year, population, source)
          values ('IT', 2025, 58900000, 'World Bank (test figure)')
          on conflict (country_code, year) do update set population = 58900000, source = 'World Bank (test figure)'
          returning year`,
    );
    const created = await as(app, editor, 'POST', '/api/reports', {
      countryCode: 'IT',
      year: 2025,
    });
    expect(created.statusCode, created.body).toBe(201);
    const it2 = created.json() as typeof report & { id: string };
    const two = it2.sections.find((s) => s.number === '2')!.body;
    expect(two).toContain('Engagement with the government');
    expect(two).toContain('Reports of migrants held at the port');
    expect(two).toContain('receptive');
    expect(two).toContain('12,345');
    expect(two).toContain('21.0 per 100,000 residents');
    expect(two).toContain('Repeat applications are excluded');
    expect(two).toContain('per 100,000 residents (population 58,900,000 in 2025');
    const types = new Set(it2.footnotes.flatMap((f) => f.records.map((r) => r.type)));
    expect(types).toEqual(new Set(['engagement', 'observation']));
    expect(it2.sections.flatMap((s) => s.warnings)).toEqual([]);

    const foreign = await as(
      app,
      editor,
      'GET',
      `/api/reports/${it2.id}/export?format=html&audience=foreign`,
    );
    expect(foreign.body).not.toContain('Reports of migrants held at the port');
    expect(foreign.body).toContain('12,345');
  });

  describe('a report naming places in other scripts, and its region', () => {
    // Twenty verified incidents in Poland, five in each of four categories; the newest of each
    // names a place in Polish, Swedish, Greek or Ukrainian and so appears as an example.
    const places = [
      ['trafficking', 'Łódź'],
      ['forced_labour', 'Göteborg'],
      ['migrant_smuggling', 'Αθήνα'],
      ['abuse_in_transit', 'Київ'],
    ] as const;
    let polandReport: string;

    beforeAll(async () => {
      const [poland] = await queryRows<Post>(
        getDb().handle.db,
        sql`select p.id, c.region_id from posts p join countries c on c.code = p.country_code
          where p.code = 'EMB-PL'`,
      );
      for (const [p, [category, place]] of places.entries())
        for (let k = 1; k <= 5; k++)
          await insertIncident({
            post: poland!,
            country: 'PL',
            title: k === 5 ? `Victims moved through ${place}` : `Case ${k} of ${category}`,
            categories: [category],
            status: 'verified',
            start: `2025-0${p + 3}-0${k}`,
          });
      const created = await as(app, editor, 'POST', '/api/reports', {
        countryCode: 'PL',
        year: 2025,
      });
      expect(created.statusCode, created.body).toBe(201);
      polandReport = (created.json() as { id: string }).id;
    });

    it('prints Łódź, Göteborg, Αθήνα and Київ in the PDF text, with the figures', async () => {
      const pdf = await as(app, editor, 'GET', `/api/reports/${polandReport}/export?format=pdf`);
      expect(pdf.statusCode).toBe(200);
      const text = await pdfText(pdf.rawPayload);
      for (const [, place] of places) expect(text).toContain(`Victims moved through ${place}`);
      expect(text).toContain('7. Worker Rights');
      expect(text).toContain('Figure 1. Verified incidents by category, Poland, 2025');
      expect(text).toContain('Figure 2. Verified incidents by month, Poland, 2025');
    });

    it('maps a regional compilation in HTML, DOCX and PDF, hiding totals that would reveal a small count', async () => {
      const url = `/api/reports/compilation?year=2025&regionId=${france.region_id}`;
      const html = await as(app, editor, 'GET', `${url}&format=html`);
      expect(html.statusCode, html.body).toBe(200);
      const map = /<figure>(<svg[\s\S]*?<\/svg>)<figcaption>([^<]*)<\/figcaption>/.exec(html.body);
      expect(map?.[2]).toMatch(
        /^Figure 1\. Verified incidents cited in each country report, .+, 2025$/,
      );
      expect(map![1]).toContain('<path');
      expect(map![1]).toContain('Poland: 20');
      // France's report says "fewer than 5" for trafficking: its total would give that away.
      expect(map![1]).toContain('France: suppressed');
      expect(map![1]).not.toMatch(/France: \d/);
      expect(map![1]).toContain('SYNTHETIC DATA');
      expect(map![1]).not.toMatch(/<script|on\w+=|href=/i);

      const docx = await as(app, editor, 'GET', `${url}&format=docx`);
      const zip = await JSZip.loadAsync(docx.rawPayload);
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(xml).toMatch(/<wp:docPr [^>]*descr="Map\. [^"]*Poland: 20/);
      expect(
        Object.keys(zip.files).filter((f) => f.startsWith('word/media/')).length,
      ).toBeGreaterThan(2);

      const pdf = await as(app, editor, 'GET', `${url}&format=pdf`);
      const text = await pdfText(pdf.rawPayload);
      expect(text).toContain('Verified incidents cited in each country report');
      expect(text).toContain('Victims moved through Київ');
    });

    it.runIf(soffice)(
      `LibreOffice converts the DOCX to PDF with its headings and names${soffice ? '' : ' (skipped: neither soffice nor libreoffice is installed on this machine)'}`,
      async () => {
        const docx = await as(
          app,
          editor,
          'GET',
          `/api/reports/${polandReport}/export?format=docx`,
        );
        const dir = mkdtempSync(path.join(tmpdir(), 'rapporteur-lo-'));
        try {
          writeFileSync(path.join(dir, 'report.docx'), docx.rawPayload);
          execFileSync(
            soffice!,
            [
              '--headless',
              `-env:UserInstallation=file://${dir}/profile`,
              '--convert-to',
              'pdf',
              '--outdir',
              dir,
              path.join(dir, 'report.docx'),
            ],
            { timeout: 120_000 },
          );
          const text = await pdfText(readFileSync(path.join(dir, 'report.pdf')));
          expect(text).toContain('1. Respect for the Integrity of the Person');
          expect(text).toContain('7. Worker Rights');
          expect(text).toContain('Victims moved through Łódź');
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
      // LibreOffice's first start builds its profile: slow on a busy 2-core machine.
      180_000,
    );
  });
});
