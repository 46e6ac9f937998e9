// An administrator's command-line session on the embedded database: create and re-role a
// user, back the database up, restore it into a new folder, and verify the audit chain there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './spawn.ts';

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
});
