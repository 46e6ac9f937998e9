// Faults an operator meets: the server killed with SIGKILL in the middle of a statistics import,
// a stream of incident CSV imports, a stream of merges and a stream of report exports, then
// started again — nothing is left half-written and the interrupted work can simply be done
// again. And (server only) the
// PostgreSQL server restarted under load: requests answer 503 problem+json while it is down
// and succeed again afterwards, without restarting the app.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/backends.ts';
import { freePort, signInOver, startServerProcess, type ServerProcess } from './spawn.ts';

const ADMIN_PASSWORD = 'faults-admin-password';
const DATASETS = path.resolve(import.meta.dirname, '../../../shared/datasets');
const PG_SCRIPT = path.resolve(import.meta.dirname, '../../scripts/test-postgres.sh');
const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

function freshDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

type Session = Awaited<ReturnType<typeof signInOver>>;

async function call(
  base: string,
  session: Session,
  method: string,
  url: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    body:
      body === undefined
        ? undefined
        : typeof body === 'string' || Buffer.isBuffer(body)
          ? (body as string)
          : JSON.stringify(body),
  });
  const text = await response.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { text };
  }
  return { status: response.status, json, headers: response.headers };
}

async function makeUser(
  base: string,
  admin: Session,
  username: string,
  roles: { role: string; postId?: number }[],
): Promise<Session> {
  const created = await call(base, admin, 'POST', '/api/admin/users', {
    username,
    displayName: username,
    password: `${username}-password`,
    mustChangePassword: false,
    roles,
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  return signInOver(base, username, `${username}-password`);
}

async function kill9(server: ServerProcess): Promise<void> {
  server.child.kill('SIGKILL');
  await server.exited;
}

async function stop(server: ServerProcess): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

const IMPORT_HEADER =
  'post,countryCode,title,narrative,language,categories,occurredStart,occurredEnd,datePrecision,latitude,longitude,geoPrecision,route,marking,tags';
const BATCH_ROWS = 150;

/** Batch n of an import: its rows all fall in the year 1900 + n, so a facet count finds them. */
function importBatch(n: number): string {
  const year = 1900 + n;
  const rows = Array.from(
    { length: BATCH_ROWS },
    (_, i) =>
      `EMB-FR,FR,Fault batch ${n} row ${i} (synthetic),Narrative ${i},en,abuse_in_transit,${year}-01-${String((i % 28) + 1).padStart(2, '0')},,day,43.3,5.4,1,western_mediterranean,sbu,fault`,
  );
  return [IMPORT_HEADER, ...rows].join('\n');
}

async function countInYear(base: string, session: Session, year: number): Promise<number> {
  const res = await call(
    base,
    session,
    'GET',
    `/api/incidents/facets?from=${year}-01-01&to=${year}-12-31`,
  );
  expect(res.status, JSON.stringify(res.json)).toBe(200);
  return res.json.total as number;
}

for (const backend of backendsUnderTest()) {
  describe(`kill -9 in the middle of work [${backend.kind}]`, () => {
    const startEnv = async () => {
      const created = await backend.createDatabase();
      const env: Record<string, string> = {
        RAPPORTEUR_ADMIN_PASSWORD: ADMIN_PASSWORD,
        RAPPORTEUR_DATA_DIR: freshDir('rapporteur-fault-'),
      };
      if (created.url) env.DATABASE_URL = created.url;
      return { env, drop: created.drop };
    };

    it('leaves no trace of a statistics import killed while committing, and the import then succeeds', async () => {
      const { env, drop } = await startEnv();
      try {
        let server = await startServerProcess(env);
        const admin = await signInOver(server.url, 'admin', ADMIN_PASSWORD);
        const analyst = await makeUser(server.url, admin, 'fault-analyst', [{ role: 'analyst' }]);
        const file = fs.readFileSync(path.join(DATASETS, 'uk_nrm_referrals_government_2023q4.csv'));
        const upload = async (base: string, session: Session) => {
          const started = await call(
            base,
            session,
            'POST',
            '/api/statistics/imports?mapping=uk-nrm-referrals-government&fileName=nrm.csv',
            file,
            'text/csv',
          );
          expect(started.status, JSON.stringify(started.json)).toBe(202);
          const id = started.json.id as string;
          for (;;) {
            const job = await call(base, session, 'GET', `/api/statistics/imports/${id}`);
            if (job.json.status === 'previewed') return id;
            expect(job.json.status, JSON.stringify(job.json)).toBe('previewing');
            await new Promise((r) => setTimeout(r, 100));
          }
        };
        const datasets = async (base: string, session: Session) =>
          (
            (await call(base, session, 'GET', '/api/statistics/datasets')).json as unknown as {
              key: string;
              observations: number;
            }[]
          ).map((d) => `${d.key}:${d.observations}`);
        const before = await datasets(server.url, analyst);

        // How long reading the file takes here: the commit reads it again and then writes, so
        // a kill at a third of that lands while the commit's transaction is open.
        const t0 = Date.now();
        const id = await upload(server.url, analyst);
        const previewMs = Date.now() - t0;
        const commit = await call(
          server.url,
          analyst,
          'POST',
          `/api/statistics/imports/${id}/commit`,
        );
        expect(commit.status).toBe(202);
        await new Promise((r) => setTimeout(r, previewMs / 3));
        await kill9(server);

        server = await startServerProcess(env);
        try {
          const session = await signInOver(server.url, 'fault-analyst', 'fault-analyst-password');
          expect(await datasets(server.url, session)).toEqual(before);
          // The job was in the killed process's memory: it is gone, not half-alive.
          expect(
            (await call(server.url, session, 'GET', `/api/statistics/imports/${id}`)).status,
          ).toBe(404);
          // Done again, it commits in full.
          const again = await upload(server.url, session);
          await call(server.url, session, 'POST', `/api/statistics/imports/${again}/commit`);
          for (;;) {
            const job = await call(server.url, session, 'GET', `/api/statistics/imports/${again}`);
            if (job.json.status === 'committed') break;
            expect(job.json.status, JSON.stringify(job.json.message)).toBe('committing');
            await new Promise((r) => setTimeout(r, 200));
          }
          expect(await datasets(server.url, session)).toContain(
            'uk-nrm-referrals-government:29505',
          );
          const verify = await call(server.url, admin, 'GET', '/api/admin/audit/verify');
          expect(verify.json.ok, JSON.stringify(verify.json)).toBe(true);
        } finally {
          await stop(server);
        }
      } finally {
        await drop();
      }
    }, 600_000);

    it('keeps each incident CSV import whole or absent when killed in a stream of imports', async () => {
      const { env, drop } = await startEnv();
      try {
        let server = await startServerProcess(env);
        const admin = await signInOver(server.url, 'admin', ADMIN_PASSWORD);
        const editor = await makeUser(server.url, admin, 'fault-editor', [{ role: 'editor' }]);
        const acknowledged: number[] = [];
        const sent: number[] = [];
        let stopped = false;
        const writers = [0, 1].map(async (w) => {
          for (let i = 0; !stopped; i++) {
            const n = w * 50 + i;
            sent.push(n);
            try {
              const res = await call(
                server.url,
                editor,
                'POST',
                '/api/incidents/import',
                importBatch(n),
                'text/csv',
              );
              if (res.status === 201) acknowledged.push(n);
              else throw new Error(`import ${n}: ${res.status} ${JSON.stringify(res.json)}`);
            } catch (err) {
              if (stopped) return;
              throw err;
            }
          }
        });
        while (acknowledged.length < 3) await new Promise((r) => setTimeout(r, 20));
        // Let a further import get under way, then kill.
        await new Promise((r) => setTimeout(r, 150));
        stopped = true;
        await kill9(server);
        await Promise.all(writers);

        server = await startServerProcess(env);
        try {
          const session = await signInOver(server.url, 'fault-editor', 'fault-editor-password');
          for (const n of sent) {
            const count = await countInYear(server.url, session, 1900 + n);
            if (acknowledged.includes(n)) expect(count, `batch ${n}`).toBe(BATCH_ROWS);
            else expect([0, BATCH_ROWS], `batch ${n}`).toContain(count);
          }
          // An interrupted batch is imported again in full.
          const retried = sent.find((n) => !acknowledged.includes(n))!;
          if ((await countInYear(server.url, session, 1900 + retried)) === 0) {
            const res = await call(
              server.url,
              session,
              'POST',
              '/api/incidents/import',
              importBatch(retried),
              'text/csv',
            );
            expect(res.status, JSON.stringify(res.json)).toBe(201);
            expect(await countInYear(server.url, session, 1900 + retried)).toBe(BATCH_ROWS);
          }
          const adminAgain = await signInOver(server.url, 'admin', ADMIN_PASSWORD);
          const verify = await call(server.url, adminAgain, 'GET', '/api/admin/audit/verify');
          expect(verify.json.ok, JSON.stringify(verify.json)).toBe(true);
        } finally {
          await stop(server);
        }
      } finally {
        await drop();
      }
    }, 600_000);

    it('merges each pair entirely or not at all when killed in a stream of merges', async () => {
      const { env, drop } = await startEnv();
      try {
        let server = await startServerProcess(env);
        const admin = await signInOver(server.url, 'admin', ADMIN_PASSWORD);
        const posts = await call(server.url, admin, 'GET', '/api/posts');
        const paris = (posts.json.items as { id: number; code: string }[]).find(
          (p) => p.code === 'EMB-FR',
        )!;
        const author = await makeUser(server.url, admin, 'fault-author', [{ role: 'editor' }]);
        const approver = await makeUser(server.url, admin, 'fault-approver', [
          { role: 'approver', postId: paris.id },
        ]);
        const merger = await makeUser(server.url, admin, 'fault-merger', [{ role: 'editor' }]);

        const PAIRS = 40;
        const imported = await call(
          server.url,
          author,
          'POST',
          '/api/incidents/import',
          [
            IMPORT_HEADER,
            ...Array.from(
              { length: PAIRS * 2 },
              (_, i) =>
                `EMB-FR,FR,Merge fault ${i} (synthetic),Narrative,en,abuse_in_transit,1850-01-01,,day,,,,,sbu,fault`,
            ),
          ].join('\n'),
          'text/csv',
        );
        expect(imported.status, JSON.stringify(imported.json)).toBe(201);
        const page = await call(
          server.url,
          author,
          'GET',
          '/api/incidents?from=1850-01-01&to=1850-12-31&limit=200',
        );
        const drafts = page.json.items as { id: string }[];
        expect(drafts).toHaveLength(PAIRS * 2);
        const source = await call(server.url, author, 'POST', '/api/sources', {
          type: 'news_media',
          publisher: 'Synthetic Gazette',
          title: 'Merge fault source',
          reliability: 'B',
        });
        expect(source.status, JSON.stringify(source.json)).toBe(201);
        const records: { id: string; version: number }[] = [];
        for (const d of drafts) {
          const linked = await call(server.url, author, 'POST', `/api/incidents/${d.id}/sources`, {
            sourceId: source.json.id,
            credibility: 2,
          });
          expect(linked.status, JSON.stringify(linked.json)).toBe(200);
          const current = await call(server.url, approver, 'GET', `/api/incidents/${d.id}`);
          const sent = await call(server.url, approver, 'POST', `/api/incidents/${d.id}/submit`, {
            version: current.json.version,
          });
          expect(sent.status, JSON.stringify(sent.json)).toBe(200);
          records.push({ id: d.id, version: sent.json.version as number });
        }
        // A comment on each record merged away, which the merge must carry over.
        for (let p = 0; p < PAIRS; p++) {
          const res = await call(
            server.url,
            author,
            'POST',
            `/api/incidents/${records[2 * p + 1]!.id}/comments`,
            {
              body: `comment of pair ${p}`,
            },
          );
          expect(res.status, JSON.stringify(res.json)).toBe(201);
        }

        const acknowledged = new Set<number>();
        let stopped = false;
        let next = 0;
        const writers = [0, 1, 2].map(async () => {
          while (!stopped && next < PAIRS) {
            const p = next++;
            const [a, b] = [records[2 * p]!, records[2 * p + 1]!];
            try {
              const res = await call(server.url, merger, 'POST', `/api/incidents/${a.id}/merge`, {
                duplicateId: b.id,
                version: a.version,
                duplicateVersion: b.version,
              });
              if (res.status === 200) acknowledged.add(p);
              else throw new Error(`merge ${p}: ${res.status} ${JSON.stringify(res.json)}`);
            } catch (err) {
              if (stopped) return;
              throw err;
            }
          }
        });
        while (acknowledged.size < 5) await new Promise((r) => setTimeout(r, 5));
        stopped = true;
        await kill9(server);
        await Promise.all(writers);
        expect(acknowledged.size, 'every merge finished before the kill').toBeLessThan(PAIRS);

        server = await startServerProcess(env);
        try {
          const session = await signInOver(server.url, 'fault-merger', 'fault-merger-password');
          let merged = 0;
          for (let p = 0; p < PAIRS; p++) {
            const [a, b] = [records[2 * p]!, records[2 * p + 1]!];
            const gotA = (await call(server.url, session, 'GET', `/api/incidents/${a.id}`)).json;
            const gotB = (await call(server.url, session, 'GET', `/api/incidents/${b.id}`)).json;
            const commentsA = (
              await call(server.url, session, 'GET', `/api/incidents/${a.id}/comments`)
            ).json;
            const onA = JSON.stringify(commentsA).includes(`comment of pair ${p}`);
            if (gotB.status === 'merged') {
              merged++;
              expect(gotB.mergedInto, `pair ${p}`).toBe(a.id);
              expect(onA, `pair ${p}: the comment moved with the merge`).toBe(true);
              expect(gotA.version, `pair ${p}`).toBe(a.version + 1);
            } else {
              expect(acknowledged.has(p), `pair ${p} was acknowledged but is not merged`).toBe(
                false,
              );
              expect(gotB.status, `pair ${p}`).toBe('submitted');
              expect(onA, `pair ${p}`).toBe(false);
              expect(gotA.version, `pair ${p}`).toBe(a.version);
              expect(gotB.version, `pair ${p}`).toBe(b.version);
            }
          }
          expect(merged).toBeGreaterThanOrEqual(acknowledged.size);
          // An interrupted merge is simply done again.
          const p = [...Array(PAIRS).keys()].reverse().find((i) => !acknowledged.has(i))!;
          const [a, b] = [records[2 * p]!, records[2 * p + 1]!];
          const gotB = (await call(server.url, session, 'GET', `/api/incidents/${b.id}`)).json;
          if (gotB.status !== 'merged') {
            const res = await call(server.url, session, 'POST', `/api/incidents/${a.id}/merge`, {
              duplicateId: b.id,
              version: a.version,
              duplicateVersion: b.version,
            });
            expect(res.status, JSON.stringify(res.json)).toBe(200);
          }
          const adminAgain = await signInOver(server.url, 'admin', ADMIN_PASSWORD);
          const verify = await call(server.url, adminAgain, 'GET', '/api/admin/audit/verify');
          expect(verify.json.ok, JSON.stringify(verify.json)).toBe(true);
        } finally {
          await stop(server);
        }
      } finally {
        await drop();
      }
    }, 600_000);

    it('leaves nothing behind when killed in a stream of report exports, and exports again cleanly', async () => {
      const { env, drop } = await startEnv();
      // The killed process's own temporary folder, to see whether it left a half-written file.
      const tmp = freshDir('rapporteur-fault-tmp-');
      const dataDir = env.RAPPORTEUR_DATA_DIR!;
      const serveEnv = { ...env, TMPDIR: tmp };
      // Left aside: tsx's cache of the compiled program, which `rapporteur` runs through.
      const tmpFiles = () => fs.readdirSync(tmp).filter((f) => !/^tsx-\d+$/.test(f));
      try {
        let server = await startServerProcess(serveEnv);
        const admin = await signInOver(server.url, 'admin', ADMIN_PASSWORD);
        const editor = await makeUser(server.url, admin, 'fault-editor', [{ role: 'editor' }]);

        // Reports long enough that rendering one takes a while: every section of five
        // countries' reports filled with 40,000 characters of synthetic text.
        const paragraph = (n: number) =>
          `Synthetic paragraph ${n} of a fault test, written to make the report long. `.repeat(6);
        const SECTION_TEXT = Array.from({ length: 90 }, (_, i) => paragraph(i)).join('\n\n');
        const reports: string[] = [];
        for (const countryCode of ['FR', 'DE', 'IT', 'ES', 'PT']) {
          const created = await call(server.url, editor, 'POST', '/api/reports', {
            countryCode,
            year: 1990,
          });
          expect(created.status, JSON.stringify(created.json)).toBe(201);
          let version = created.json.version as number;
          for (const section of created.json.sections as { id: string }[]) {
            const put = await call(
              server.url,
              editor,
              'PUT',
              `/api/reports/${created.json.id as string}/sections/${section.id}`,
              { version, body: SECTION_TEXT },
            );
            expect(put.status, JSON.stringify(put.json)).toBe(200);
            version = put.json.version as number;
          }
          reports.push(created.json.id as string);
        }
        const snapshot = async (base: string, session: Session) =>
          Promise.all(
            reports.map(
              async (id) => (await call(base, session, 'GET', `/api/reports/${id}`)).json,
            ),
          );
        const before = await snapshot(server.url, editor);
        // Every file in the data folder but the embedded database's own (which a kill may
        // leave mid-checkpoint, and which recovers on start), with its size.
        const dataFiles = () =>
          (fs.readdirSync(dataDir, { recursive: true }) as string[])
            .filter((f) => !f.startsWith('pgdata') && fs.statSync(path.join(dataDir, f)).isFile())
            .filter((f) => f !== 'rapporteur.lock')
            .map((f) => `${f}:${fs.statSync(path.join(dataDir, f)).size}`)
            .sort();
        const filesBefore = dataFiles();
        const auditedBefore = (await call(server.url, admin, 'GET', '/api/admin/audit/verify')).json
          .checked as number;

        const exportOf = (n: number) =>
          n % 3 === 0
            ? `/api/reports/compilation?year=1990&format=${n % 2 ? 'pdf' : 'docx'}`
            : `/api/reports/${reports[n % reports.length]!}/export?format=${n % 2 ? 'pdf' : 'docx'}`;
        const wellFormed = async (url: string, body: Buffer) => {
          if (url.includes('format=pdf')) {
            expect(body.subarray(0, 5).toString()).toBe('%PDF-');
            expect(body.subarray(-8).toString()).toContain('%%EOF');
          } else {
            const zip = await JSZip.loadAsync(body);
            expect(await zip.file('word/document.xml')!.async('string')).toContain(
              'Synthetic paragraph 89',
            );
          }
        };
        const download = async (base: string, url: string) => {
          const res = await fetch(`${base}${url}`, { headers: { cookie: editor.cookie } });
          const body = Buffer.from(await res.arrayBuffer());
          expect(res.status, body.subarray(0, 300).toString()).toBe(200);
          await wellFormed(url, body);
          return body;
        };
        // How long one export takes here, for the record of what the kill interrupted.
        const t0 = Date.now();
        await download(server.url, exportOf(1));
        const oneMs = Date.now() - t0;

        let started = 1;
        let acknowledged = 1;
        let interrupted = 0;
        let stopped = false;
        const writers = [0, 1, 2].map(async () => {
          while (!stopped) {
            const url = exportOf(started++);
            try {
              await download(server.url, url);
              acknowledged++;
            } catch (err) {
              if (!stopped) throw err;
              interrupted++;
            }
          }
        });
        while (acknowledged < 6) await new Promise((r) => setTimeout(r, 5));
        // Half an export's time after the latest answer: the next ones are mid-render.
        await new Promise((r) => setTimeout(r, oneMs / 2));
        stopped = true;
        await kill9(server);
        await Promise.all(writers);
        expect(interrupted, `exports cut off by the kill (one took ${oneMs} ms)`).toBeGreaterThan(
          0,
        );

        // Nothing half-written: no temporary file, nothing new or changed in the data folder.
        expect(tmpFiles()).toEqual([]);
        expect(dataFiles()).toEqual(filesBefore);

        server = await startServerProcess(serveEnv);
        try {
          // The sessions are in the database: the same ones answer after the restart.
          const verify = await call(server.url, admin, 'GET', '/api/admin/audit/verify');
          expect(verify.json.ok, JSON.stringify(verify.json)).toBe(true);
          // An export is audited once it is rendered, so at least every delivered one is, and
          // at most every one begun; nothing else was written.
          const audited = (verify.json.checked as number) - auditedBefore;
          expect(audited).toBeGreaterThanOrEqual(acknowledged);
          expect(audited).toBeLessThanOrEqual(acknowledged + interrupted);
          // The reports are exactly as they were.
          expect(await snapshot(server.url, editor)).toEqual(before);
          // The interrupted exports simply run again, whole.
          for (let n = 0; n < 4; n++) await download(server.url, exportOf(n));
          expect(tmpFiles()).toEqual([]);
        } finally {
          await stop(server);
        }
      } finally {
        await drop();
      }
    }, 600_000);
  });
}

const serverBackend = backendsUnderTest().find((b) => b.kind === 'postgres');

describe.runIf(serverBackend)('the PostgreSQL server restarted under load', () => {
  it('answers 503 problem+json while the database is down and recovers without an app restart', async () => {
    // A throwaway server of our own on a free port: the shared test server is never touched.
    const pgDir = freshDir('rapporteur-pg-');
    fs.chmodSync(pgDir, 0o755);
    const port = await freePort();
    const pgData = path.join(pgDir, 'data');
    const url = execFileSync(PG_SCRIPT, ['start', pgData, String(port)], {
      encoding: 'utf8',
    }).trim();
    let server: ServerProcess | undefined;
    try {
      server = await startServerProcess({
        DATABASE_URL: url,
        RAPPORTEUR_ADMIN_PASSWORD: ADMIN_PASSWORD,
        RAPPORTEUR_DATA_DIR: freshDir('rapporteur-fault-'),
      });
      const base = server.url;
      const admin = await signInOver(base, 'admin', ADMIN_PASSWORD);
      const statuses: number[] = [];
      const problems: string[] = [];
      let load = true;
      const readers = [0, 1, 2, 3].map(async () => {
        while (load) {
          try {
            const res = await fetch(`${base}/api/posts`, { headers: { cookie: admin.cookie } });
            statuses.push(res.status);
            if (res.status !== 200) {
              problems.push(`${res.headers.get('content-type')} ${await res.text()}`);
            } else await res.arrayBuffer();
          } catch {
            statuses.push(-1); // the app itself must never drop a connection
          }
          await new Promise((r) => setTimeout(r, 20));
        }
      });
      await new Promise((r) => setTimeout(r, 500));
      execFileSync(PG_SCRIPT, ['stop', pgData]);
      const downFrom = statuses.length;
      await new Promise((r) => setTimeout(r, 2000));
      const whileDown = statuses.slice(downFrom + 8);
      execFileSync(PG_SCRIPT, ['start', pgData, String(port)]);
      // Recovery: within a few seconds, every request succeeds again.
      const deadline = Date.now() + 30_000;
      let recovered = false;
      while (Date.now() < deadline && !recovered) {
        await new Promise((r) => setTimeout(r, 500));
        const tail = statuses.slice(-8);
        recovered = tail.length === 8 && tail.every((s) => s === 200);
      }
      load = false;
      await Promise.all(readers);

      const summary = statuses.join(',') + '\n' + problems.slice(0, 3).join('\n');
      expect(
        statuses.slice(0, downFrom).every((s) => s === 200),
        summary,
      ).toBe(true);
      expect(whileDown.length).toBeGreaterThan(0);
      expect(
        whileDown.every((s) => s === 503),
        summary,
      ).toBe(true);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p).toMatch(/^application\/problem\+json/);
        expect(p).toMatch(/"status":503/);
      }
      expect(statuses).not.toContain(500);
      expect(statuses).not.toContain(-1);
      expect(recovered, 'requests did not recover after the database came back').toBe(true);
      // Writes work again too, on the same process.
      const write = await call(base, admin, 'POST', '/api/admin/posts', {
        code: 'AFTER-RESTART',
        name: 'Written after the database restart',
        kind: 'mission',
        countryCode: 'NO',
      });
      expect(write.status, JSON.stringify(write.json)).toBe(201);
      expect(server.child.exitCode).toBeNull();
    } finally {
      if (server) await stop(server);
      execFileSync(PG_SCRIPT, ['stop', pgData]);
    }
  }, 300_000);
});
