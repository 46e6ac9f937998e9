// Attachments as the people at a post use them: a reporter attaches the police report (PDF)
// and a spreadsheet to a draft and downloads them again; disguised, oversized and crafted
// files are refused with a problem that says why; another post never sees them; deleting
// removes the stored file; each upload and delete is in the audit log.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, uploadFile, type Session } from '../helpers/app.ts';
import { zipOf, type ZipEntryInput } from '../helpers/zip.ts';

const MAX_BYTES = 65_536;
const MAX_UNZIPPED = 2_000_000;

export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
/** A PNG of a few hundred bytes whose header declares width × height (a decompression bomb). */
function pngDeclaring(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 0, 0, 0, 0], 8); // 8-bit greyscale, no interlace
  // One compressed row of zeros stands in for the image data: nothing here ever decodes it.
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(Buffer.alloc(width + 1))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
// A Windows program: the "MZ" header with a PE signature where the header points.
const EXE = (() => {
  const b = Buffer.alloc(512);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
})();

const CONTENT_TYPES = Buffer.from(
  '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
);
const docxWith = (...extra: ZipEntryInput[]) =>
  zipOf([
    { name: '[Content_Types].xml', data: CONTENT_TYPES, store: true },
    { name: 'word/document.xml', data: Buffer.from('<w:document/>') },
    ...extra,
  ]);

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describeEachBackend('attachments', (getDb) => {
  let app: FastifyInstance;
  let dataDir: string;
  let reporter: Session;
  let approver: Session;
  let reporterBerlin: Session;
  let reviewer: Session;
  let incidentId: string;
  let sourceId: string;

  const upload = (session: Session, url: string, fileName: string, content: Buffer) =>
    uploadFile(app, session, url, fileName, content, 'application/pdf');
  const attach = (fileName: string, content: Buffer, session = reporter) =>
    upload(session, `/api/incidents/${incidentId}/attachments`, fileName, content);

  beforeAll(async () => {
    const handle = getDb().handle;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-attachments-'));
    app = await buildTestApp(handle, {
      RAPPORTEUR_DATA_DIR: dataDir,
      RAPPORTEUR_ATTACHMENT_MAX_BYTES: String(MAX_BYTES),
      RAPPORTEUR_ATTACHMENT_MAX_UNZIPPED_BYTES: String(MAX_UNZIPPED),
    });
    const posts = await queryRows<{ id: number; code: string; region_id: number }>(
      handle.db,
      sql`select p.id, p.code, c.region_id from posts p join countries c on c.code = p.country_code where p.code in ('EMB-FR', 'EMB-DE')`,
    );
    const paris = posts.find((p) => p.code === 'EMB-FR')!;
    const berlin = posts.find((p) => p.code === 'EMB-DE')!;
    const person = async (role: 'reporter' | 'approver' | 'reviewer', scope: object) => {
      const user = await makeUser(handle, [{ role, ...scope }]);
      return signIn(app, user.username, user.password);
    };
    reporter = await person('reporter', { postId: paris.id });
    approver = await person('approver', { postId: paris.id });
    reporterBerlin = await person('reporter', { postId: berlin.id });
    reviewer = await person('reviewer', { regionId: paris.region_id });
    const source = await as(app, reporter, 'POST', '/api/sources', {
      type: 'police_statement',
      publisher: 'Préfecture de police',
      title: 'Communiqué',
      reliability: 'B',
    });
    expect(source.statusCode, source.body).toBe(201);
    sourceId = source.json().id;
    const created = await as(app, reporter, 'POST', '/api/incidents', {
      postId: paris.id,
      title: 'Forced labour on a farm',
      narrative: 'Workers held without pay.',
      categories: ['forced_labour'],
      occurredStart: '2026-02-01',
      datePrecision: 'day',
      sources: [{ sourceId, credibility: 2 }],
    });
    expect(created.statusCode, created.body).toBe(201);
    incidentId = created.json().id;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a PDF under the data folder by its SHA-256 and hands it back as a download', async () => {
    const res = await attach('Police report.pdf', PDF);
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a).toMatchObject({
      ownerType: 'incident',
      ownerId: incidentId,
      fileName: 'Police report.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: sha256(PDF),
    });
    const stored = path.join(
      dataDir,
      'attachments',
      'sha256',
      a.sha256.slice(0, 2),
      a.sha256.slice(2, 4),
      a.sha256,
    );
    expect(fs.readFileSync(stored).equals(PDF)).toBe(true);

    const list = await as(app, reporter, 'GET', `/api/incidents/${incidentId}/attachments`);
    expect(list.json().items.map((i: { id: string }) => i.id)).toContain(a.id);

    const download = await as(app, reporter, 'GET', `/api/attachments/${a.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="Police report.pdf"/,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
  });

  it('refuses an .exe named .pdf, and any file whose name claims another type, as 415 problems', async () => {
    const before = (
      await as(app, reporter, 'GET', `/api/incidents/${incidentId}/attachments`)
    ).json().items.length;
    const exe = await attach('invoice.pdf', EXE);
    expect(exe.statusCode, exe.body).toBe(415);
    expect(exe.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(exe.json().detail).toMatch(
      /"invoice\.pdf" is a Windows program \(\.exe\), whatever its name says/,
    );

    const png = await attach('scan.pdf', PNG);
    expect(png.statusCode).toBe(415);
    expect(png.json().detail).toMatch(/named \.pdf but its content is a PNG image/);

    const junk = await attach('notes.txt', Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0x00, 0x10]));
    expect(junk.statusCode).toBe(415);

    const after = (
      await as(app, reporter, 'GET', `/api/incidents/${incidentId}/attachments`)
    ).json().items.length;
    expect(after).toBe(before);
  });

  it('refuses a file over the configured limit with 413 stating the limit', async () => {
    const res = await attach('big.pdf', Buffer.concat([PDF, Buffer.alloc(MAX_BYTES)]));
    expect(res.statusCode, res.body).toBe(413);
    expect(res.json().detail).toContain(`${MAX_BYTES} bytes`);
    expect(res.json().detail).toContain('RAPPORTEUR_ATTACHMENT_MAX_BYTES');
  });

  it('accepts office documents and plain text, detected from their bytes', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Victims').addRow(['count', 12]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const sheet = await attach('tally.xlsx', xlsx);
    expect(sheet.statusCode, sheet.body).toBe(201);
    expect(sheet.json().contentType).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    const docx = await attach('statement.docx', docxWith());
    expect(docx.statusCode, docx.body).toBe(201);
    expect(docx.json().contentType).toMatch(/wordprocessingml/);
    const text = await attach(
      '..\\..\\witness notes.txt',
      Buffer.from('Témoignage recueilli le 3 mars.\n'),
    );
    expect(text.statusCode, text.body).toBe(201);
    expect(text.json()).toMatchObject({ contentType: 'text/plain', fileName: 'witness notes.txt' });
  });

  it('refuses an image whose header declares more than 100 megapixels, before decoding it', async () => {
    const listed = async () =>
      (await as(app, reporter, 'GET', `/api/incidents/${incidentId}/attachments`)).json().items
        .length as number;
    const before = await listed();
    const bomb = pngDeclaring(50_000, 50_000);
    expect(bomb.length).toBeLessThan(1_000);
    const refused = await attach('harbour.png', bomb);
    expect(refused.statusCode, refused.body).toBe(413);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.json().detail).toBe(
      '"harbour.png" declares 50,000 × 50,000 pixels; images may have at most 100 megapixels.',
    );
    expect(await listed()).toBe(before);

    // An ordinary photograph's size passes.
    const photo = await attach('harbour.png', pngDeclaring(4_000, 3_000));
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json().contentType).toBe('image/png');
    expect(await listed()).toBe(before + 1);
  });

  it('refuses zip bombs and entry names that leave the archive', async () => {
    const bomb = await attach(
      'bomb.docx',
      docxWith({ name: 'word/media/zeros.bin', data: Buffer.alloc(MAX_UNZIPPED + 1) }),
    );
    expect(bomb.statusCode, bomb.body).toBe(415);
    expect(bomb.json().detail).toMatch(/zip bomb/);

    const traversal = await attach(
      'escape.docx',
      docxWith({ name: '../../etc/evil.txt', data: Buffer.from('x') }),
    );
    expect(traversal.statusCode, traversal.body).toBe(415);
    expect(traversal.json().detail).toMatch(/\.\.\/\.\.\/etc\/evil\.txt/);
  });

  it('follows the owner record: another post and the region see nothing of a draft', async () => {
    const a = (await attach('private.pdf', Buffer.concat([PDF, Buffer.from('%private\n')]))).json();
    for (const [who, session] of [
      ['Berlin reporter', reporterBerlin],
      ['reviewer before submission', reviewer],
    ] as const) {
      expect(
        (await as(app, session, 'GET', `/api/incidents/${incidentId}/attachments`)).statusCode,
        who,
      ).toBe(404);
      const download = await as(app, session, 'GET', `/api/attachments/${a.id}`);
      expect(download.statusCode, who).toBe(404);
      expect(download.body).not.toContain(incidentId);
      // The reviewer's role cannot delete attachments at all (403 before any record is read).
      expect((await as(app, session, 'DELETE', `/api/attachments/${a.id}`)).statusCode, who).toBe(
        session === reviewer ? 403 : 404,
      );
    }
    const berlinUpload = await attach('mine.pdf', PDF, reporterBerlin);
    expect(berlinUpload.statusCode).toBe(404);
  });

  it('deletes an attachment and its stored file, and audits upload and delete', async () => {
    const content = Buffer.concat([PDF, Buffer.from('%to be deleted\n')]);
    const a = (await attach('mistake.pdf', content)).json();
    const stored = path.join(
      dataDir,
      'attachments',
      'sha256',
      a.sha256.slice(0, 2),
      a.sha256.slice(2, 4),
      a.sha256,
    );
    expect(fs.existsSync(stored)).toBe(true);
    const del = await as(app, reporter, 'DELETE', `/api/attachments/${a.id}`);
    expect(del.statusCode, del.body).toBe(204);
    expect(fs.existsSync(stored)).toBe(false);
    expect((await as(app, reporter, 'GET', `/api/attachments/${a.id}`)).statusCode).toBe(404);
    const audit = await queryRows<{ action: string }>(
      getDb().handle.db,
      sql`select action from audit_log where entity_type = 'incident' and entity_id = ${incidentId} and changes->>'attachmentId' = ${a.id} order by seq`,
    );
    expect(audit.map((r) => r.action)).toEqual(['attachment.uploaded', 'attachment.deleted']);
  });

  it('keeps a file shared by two attachments until the last one goes', async () => {
    const content = Buffer.concat([PDF, Buffer.from('%shared\n')]);
    const first = (await attach('one.pdf', content)).json();
    const second = (
      await upload(reporter, `/api/sources/${sourceId}/attachments`, 'two.pdf', content)
    ).json();
    expect(second).toMatchObject({ ownerType: 'source', sha256: first.sha256 });
    const stored = path.join(
      dataDir,
      'attachments',
      'sha256',
      first.sha256.slice(0, 2),
      first.sha256.slice(2, 4),
      first.sha256,
    );
    expect((await as(app, reporter, 'DELETE', `/api/attachments/${first.id}`)).statusCode).toBe(
      204,
    );
    expect(fs.existsSync(stored)).toBe(true);
    expect(
      (await as(app, reporter, 'GET', `/api/attachments/${second.id}`)).rawPayload.equals(content),
    ).toBe(true);
  });

  it('freezes attachments once the post has submitted the record', async () => {
    const incident = (await as(app, reporter, 'GET', `/api/incidents/${incidentId}`)).json();
    const submitted = await as(app, approver, 'POST', `/api/incidents/${incidentId}/submit`, {
      version: incident.version,
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect((await attach('late.pdf', PDF)).statusCode).toBe(409);
    // Submitted: the region's reviewer now sees the attachments.
    expect(
      (await as(app, reviewer, 'GET', `/api/incidents/${incidentId}/attachments`)).statusCode,
    ).toBe(200);
  });
  it('attaches files to an engagement: its post writes, its region reads, another post sees nothing', async () => {
    const [paris] = await queryRows<{ id: number }>(
      getDb().handle.db,
      sql`select id from posts where code = 'EMB-FR'`,
    );
    const created = await as(app, reporter, 'POST', '/api/engagements', {
      postId: paris!.id,
      occurredOn: '2026-03-10',
      kind: 'letter_note',
      counterpartOffice: 'Ministry of Foreign Affairs',
      counterpartLevel: 'senior_official',
      topics: ['trafficking'],
      stance: 'no_response_yet',
    });
    expect(created.statusCode, created.body).toBe(201);
    const url = `/api/engagements/${created.json().id}/attachments`;
    const res = await upload(reporter, url, 'note-verbale.pdf', PDF);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      ownerType: 'engagement',
      fileName: 'note-verbale.pdf',
      contentType: 'application/pdf',
      sha256: sha256(PDF),
    });
    const listed = await as(app, reviewer, 'GET', url);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items.map((a: { fileName: string }) => a.fileName)).toEqual([
      'note-verbale.pdf',
    ]);
    const download = await as(app, reviewer, 'GET', res.json().downloadUrl);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(PDF)).toBe(true);
    // The region's reviewer may read but not add; another post cannot even tell it exists.
    expect((await upload(reviewer, url, 'x.pdf', PDF)).statusCode).toBe(403);
    expect((await as(app, reporterBerlin, 'GET', url)).statusCode).toBe(404);
    expect((await upload(reporterBerlin, url, 'x.pdf', PDF)).statusCode).toBe(404);
    expect((await as(app, reporterBerlin, 'GET', res.json().downloadUrl)).statusCode).toBe(404);
  });
});
