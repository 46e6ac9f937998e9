// Disk full on the data folder, for real: the attachments folder is a 2 MB tmpfs, and files are
// uploaded until it is full. The upload that does not fit answers 507 problem+json in plain
// words, leaves no partial file and no record; every record still has its file; and once space
// is freed (an attachment deleted), uploads work again. Mounting needs root (CI runs as root);
// without root the test cannot run, and its name and docs/security.md say so.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, uploadFile, type Session } from '../helpers/app.ts';

const isRoot = process.getuid?.() === 0;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A distinct plain-text file of about `bytes` bytes (random, so no two share a stored copy). */
const textFile = (bytes: number) =>
  Buffer.from(
    randomBytes(Math.ceil((bytes * 3) / 4))
      .toString('base64')
      .slice(0, bytes),
  );

function filesUnder(root: string): string[] {
  return fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describeEachBackend('disk full on the attachments folder', (getDb) => {
  let app: FastifyInstance | undefined;
  let dataDir: string;
  let mountPoint: string;
  let mounted = false;
  let editor: Session;
  let sourceId: string;

  const upload = (content: Buffer, name: string) =>
    uploadFile(app!, editor, `/api/sources/${sourceId}/attachments`, name, content, 'text/plain');

  beforeAll(async () => {
    if (!isRoot) return;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-disk-full-'));
    mountPoint = path.join(dataDir, 'attachments');
    fs.mkdirSync(mountPoint);
    // Root, so this must work: a failure here fails the test rather than skipping it.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', mountPoint]);
    mounted = true;
    const handle = getDb().handle;
    app = await buildTestApp(handle, { RAPPORTEUR_DATA_DIR: dataDir });
    const user = await makeUser(handle, [{ role: 'editor' }]);
    editor = await signIn(app, user.username, user.password);
    const source = await as(app, editor, 'POST', '/api/sources', {
      type: 'ngo_io_report',
      publisher: 'Disk Watch',
      title: 'Files for a full disk',
      reliability: 'B',
    });
    expect(source.statusCode, source.body).toBe(201);
    sourceId = source.json().id;
  });

  afterAll(async () => {
    await app?.close();
    if (mounted) execFileSync('umount', [mountPoint]);
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it.skipIf(!isRoot)(
    `answers 507 problem+json when the data folder is full, leaves no partial file or dangling record, and uploads again once space is freed${isRoot ? '' : ' (NOT RUN: mounting a tmpfs needs root)'}`,
    async () => {
      const uploaded: { id: string; content: Buffer }[] = [];
      let refused: Awaited<ReturnType<typeof upload>> | undefined;
      for (let i = 0; i < 12 && !refused; i++) {
        const content = textFile(450_000);
        const res = await upload(content, `statement-${i}.txt`);
        if (res.statusCode === 201) uploaded.push({ id: res.json().id, content });
        else refused = res;
      }
      // 2 MB holds a few 450 kB files, not twelve.
      expect(uploaded.length).toBeGreaterThanOrEqual(2);
      expect(refused, 'the disk never filled').toBeDefined();
      expect(refused!.statusCode, refused!.body).toBe(507);
      expect(refused!.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused!.json()).toMatchObject({
        status: 507,
        title: 'Insufficient storage',
        detail: expect.stringMatching(/no space left on its disk.*nothing was saved/),
      });

      // Still full: refused again, the same way, and nothing is recorded for either attempt.
      expect((await upload(textFile(450_000), 'again.txt')).statusCode).toBe(507);
      const listed = await as(app!, editor, 'GET', `/api/sources/${sourceId}/attachments`);
      const items = listed.json().items as { id: string; sha256: string }[];
      expect(items.map((a) => a.id).sort()).toEqual(uploaded.map((u) => u.id).sort());

      // No partial file in the folder; every record's file is there, whole.
      const files = filesUnder(mountPoint);
      expect(files.filter((f) => !/\/[0-9a-f]{64}$/.test(f))).toEqual([]);
      expect(files.map((f) => path.basename(f)).sort()).toEqual(items.map((a) => a.sha256).sort());
      for (const f of files) expect(sha256(fs.readFileSync(f))).toBe(path.basename(f));

      // Space freed: the next upload is stored and reads back byte for byte.
      const removed = await as(app!, editor, 'DELETE', `/api/attachments/${uploaded[0]!.id}`);
      expect(removed.statusCode).toBe(204);
      const content = textFile(300_000);
      const after = await upload(content, 'after.txt');
      expect(after.statusCode, after.body).toBe(201);
      const downloaded = await as(app!, editor, 'GET', `/api/attachments/${after.json().id}`);
      expect(downloaded.statusCode).toBe(200);
      expect(downloaded.rawPayload.equals(content)).toBe(true);
    },
    120_000,
  );
});
