// Protected victim details never appear in clear text outside their encrypted table (issue 10
// §5, ASVS 16.2.5, 14.1): after a workflow that records a victim's name, phone and passport
// number, views them, is refused with them in the body and exports everything, none of those
// values is found in the server's log output, in any problem+json answer, in search results, in
// any export format, in a backup file, or in any column of any table (search index included).
// Nor do the session and CSRF tokens of the people involved appear in the log.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.ts';
import { queryRows } from '../../src/db/raw.ts';
import { sql } from 'drizzle-orm';
import { backendsUnderTest } from '../helpers/backends.ts';
import { runCli, signInOver, startServerProcess } from './spawn.ts';

const ADMIN_PASSWORD = 'protection-admin-password';
const SECRETS = ['Zarina Testovna-Quill', '+33 6 00 00 00 17', 'X7736451Q'] as const;
const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

type Session = Awaited<ReturnType<typeof signInOver>>;

async function call(base: string, session: Session, method: string, url: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
}

const leaks = (text: string) => SECRETS.filter((s) => text.includes(s));

for (const backend of backendsUnderTest()) {
  describe(`protected details in clear text [${backend.kind}]`, () => {
    it('are nowhere but the encrypted table: logs, errors, search, exports, backup, every column', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-protect-'));
      tempDirs.push(dataDir);
      const created = await backend.createDatabase();
      const env: Record<string, string> = {
        RAPPORTEUR_ADMIN_PASSWORD: ADMIN_PASSWORD,
        RAPPORTEUR_DATA_DIR: dataDir,
        // Every request and response line, as an operator debugging a problem would log.
        LOG_LEVEL: 'debug',
      };
      if (created.url) env.DATABASE_URL = created.url;
      try {
        const server = await startServerProcess(env);
        const base = server.url;
        const answers: string[] = [];
        /** Session tokens and CSRF tokens of everyone signed in: not for the log either. */
        const credentials: string[] = [];
        try {
          const admin = await signInOver(base, 'admin', ADMIN_PASSWORD);
          const posts = JSON.parse((await call(base, admin, 'GET', '/api/posts')).text) as {
            items: { id: number; code: string }[];
          };
          const paris = posts.items.find((p) => p.code === 'EMB-FR')!.id;
          const users: Record<string, string> = {};
          for (const [name, roles] of [
            ['dp-reporter', [{ role: 'reporter', postId: paris }]],
            ['dp-approver', [{ role: 'approver', postId: paris }]],
            ['dp-editor', [{ role: 'editor' }]],
          ] as const) {
            const res = await call(base, admin, 'POST', '/api/admin/users', {
              username: name,
              displayName: name,
              password: `${name}-passphrase`,
              mustChangePassword: false,
              roles,
            });
            expect(res.status, res.text).toBe(201);
            users[name] = (JSON.parse(res.text) as { id: string }).id;
          }
          const grant = await call(base, admin, 'POST', '/api/protected-grants', {
            userId: users['dp-reporter'],
            postId: paris,
          });
          expect(grant.status, grant.text).toBe(201);
          const reporter = await signInOver(base, 'dp-reporter', 'dp-reporter-passphrase');
          const approver = await signInOver(base, 'dp-approver', 'dp-approver-passphrase');
          const editor = await signInOver(base, 'dp-editor', 'dp-editor-passphrase');
          for (const session of [admin, reporter, approver, editor])
            credentials.push(session.cookie.split('=')[1]!, session.csrfToken);

          const source = await call(base, reporter, 'POST', '/api/sources', {
            type: 'ngo_io_report',
            publisher: 'Synthetic NGO',
            title: 'Interview notes (synthetic)',
            reliability: 'B',
          });
          expect(source.status, source.text).toBe(201);
          const incident = await call(base, reporter, 'POST', '/api/incidents', {
            postId: paris,
            title: 'Recruitment with a false job offer (synthetic)',
            narrative: 'A young woman was recruited for work abroad that did not exist.',
            categories: ['trafficking'],
            occurredStart: '2026-01-10',
            datePrecision: 'day',
            latitude: 48.85,
            longitude: 2.35,
            geoPrecision: 2,
            sources: [{ sourceId: JSON.parse(source.text).id, credibility: 2 }],
          });
          expect(incident.status, incident.text).toBe(201);
          const id = (JSON.parse(incident.text) as { id: string }).id;

          const details = {
            role: 'victim',
            fullName: SECRETS[0],
            contact: SECRETS[1],
            identifiers: `passport ${SECRETS[2]}`,
          };
          const added = await call(
            base,
            reporter,
            'POST',
            `/api/incidents/${id}/protected-details`,
            details,
          );
          expect(added.status, added.text).toBe(201);
          const viewed = await call(
            base,
            reporter,
            'GET',
            `/api/incidents/${id}/protected-details`,
          );
          expect(viewed.status).toBe(200);
          expect(viewed.text).toContain(SECRETS[0]); // the granted reporter sees them, on request

          // Refusals with the values in the request: none may echo them.
          const refusals = [
            await call(base, reporter, 'POST', `/api/incidents/${id}/protected-details`, {
              ...details,
              nickname: SECRETS[0],
            }),
            await call(base, reporter, 'POST', `/api/incidents/${id}/protected-details`, {
              ...details,
              role: SECRETS[0],
            }),
            await call(base, reporter, 'POST', `/api/incidents/${id}/protected-details`, {
              ...details,
              fullName: SECRETS[0].repeat(500),
            }),
            await call(base, approver, 'POST', `/api/incidents/${id}/protected-details`, details),
            await call(base, editor, 'GET', `/api/incidents/${id}/protected-details`),
          ];
          for (const r of refusals) {
            expect(r.status, r.text).toBeGreaterThanOrEqual(400);
            expect(r.type).toMatch(/^application\/problem\+json/);
            answers.push(r.text);
          }

          const submitted = await call(base, approver, 'POST', `/api/incidents/${id}/submit`, {
            version: JSON.parse((await call(base, approver, 'GET', `/api/incidents/${id}`)).text)
              .version,
          });
          expect(submitted.status, submitted.text).toBe(200);

          // Search, lists and every export format, as the editor who reads everything.
          for (const url of [
            `/api/incidents/${id}`,
            `/api/incidents/${id}/history`,
            '/api/incidents?q=Zarina',
            '/api/incidents?q=X7736451Q',
            '/api/incidents',
            '/api/incidents/facets',
            '/api/incidents/map',
            '/api/incidents/export?format=json',
            '/api/incidents/export?format=csv',
            '/api/incidents/export?format=geojson',
            '/api/analytics/incidents',
            '/api/analytics/incidents.csv',
          ]) {
            const r = await call(base, editor, 'GET', url);
            expect(r.status, `${url}: ${r.text}`).toBe(200);
            answers.push(r.text);
            if (url.includes('?q='))
              expect(JSON.parse(r.text).items, `${url} finds nothing`).toEqual([]);
          }
          expect(answers.some((a) => a.includes('Recruitment with a false job offer'))).toBe(true);
        } finally {
          server.child.kill('SIGTERM');
          await server.exited;
        }
        for (const a of answers) expect(leaks(a), a.slice(0, 300)).toEqual([]);
        // The server's own log output, at debug level.
        expect(server.output()).toMatch(/"reqId"/);
        expect(leaks(server.output())).toEqual([]);
        expect(credentials.filter((c) => server.output().includes(c))).toEqual([]);

        // A backup file, unpacked.
        const file = path.join(dataDir, 'backup.ndjson.gz');
        const backup = await runCli(['backup', file], env);
        expect(backup.code, backup.output).toBe(0);
        const dump = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
        expect(dump).toContain('protected_details');
        expect(leaks(dump)).toEqual([]);

        // Every column of every table, generated search columns included.
        const handle = await openDatabase(created.url ? { databaseUrl: created.url } : { dataDir });
        try {
          const tables = await queryRows<{ name: string }>(
            handle.db,
            sql`select quote_ident(table_name) as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
          );
          expect(tables.length).toBeGreaterThan(20);
          for (const { name } of tables) {
            const rows = await queryRows<{ row: string }>(
              handle.db,
              sql`select t::text as row from ${sql.raw(name)} t`,
            );
            const text = rows.map((r) => r.row).join('\n');
            expect(leaks(text), name).toEqual([]);
          }
        } finally {
          await handle.close();
        }
      } finally {
        await created.drop();
      }
    }, 300_000);
  });
}
