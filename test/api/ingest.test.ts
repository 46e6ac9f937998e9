// Text ingestion as a post lives it: a reporter pastes a news report, sees the proposed
// incident with spans and confidence, accepts the fields and gets a draft incident. Around
// it, the bad input of the issue: empty and binary files, a PDF without a text layer, a 50 MB
// file, a language without a lexicon, HTML with scripts, and the same article twice.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';
import { minimalPdf } from '../helpers/pdf.ts';

const ARTICLE = `Migrants drown off Lesbos
ATHENS, 14 March 2026 — The Hellenic Coast Guard said on Monday that 34 migrants drowned when a smugglers' boat capsized off Lesbos. Three suspected smugglers were arrested. "We found the bodies at dawn and the search continues," said coast guard spokesperson Nikos Alexiou.`;

describeEachBackend('text ingestion', (getDb) => {
  let app: FastifyInstance;
  let athens: number;
  let paris: number;
  let reporter: Session;
  let otherReporter: Session;

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
  });
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
});
