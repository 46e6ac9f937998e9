// Uploads scanned by ClamAV's daemon (RAPPORTEUR_CLAMD, ASVS 5.4.3), against a local fake that
// speaks clamd's INSTREAM protocol (test/helpers/clamd.ts), not ClamAV itself: a clean file is
// stored; the EICAR test file is refused 422 naming the field and the signature, with nothing
// on disk, no record and a security entry in the audit log; with the scanner down the upload
// is refused 503 and nothing is stored (fail closed); with RAPPORTEUR_CLAMD unset nothing is
// sent to a scanner.
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { createClamdScanner } from '../../src/modules/attachments/antivirus.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, uploadFile, type Session } from '../helpers/app.ts';
import { EICAR, EICAR_SIGNATURE, startFakeClamd, type FakeClamd } from '../helpers/clamd.ts';

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const INFECTED = Buffer.from(`${EICAR}\n`, 'latin1');

/** Every file under a folder, at any depth. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describeEachBackend('antivirus scanning of uploads', (getDb) => {
  let clamd: FakeClamd;
  let scanned: FastifyInstance;
  let unscanned: FastifyInstance;
  let scannedDir: string;
  let unscannedDir: string;
  let reporter: Session;
  let reporterUnscanned: Session;
  let incidentId: string;
  let engagementId: string;

  const upload = uploadFile;
  const records = async (ownerId: string) =>
    (
      await queryRows<{ n: number }>(
        getDb().handle.db,
        sql`select count(*)::int as n from attachments where owner_id = ${ownerId}`,
      )
    )[0]!.n;

  beforeAll(async () => {
    const handle = getDb().handle;
    clamd = await startFakeClamd();
    scannedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-av-'));
    unscannedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-av-off-'));
    scanned = await buildTestApp(handle, {
      RAPPORTEUR_DATA_DIR: scannedDir,
      RAPPORTEUR_CLAMD: clamd.url,
    });
    unscanned = await buildTestApp(handle, { RAPPORTEUR_DATA_DIR: unscannedDir });
    const [paris] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from posts where code = 'EMB-FR'`,
    );
    const user = await makeUser(handle, [{ role: 'reporter', postId: paris!.id }]);
    reporter = await signIn(scanned, user.username, user.password);
    reporterUnscanned = await signIn(unscanned, user.username, user.password);
    const incident = await as(scanned, reporter, 'POST', '/api/incidents', {
      postId: paris!.id,
      title: 'Forced labour on a farm',
      narrative: 'Workers held without pay.',
      categories: ['forced_labour'],
      occurredStart: '2026-02-01',
      datePrecision: 'day',
    });
    expect(incident.statusCode, incident.body).toBe(201);
    incidentId = incident.json().id;
    const engagement = await as(scanned, reporter, 'POST', '/api/engagements', {
      postId: paris!.id,
      occurredOn: '2026-03-10',
      kind: 'letter_note',
      counterpartOffice: 'Ministry of Foreign Affairs',
      counterpartLevel: 'senior_official',
      topics: ['trafficking'],
      stance: 'no_response_yet',
    });
    expect(engagement.statusCode, engagement.body).toBe(201);
    engagementId = engagement.json().id;
  }, 180_000);
  afterAll(async () => {
    await scanned?.close();
    await unscanned?.close();
    await clamd?.close();
    fs.rmSync(scannedDir, { recursive: true, force: true });
    fs.rmSync(unscannedDir, { recursive: true, force: true });
  });

  it('scans a clean attachment and stores it', async () => {
    const before = clamd.scanned.length;
    const res = await upload(
      scanned,
      reporter,
      `/api/incidents/${incidentId}/attachments`,
      'report.pdf',
      PDF,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(clamd.scanned.length).toBe(before + 1);
    expect(clamd.scanned.at(-1)!.equals(PDF)).toBe(true);
    expect(await records(incidentId)).toBe(1);
    expect(filesUnder(path.join(scannedDir, 'attachments'))).toHaveLength(1);
  });

  it('refuses the EICAR test file on an incident and an engagement: 422 naming the field and signature, nothing stored, audited', async () => {
    const filesBefore = filesUnder(path.join(scannedDir, 'attachments'));
    for (const [ownerType, ownerId, prefix] of [
      ['incident', incidentId, '/api/incidents'],
      ['engagement', engagementId, '/api/engagements'],
    ] as const) {
      const recordsBefore = await records(ownerId);
      const res = await upload(
        scanned,
        reporter,
        `${prefix}/${ownerId}/attachments`,
        'eicar.txt',
        INFECTED,
      );
      expect(res.statusCode, res.body).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      const problem = res.json();
      expect(problem.errors).toEqual([
        { field: 'file', message: `malware found: ${EICAR_SIGNATURE}` },
      ]);
      expect(problem.detail).toContain(EICAR_SIGNATURE);
      expect(await records(ownerId)).toBe(recordsBefore);
      const audit = await queryRows<{ action: string; changes: { signature: string } }>(
        getDb().handle.db,
        sql`select action, changes from audit_log where entity_type = ${ownerType} and entity_id = ${ownerId} and action = 'attachment.malware_refused'`,
      );
      expect(audit).toHaveLength(1);
      expect(audit[0]!.changes.signature).toBe(EICAR_SIGNATURE);
    }
    expect(filesUnder(path.join(scannedDir, 'attachments'))).toEqual(filesBefore);
  });

  it('scans uploads sent as the body (incident, IOM, justice and statistics imports, ingestion): EICAR is refused 422 naming the body, nothing imported, audited', async () => {
    const handle = getDb().handle;
    const editorUser = await makeUser(handle, [{ role: 'editor' }]);
    const editor = await signIn(scanned, editorUser.username, editorUser.password);
    const send = (url: string, contentType: string, payload: Buffer) =>
      scanned.inject({
        method: 'POST',
        url,
        headers: {
          cookie: editor.cookie,
          'x-csrf-token': editor.csrfToken,
          'content-type': contentType,
        },
        payload,
      });
    const clean = Buffer.from(
      'post,title,categories,occurredStart,datePrecision\nEMB-FR,Clean import,trafficking,2024-01-01,year\n',
    );
    const before = clamd.scanned.length;
    const dry = await send('/api/incidents/import?dryRun=true', 'text/csv', clean);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(clamd.scanned.length).toBe(before + 1);
    expect(clamd.scanned.at(-1)!.equals(clean)).toBe(true);

    const infectedCsv = Buffer.concat([
      clean,
      Buffer.from(`EMB-FR,${EICAR},trafficking,2024-01-01,year\n`, 'latin1'),
    ]);
    const incidentsBefore = (
      await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from incidents`)
    )[0]!.n;
    for (const [url, contentType, payload] of [
      ['/api/incidents/import', 'text/csv', infectedCsv],
      ['/api/ingest/file?fileName=eicar.txt&postId=1', 'text/plain', INFECTED],
      ['/api/import/iom?postId=1', 'text/csv', infectedCsv],
      ['/api/justice/outcomes/import?postId=1', 'text/csv', infectedCsv],
      ['/api/statistics/imports?mapping=any', 'text/csv', infectedCsv],
    ] as const) {
      const res = await send(url, contentType, payload);
      expect(res.statusCode, `${url}: ${res.body}`).toBe(422);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors).toEqual([
        { field: 'body', message: `malware found: ${EICAR_SIGNATURE}` },
      ]);
    }
    expect(
      (await queryRows<{ n: number }>(handle.db, sql`select count(*)::int as n from incidents`))[0]!
        .n,
    ).toBe(incidentsBefore);
    const audit = await queryRows<{ changes: { route: string; signature: string } }>(
      handle.db,
      sql`select changes from audit_log where action = 'upload.malware_refused' and actor_id = ${editorUser.id} order by seq`,
    );
    expect(audit.map((a) => [a.changes.route, a.changes.signature])).toEqual([
      ['POST /api/incidents/import', EICAR_SIGNATURE],
      ['POST /api/ingest/file', EICAR_SIGNATURE],
      ['POST /api/import/iom', EICAR_SIGNATURE],
      ['POST /api/justice/outcomes/import', EICAR_SIGNATURE],
      ['POST /api/statistics/imports', EICAR_SIGNATURE],
    ]);
  });

  it('with RAPPORTEUR_CLAMD unset sends nothing to a scanner', async () => {
    const before = clamd.scanned.length;
    const res = await upload(
      unscanned,
      reporterUnscanned,
      `/api/engagements/${engagementId}/attachments`,
      'eicar.txt',
      INFECTED,
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(clamd.scanned.length).toBe(before);
    expect(filesUnder(path.join(unscannedDir, 'attachments'))).toHaveLength(1);
  });

  it('a scanner that never answers is given up on: the scan fails as unavailable', async () => {
    const silent = await new Promise<net.Server>((resolve) => {
      const server = net.createServer(() => undefined);
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
    const { port } = silent.address() as AddressInfo;
    try {
      await expect(
        createClamdScanner(`tcp://127.0.0.1:${port}`, 200).scan(PDF),
      ).rejects.toMatchObject({ status: 503 });
    } finally {
      silent.close();
    }
  });

  it('a file longer than clamd accepts (StreamMaxLength) is not passed: the scan fails as unavailable', async () => {
    const small = await startFakeClamd({ streamMaxLength: 100_000 });
    try {
      await expect(
        createClamdScanner(small.url, 5_000).scan(Buffer.alloc(300_000, 'a')),
      ).rejects.toMatchObject({ status: 503 });
      expect(small.scanned).toHaveLength(0);
    } finally {
      await small.close();
    }
  });

  it('with the scanner stopped refuses 503 and stores nothing (fails closed)', async () => {
    await clamd.close();
    const recordsBefore = await records(incidentId);
    const filesBefore = filesUnder(path.join(scannedDir, 'attachments'));
    const res = await upload(
      scanned,
      reporter,
      `/api/incidents/${incidentId}/attachments`,
      'another.pdf',
      Buffer.concat([PDF, Buffer.from('% another\n')]),
    );
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().title).toBe('Virus scanner unavailable');
    expect(await records(incidentId)).toBe(recordsBefore);
    expect(filesUnder(path.join(scannedDir, 'attachments'))).toEqual(filesBefore);
  });
});
