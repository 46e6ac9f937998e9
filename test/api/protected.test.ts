// Protected victim and witness details: a reporter granted them for her post records a
// victim's name and contact; the table holds only ciphertext; nobody without a grant (or
// from another post) sees them; every view is an audit entry; they appear in no incident
// JSON, list or search; key rotation re-encrypts and old data still reads; the wrong key
// fails closed.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/raw.ts';
import { Keyring, keyringFileOf } from '../../src/modules/protected/keyring.ts';
import { rotateKeys } from '../../src/modules/protected/service.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

const VICTIM = 'Zarina Testovna-Quill';
const PHONE = '+33 6 00 00 00 17';

describeEachBackend('protected victim details', (getDb) => {
  let app: FastifyInstance;
  let dataDir: string;
  let reporter: Session;
  let reporterNoGrant: Session;
  let reporterBerlin: Session;
  let admin: Session;
  let reporterId: string;
  let paris: number;
  let incidentId: string;

  const views = async () =>
    (
      await queryRows<{ n: number }>(
        getDb().handle.db,
        sql`select count(*)::int as n from audit_log where action = 'protected_details.viewed' and entity_id = ${incidentId}`,
      )
    )[0]!.n;

  beforeAll(async () => {
    const handle = getDb().handle;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-protected-'));
    app = await buildTestApp(handle, { RAPPORTEUR_DATA_DIR: dataDir });
    const posts = await queryRows<{ id: number; code: string }>(
      handle.db,
      sql`select id, code from posts where code in ('EMB-FR', 'EMB-DE')`,
    );
    paris = posts.find((p) => p.code === 'EMB-FR')!.id;
    const berlin = posts.find((p) => p.code === 'EMB-DE')!.id;
    const granted = await makeUser(handle, [{ role: 'reporter', postId: paris }]);
    reporterId = granted.id;
    reporter = await signIn(app, granted.username, granted.password);
    const other = await makeUser(handle, [{ role: 'reporter', postId: paris }]);
    reporterNoGrant = await signIn(app, other.username, other.password);
    const german = await makeUser(handle, [{ role: 'reporter', postId: berlin }]);
    reporterBerlin = await signIn(app, german.username, german.password);
    const adminUser = await makeUser(handle, [{ role: 'admin' }]);
    admin = await signIn(app, adminUser.username, adminUser.password);

    for (const [userId, postId] of [
      [granted.id, paris],
      [german.id, berlin],
    ] as const) {
      const res = await as(app, admin, 'POST', '/api/protected-grants', { userId, postId });
      expect(res.statusCode, res.body).toBe(201);
    }
    const created = await as(app, reporter, 'POST', '/api/incidents', {
      postId: paris,
      title: 'Trafficking for sexual exploitation',
      narrative: 'A young woman was recruited with a false job offer.',
      categories: ['trafficking'],
      occurredStart: '2026-01-10',
      datePrecision: 'day',
    });
    expect(created.statusCode, created.body).toBe(201);
    incidentId = created.json().id;
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores a granted reporter’s entry as ciphertext under a key id, and shows it only on request', async () => {
    const added = await as(
      app,
      reporter,
      'POST',
      `/api/incidents/${incidentId}/protected-details`,
      {
        role: 'victim',
        fullName: VICTIM,
        contact: PHONE,
        identifiers: 'passport X1234567',
      },
    );
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json()).toMatchObject({ role: 'victim', fullName: VICTIM, version: 1 });

    const rows = await queryRows<{
      key_id: string;
      ciphertext: unknown;
      iv: unknown;
      text: string;
    }>(
      getDb().handle.db,
      sql`select key_id, encode(ciphertext, 'escape') as text, length(iv) as iv from protected_details where incident_id = ${incidentId}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.key_id).toMatch(/^k-/);
    expect(Number(rows[0]!.iv)).toBe(12);
    expect(rows[0]!.text).not.toContain('Zarina');
    expect(rows[0]!.text).not.toContain('X1234567');
    const keyFile = keyringFileOf(dataDir);
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);

    // Not in the incident, the list, or search.
    const incident = await as(app, reporter, 'GET', `/api/incidents/${incidentId}`);
    expect(incident.body).not.toContain('Zarina');
    const list = await as(app, reporter, 'GET', '/api/incidents?q=Zarina');
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([]);

    const summary = await as(
      app,
      reporter,
      'GET',
      `/api/incidents/${incidentId}/protected-details/summary`,
    );
    expect(summary.json()).toEqual({ granted: true, count: 1 });
    expect(summary.body).not.toContain('Zarina');
  });

  it('audits every view, naming who looked at which incident', async () => {
    const before = await views();
    for (let i = 0; i < 2; i++) {
      const res = await as(app, reporter, 'GET', `/api/incidents/${incidentId}/protected-details`);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().items[0]).toMatchObject({ fullName: VICTIM, contact: PHONE });
    }
    expect(await views()).toBe(before + 2);
    const [entry] = await queryRows<{ actor_id: string; changes: string }>(
      getDb().handle.db,
      sql`select actor_id, changes::text as changes from audit_log where action = 'protected_details.viewed' and entity_id = ${incidentId} order by seq desc limit 1`,
    );
    expect(entry!.actor_id).toBe(reporterId);
    expect(entry!.changes).not.toContain('Zarina');
  });

  it('refuses callers without a grant (403) and other posts (404), without auditing a view', async () => {
    const before = await views();
    const noGrant = await as(
      app,
      reporterNoGrant,
      'GET',
      `/api/incidents/${incidentId}/protected-details`,
    );
    expect(noGrant.statusCode).toBe(403);
    expect(noGrant.body).not.toContain('Zarina');
    expect(
      (
        await as(
          app,
          reporterNoGrant,
          'GET',
          `/api/incidents/${incidentId}/protected-details/summary`,
        )
      ).json(),
    ).toEqual({ granted: false, count: null });
    const otherPost = await as(
      app,
      reporterBerlin,
      'GET',
      `/api/incidents/${incidentId}/protected-details`,
    );
    expect(otherPost.statusCode).toBe(404);
    const write = await as(
      app,
      reporterNoGrant,
      'POST',
      `/api/incidents/${incidentId}/protected-details`,
      {
        role: 'witness',
        fullName: 'Someone Else',
      },
    );
    expect(write.statusCode).toBe(403);
    expect(await views()).toBe(before);
  });

  it('edits with a version (409 when stale) and audits which fields changed, not their values', async () => {
    const [item] = (
      await as(app, reporter, 'GET', `/api/incidents/${incidentId}/protected-details`)
    ).json().items;
    const edited = await as(
      app,
      reporter,
      'PUT',
      `/api/incidents/${incidentId}/protected-details/${item.id}`,
      {
        role: 'victim',
        fullName: VICTIM,
        contact: '+33 6 00 00 00 18',
        identifiers: item.identifiers,
        version: item.version,
      },
    );
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().version).toBe(2);
    const stale = await as(
      app,
      reporter,
      'PUT',
      `/api/incidents/${incidentId}/protected-details/${item.id}`,
      {
        role: 'victim',
        fullName: 'X',
        version: 1,
      },
    );
    expect(stale.statusCode).toBe(409);
    const [audit] = await queryRows<{ changes: { fields: string[] } }>(
      getDb().handle.db,
      sql`select changes from audit_log where action = 'protected_details.updated' and entity_id = ${incidentId}`,
    );
    expect(audit!.changes.fields).toEqual(['contact']);
    expect(JSON.stringify(audit)).not.toContain('00 18');
  });

  it('rotates the key: rows are re-encrypted, still read, and the old key is retired', async () => {
    const [before] = await queryRows<{ key_id: string; ct: string }>(
      getDb().handle.db,
      sql`select key_id, encode(ciphertext, 'hex') as ct from protected_details where incident_id = ${incidentId}`,
    );
    const keyring = new Keyring({ file: keyringFileOf(dataDir) });
    const report = await rotateKeys(getDb().handle.db, keyring, systemActor('test'), {
      batchSize: 1,
    });
    expect(report.reencrypted).toBeGreaterThanOrEqual(1);
    expect(report.retiredKeys).toContain(before!.key_id);
    const [after] = await queryRows<{ key_id: string; ct: string }>(
      getDb().handle.db,
      sql`select key_id, encode(ciphertext, 'hex') as ct from protected_details where incident_id = ${incidentId}`,
    );
    expect(after!.key_id).toBe(report.activeKey);
    expect(after!.key_id).not.toBe(before!.key_id);
    expect(after!.ct).not.toBe(before!.ct);
    expect(fs.readFileSync(keyringFileOf(dataDir), 'utf8')).not.toContain(before!.key_id);
    // The running app follows the keyring file.
    const read = await as(app, reporter, 'GET', `/api/incidents/${incidentId}/protected-details`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json().items[0].fullName).toBe(VICTIM);
  });

  it('moves from the keyring file to RAPPORTEUR_DATA_KEY and fails closed with a wrong key', async () => {
    const handle = getDb().handle;
    const envKey = randomBytes(32).toString('base64');
    // The environment key becomes active; the file's keys stay readable until rotation.
    const keyring = new Keyring({ file: keyringFileOf(dataDir), envKey });
    const report = await rotateKeys(handle.db, keyring, systemActor('test'));
    expect(report.activeKey).toMatch(/^env-/);
    const envApp = await buildTestApp(handle, {
      RAPPORTEUR_DATA_DIR: path.join(dataDir, 'elsewhere'),
      RAPPORTEUR_DATA_KEY: envKey,
    });
    try {
      const ok = await as(
        envApp,
        reporter,
        'GET',
        `/api/incidents/${incidentId}/protected-details`,
      );
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.json().items[0].fullName).toBe(VICTIM);
    } finally {
      await envApp.close();
    }
    const wrongApp = await buildTestApp(handle, {
      RAPPORTEUR_DATA_DIR: path.join(dataDir, 'elsewhere'),
      RAPPORTEUR_DATA_KEY: randomBytes(32).toString('base64'),
    });
    try {
      const wrong = await as(
        wrongApp,
        reporter,
        'GET',
        `/api/incidents/${incidentId}/protected-details`,
      );
      expect(wrong.statusCode).toBe(500);
      expect(wrong.json().title).toBe('Protected details unavailable');
      expect(wrong.body).not.toContain('Zarina');
    } finally {
      await wrongApp.close();
    }
  });

  it('lets admins list and withdraw grants', async () => {
    const list = await as(app, admin, 'GET', '/api/protected-grants');
    expect(
      list
        .json()
        .items.some(
          (g: { userId: string; postCode: string }) =>
            g.userId === reporterId && g.postCode === 'EMB-FR',
        ),
    ).toBe(true);
    expect(
      (await as(app, admin, 'DELETE', `/api/protected-grants/${reporterId}/${paris}`)).statusCode,
    ).toBe(204);
    expect(
      (await as(app, reporter, 'GET', `/api/incidents/${incidentId}/protected-details`)).statusCode,
    ).toBe(403);
  });
});
