// An administrator's command-line session on the embedded database: create and re-role a
// user, back the database up, restore it into a new folder, and verify the audit chain there.
// The attachment files travel in the backup: a damaged one is refused with the new folder left
// empty, a good one brings every file back, byte for byte, to a server started on it.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, signInOver, startServerProcess } from './spawn.ts';

type Session = Awaited<ReturnType<typeof signInOver>>;

async function call(base: string, session: Session, method: string, url: string, body?: unknown) {
  const response = await fetch(`${base}${url}`, {
    method,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrfToken,
      ...(body === undefined || body instanceof FormData
        ? {}
        : { 'content-type': 'application/json' }),
    },
    body: body === undefined || body instanceof FormData ? body : JSON.stringify(body),
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

/** Every file under a folder with its SHA-256; [] when there is none (or no folder). */
function filesUnder(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      return `${path.relative(root, file)} ${createHash('sha256').update(fs.readFileSync(file)).digest('hex')}`;
    })
    .sort();
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-cli-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('rapporteur command line', () => {
  it('manages users, backs up, restores into an empty folder and verifies the audit chain', async () => {
    const env = {
      RAPPORTEUR_DATA_DIR: path.join(root, 'live'),
      RAPPORTEUR_ADMIN_PASSWORD: 'cli-admin-password',
    };
    expect((await runCli(['migrate'], env)).code).toBe(0);

    const created = await runCli(
      [
        'user',
        'create',
        'J.Doe',
        '--name',
        'Jane Doe',
        '--role',
        'reporter@EMB-FR',
        '--password',
        'first-password-1',
      ],
      env,
    );
    expect(created.output).toMatch(/created j\.doe/);
    const badRole = await runCli(
      [
        'user',
        'create',
        'x.y',
        '--name',
        'X',
        '--role',
        'reporter',
        '--password',
        'first-password-1',
      ],
      env,
    );
    expect(badRole.code).toBe(1);
    expect(badRole.output).toMatch(/roles\.0\.postId: a reporter acts for a post/);

    expect(
      (await runCli(['user', 'set-role', 'j.doe', 'approver@EMB-FR', 'reviewer@EUR'], env)).code,
    ).toBe(0);
    const listed = await runCli(['user', 'list'], env);
    expect(listed.output).toMatch(
      /^j\.doe\tJane Doe\tactive\tapprover@post:\d+, reviewer@region:\d+$/m,
    );

    const file = path.join(root, 'backup.ndjson.gz');
    const backup = await runCli(['backup', file], env);
    expect(backup.code).toBe(0);
    expect(fs.statSync(file).size).toBeGreaterThan(0);

    const restoredEnv = { RAPPORTEUR_DATA_DIR: path.join(root, 'restored') };
    const restore = await runCli(['restore', file], restoredEnv);
    expect(restore.output).toMatch(/audit chain intact/);
    expect((await runCli(['user', 'list'], restoredEnv)).output).toContain('j.doe\tJane Doe');
    const verify = await runCli(['audit', 'verify'], restoredEnv);
    expect(verify.code).toBe(0);
    expect(verify.output).toMatch(/audit log intact: \d+ entries verified/);

    const again = await runCli(['restore', file], restoredEnv);
    expect(again.code).toBe(1);
  }, 400_000);

  it('backs up the attachment files with the database, refuses a damaged backup leaving the new folder empty, and restores every file byte for byte', async () => {
    const live = path.join(root, 'with-files');
    const env = { RAPPORTEUR_DATA_DIR: live, RAPPORTEUR_ADMIN_PASSWORD: 'cli-admin-password' };
    // Text files, so the type check accepts them: one spans several lines of the backup.
    const contents = [
      Buffer.from('Witness statement, page 1 of 1.\n'),
      Buffer.from(
        randomBytes(150_000)
          .toString('base64')
          .replace(/(.{76})/g, '$1\n'),
      ),
    ];
    let server = await startServerProcess(env);
    const ids: string[] = [];
    try {
      const admin = await signInOver(server.url, 'admin', 'cli-admin-password');
      const created = await call(server.url, admin, 'POST', '/api/admin/users', {
        username: 'files.editor',
        displayName: 'Files Editor',
        password: 'files-editor-password',
        mustChangePassword: false,
        roles: [{ role: 'editor' }],
      });
      expect(created.status, created.bytes.toString()).toBe(201);
      const editor = await signInOver(server.url, 'files.editor', 'files-editor-password');
      const source = await call(server.url, editor, 'POST', '/api/sources', {
        type: 'ngo_io_report',
        publisher: 'Backup Watch',
        title: 'Files that must survive a restore',
        reliability: 'B',
      });
      expect(source.status, source.bytes.toString()).toBe(201);
      const sourceId = (JSON.parse(source.bytes.toString()) as { id: string }).id;
      for (const [i, content] of contents.entries()) {
        const form = new FormData();
        form.append('file', new Blob([content]), `statement-${i}.txt`);
        const uploaded = await call(
          server.url,
          editor,
          'POST',
          `/api/sources/${sourceId}/attachments`,
          form,
        );
        expect(uploaded.status, uploaded.bytes.toString()).toBe(201);
        ids.push((JSON.parse(uploaded.bytes.toString()) as { id: string }).id);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    const liveFiles = filesUnder(path.join(live, 'attachments'));
    expect(liveFiles).toHaveLength(2);

    const file = path.join(root, 'with-files.ndjson.gz');
    const backup = await runCli(['backup', file], env);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/2 attachment files \(\d+ bytes\)/);

    // One character of the large file's data changed: its SHA-256 no longer matches.
    const lines = gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const section = lines.findIndex(
      (l) => l.startsWith('{"file":') && (JSON.parse(l) as { size: number }).size > 100_000,
    );
    const data = lines[section + 2]!;
    lines[section + 2] = (data[0] === 'A' ? 'B' : 'A') + data.slice(1);
    const damaged = path.join(root, 'damaged.ndjson.gz');
    fs.writeFileSync(damaged, gzipSync(lines.join('\n')));

    const restoredDir = path.join(root, 'with-files-restored');
    const restoredEnv = { RAPPORTEUR_DATA_DIR: restoredDir };
    const refused = await runCli(['restore', damaged], restoredEnv);
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/is damaged in the backup/);
    expect(filesUnder(path.join(restoredDir, 'attachments'))).toEqual([]);

    // The same folder takes the good backup: a restore goes only into an empty database, so
    // nothing of the refused one was left behind there either.
    const restore = await runCli(['restore', file], restoredEnv);
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toMatch(/2 attachment files .*SHA-256 checked; audit chain intact/);
    expect(filesUnder(path.join(restoredDir, 'attachments'))).toEqual(liveFiles);

    server = await startServerProcess(restoredEnv);
    try {
      const editor = await signInOver(server.url, 'files.editor', 'files-editor-password');
      for (const [i, id] of ids.entries()) {
        const downloaded = await call(server.url, editor, 'GET', `/api/attachments/${id}`);
        expect(downloaded.status).toBe(200);
        expect(downloaded.bytes.equals(contents[i]!)).toBe(true);
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 600_000);
});
