// The administrator's side of protected victim details, on real processes: the server
// encrypts under a keyring file it makes itself; `rapporteur keys rotate` is refused while the
// server holds the embedded data folder, then re-encrypts every row once it is stopped; the
// details still read after a restart; and not one line the server or the CLI printed (at
// debug level) contains the victim's name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, signInOver, startServerProcess, type ServerProcess } from './spawn.ts';

const VICTIM = 'Oriane Vassquelt-Dumarais';
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-keys-'));
const running: ServerProcess[] = [];
afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

async function stop(server: ServerProcess) {
  server.child.kill('SIGTERM');
  await server.exited;
}

describe('rapporteur keys rotate', () => {
  it('re-encrypts every protected row under a new key, respects the data-folder lock, and never logs a name', async () => {
    const env = {
      RAPPORTEUR_DATA_DIR: path.join(root, 'data'),
      RAPPORTEUR_ADMIN_PASSWORD: 'keys-admin-password',
      LOG_LEVEL: 'debug',
    };
    const outputs: string[] = [];
    expect((await runCli(['migrate'], env)).code).toBe(0);

    let server = await startServerProcess(env);
    running.push(server);
    const call = async (
      session: { cookie: string; csrfToken: string },
      method: string,
      url: string,
      body?: unknown,
    ) => {
      const res = await fetch(`${server.url}${url}`, {
        method,
        headers: {
          cookie: session.cookie,
          'x-csrf-token': session.csrfToken,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      return { status: res.status, text, json: () => JSON.parse(text) };
    };

    const admin = await signInOver(server.url, 'admin', 'keys-admin-password');
    const posts = (await call(admin, 'GET', '/api/posts')).json();
    const paris = (posts.items ?? posts).find((p: { code: string }) => p.code === 'EMB-FR').id;
    const user = await call(admin, 'POST', '/api/admin/users', {
      username: 'k.reporter',
      displayName: 'Key Reporter',
      password: 'reporter-password-1',
      mustChangePassword: false,
      roles: [{ role: 'reporter', postId: paris }],
    });
    expect(user.status, user.text).toBe(201);
    const grant = await call(admin, 'POST', '/api/protected-grants', {
      userId: user.json().id,
      postId: paris,
    });
    expect(grant.status, grant.text).toBe(201);

    let reporter = await signInOver(server.url, 'k.reporter', 'reporter-password-1');
    const incident = await call(reporter, 'POST', '/api/incidents', {
      postId: paris,
      title: 'Forced labour in a restaurant kitchen',
      categories: ['forced_labour'],
      occurredStart: '2026-04-01',
      datePrecision: 'day',
    });
    expect(incident.status, incident.text).toBe(201);
    const id = incident.json().id;
    const added = await call(reporter, 'POST', `/api/incidents/${id}/protected-details`, {
      role: 'victim',
      fullName: VICTIM,
      contact: 'via the post’s social worker',
    });
    expect(added.status, added.text).toBe(201);
    // A refused request carrying the name in its body.
    const refused = await call(reporter, 'POST', `/api/incidents/${id}/protected-details`, {
      role: 'victim',
      fullName: VICTIM,
      victimName: VICTIM,
    });
    expect(refused.status).toBe(400);
    expect(refused.text).not.toContain(VICTIM);
    expect((await call(reporter, 'GET', `/api/incidents/${id}/protected-details`)).text).toContain(
      VICTIM,
    );

    const keyFile = path.join(env.RAPPORTEUR_DATA_DIR, 'keys', 'data-keys.json');
    const firstKey = JSON.parse(fs.readFileSync(keyFile, 'utf8')).active as string;

    // The embedded database is the server's while it runs.
    const locked = await runCli(['keys', 'rotate'], env);
    outputs.push(locked.output);
    expect(locked.code).toBe(1);
    expect(locked.output).toMatch(/stop it first/);

    await stop(server);
    outputs.push(server.output());

    const rotated = await runCli(['keys', 'rotate', '--batch-size', '1'], env);
    outputs.push(rotated.output);
    expect(rotated.code, rotated.output).toBe(0);
    expect(rotated.output).toMatch(
      new RegExp(`re-encrypted 1 rows under key k-\\S+; retired ${firstKey}`),
    );
    const listed = await runCli(['keys', 'list'], env);
    outputs.push(listed.output);
    expect(listed.output).toMatch(/\t1 rows\tavailable/);
    expect(listed.output).not.toContain(firstKey);

    server = await startServerProcess(env);
    running.push(server);
    reporter = await signInOver(server.url, 'k.reporter', 'reporter-password-1');
    const read = await call(reporter, 'GET', `/api/incidents/${id}/protected-details`);
    expect(read.status, read.text).toBe(200);
    expect(read.json().items[0].fullName).toBe(VICTIM);
    await stop(server);
    outputs.push(server.output());

    const everything = outputs.join('\n');
    expect(everything).toMatch(/protected-details/); // the requests were logged…
    expect(everything).not.toContain(VICTIM); // …the name never was
    expect(everything).not.toContain('Vassquelt');
  }, 900_000);
});
