// The server as an operator meets it: first start, a second process on the same folder,
// graceful shutdown, and kill -9 in the middle of a stream of writes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { backendsUnderTest } from '../helpers/backends.ts';
import { runCli, signInOver, startServerProcess } from './spawn.ts';

const ADMIN_PASSWORD = 'lifecycle-admin-password';
const tempDirs: string[] = [];
afterAll(() => {
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

function freshDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-life-'));
  tempDirs.push(dir);
  return dir;
}

describe('embedded database folder', () => {
  it('refuses a second process clearly while the server holds the folder, and is free again after a clean stop', async () => {
    const env = { RAPPORTEUR_DATA_DIR: freshDataDir(), RAPPORTEUR_ADMIN_PASSWORD: ADMIN_PASSWORD };
    const server = await startServerProcess(env);
    try {
      const second = await runCli(['user', 'list'], env);
      expect(second.code).toBe(1);
      expect(second.output).toMatch(/in use by another Rapporteur process \(pid \d+\)/);
      const again = await startServerProcess(env).then(
        (s) => {
          s.child.kill('SIGKILL');
          return 'started';
        },
        (err: Error) => err.message,
      );
      expect(again).toMatch(/in use by another Rapporteur process/);
    } finally {
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    const after = await runCli(['user', 'list'], env);
    expect(after.code).toBe(0);
    expect(after.output).toMatch(/^admin\tAdministrator\tactive\tadmin$/m);
  }, 300_000);

  it('prints a generated administrator password once on first start', async () => {
    const env = { RAPPORTEUR_DATA_DIR: freshDataDir() };
    const server = await startServerProcess(env);
    server.child.kill('SIGTERM');
    await server.exited;
    const match = /User name: admin\s+Password: (\S+)/.exec(server.output());
    expect(match).not.toBeNull();
    const restarted = await startServerProcess(env);
    try {
      expect(restarted.output()).not.toMatch(/Password:/);
      await signInOver(restarted.url, 'admin', match![1]!);
    } finally {
      restarted.child.kill('SIGTERM');
      await restarted.exited;
    }
  }, 300_000);
});

for (const backend of backendsUnderTest()) {
  describe(`kill -9 during a stream of writes [${backend.kind}]`, () => {
    it('keeps every acknowledged write and no partial one', async () => {
      const created = await backend.createDatabase();
      const env: Record<string, string> = {
        RAPPORTEUR_ADMIN_PASSWORD: ADMIN_PASSWORD,
        RAPPORTEUR_DATA_DIR: freshDataDir(),
      };
      if (created.url) env.DATABASE_URL = created.url;
      try {
        const server = await startServerProcess(env);
        const session = await signInOver(server.url, 'admin', ADMIN_PASSWORD);
        const acknowledged: string[] = [];
        let stop = false;
        const writers = [0, 1, 2].map(async (w) => {
          for (let i = 0; !stop; i++) {
            const code = `CRASH-${w}-${i}`;
            try {
              const res = await fetch(`${server.url}/api/admin/posts`, {
                method: 'POST',
                headers: {
                  'content-type': 'application/json',
                  cookie: session.cookie,
                  'x-csrf-token': session.csrfToken,
                },
                body: JSON.stringify({
                  code,
                  name: `Crash test post ${code}`,
                  kind: 'mission',
                  countryCode: 'NO',
                }),
              });
              if (res.status === 201) acknowledged.push(code);
            } catch {
              return; // the server is gone
            }
          }
        });
        while (acknowledged.length < 30) await new Promise((r) => setTimeout(r, 20));
        server.child.kill('SIGKILL');
        stop = true;
        await Promise.all(writers);
        await server.exited;

        const restarted = await startServerProcess(env);
        try {
          const admin = await signInOver(restarted.url, 'admin', ADMIN_PASSWORD);
          const headers = { cookie: admin.cookie };
          const posts = (await (await fetch(`${restarted.url}/api/posts`, { headers })).json()) as {
            items: { code: string }[];
          };
          const stored = new Set(
            posts.items.map((p) => p.code).filter((c) => c.startsWith('CRASH-')),
          );
          for (const code of acknowledged) expect(stored.has(code), code).toBe(true);
          const audit = (await (
            await fetch(`${restarted.url}/api/admin/audit/verify`, { headers })
          ).json()) as { ok: boolean };
          expect(audit.ok).toBe(true);
        } finally {
          restarted.child.kill('SIGTERM');
          await restarted.exited;
        }
      } finally {
        await created.drop();
      }
    }, 300_000);
  });
}
