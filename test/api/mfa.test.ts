// Second factors as users meet them, on a fixed clock: enrolling an authenticator app (QR code,
// confirmation, ten recovery codes shown once and stored hashed), the two-step sign-in with the
// session id rotated at step-up, wrong and reused codes refused and counted toward the lockout,
// a lost device (a recovery code works once), and enrolment required by the admin setting.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import * as OTPAuth from 'otpauth';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/raw.ts';
import { Keyring, keyringFileOf } from '../../src/modules/protected/keyring.ts';
import { rotateKeys } from '../../src/modules/protected/service.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import {
  ADMIN_PASSWORD,
  as,
  buildTestApp,
  makeUser,
  signIn,
  type Session,
} from '../helpers/app.ts';

const STEP = 30_000;

function codeAt(secret: string, at: number) {
  return OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secret), timestamp: at });
}

function sessionFrom(res: {
  cookies: { name: string; value: string }[];
  json(): unknown;
}): Session {
  const c = res.cookies.find((x) => x.name === 'rapporteur_session')!;
  return {
    cookie: `${c.name}=${c.value}`,
    csrfToken: (res.json() as { user: { csrfToken: string } }).user.csrfToken,
  };
}

describeEachBackend('second factors', (getDb) => {
  let app: FastifyInstance;
  // A fixed clock at the start of the current 30-second step; tests move it by whole steps.
  let now: number;
  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
  });
  afterAll(() => app?.close());
  beforeEach(() => {
    now = Math.floor(Date.now() / STEP) * STEP + 1000;
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(now);
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const tick = (steps = 1) => {
    now += steps * STEP;
    vi.setSystemTime(now);
  };

  /** A user with an authenticator app set up; returns its secret and recovery codes. */
  async function enrolled() {
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    const session = await signIn(app, user.username, user.password);
    const setup = await as(app, session, 'POST', '/api/auth/mfa/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, uri, qrCode } = setup.json();
    const confirm = await as(app, session, 'POST', '/api/auth/mfa/totp/confirm', {
      code: codeAt(secret, now),
    });
    expect(confirm.statusCode).toBe(200);
    return { user, secret, uri, qrCode, recoveryCodes: confirm.json().recoveryCodes as string[] };
  }

  async function passwordStep(username: string, password: string) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.stage).toBe('mfa');
    return sessionFrom(res);
  }

  it('enrols an authenticator app with a QR code and gives ten recovery codes, stored only as argon2 hashes', async () => {
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    const session = await signIn(app, user.username, user.password);
    const setup = (await as(app, session, 'POST', '/api/auth/mfa/totp/setup')).json();
    expect(setup.uri).toMatch(/^otpauth:\/\/totp\/Rapporteur:/);
    expect(setup.qrCode).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(setup.qrCode.split(',')[1], 'base64').toString()).toContain('<svg');
    const wrong = await as(app, session, 'POST', '/api/auth/mfa/totp/confirm', { code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('code');
    const ok = await as(app, session, 'POST', '/api/auth/mfa/totp/confirm', {
      code: codeAt(setup.secret, now),
    });
    expect(ok.statusCode).toBe(200);
    const codes: string[] = ok.json().recoveryCodes;
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    const stored = await queryRows<{ code_hash: string }>(
      getDb().handle.db,
      sql`select code_hash from recovery_codes where user_id = ${user.id}`,
    );
    expect(stored).toHaveLength(10);
    for (const row of stored) {
      expect(row.code_hash).toMatch(/^\$argon2id\$/);
      expect(codes.some((c) => row.code_hash.includes(c))).toBe(false);
    }
    const status = (await as(app, session, 'GET', '/api/auth/mfa')).json();
    expect(status).toMatchObject({ totp: true, recoveryCodesLeft: 10, webauthn: [] });
  });

  it('makes sign-in two steps: nothing but the second factor until then, and a new session id after', async () => {
    const { user, secret } = await enrolled();
    tick();
    const partial = await passwordStep(user.username, user.password);
    const me = (await as(app, partial, 'GET', '/api/auth/me')).json();
    expect(me).toMatchObject({ stage: 'mfa', permissions: ['authenticated'] });
    const blocked = await as(app, partial, 'GET', '/api/posts');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().detail).toMatch(/second factor/);
    const verified = await as(app, partial, 'POST', '/api/auth/mfa/totp/verify', {
      code: codeAt(secret, now),
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json().user).toMatchObject({ stage: 'full', method: 'password+totp' });
    const full = sessionFrom(verified);
    expect(full.cookie).not.toBe(partial.cookie);
    expect((await as(app, full, 'GET', '/api/posts')).statusCode).toBe(200);
    // The pre-step-up session id is worth nothing now.
    expect((await as(app, partial, 'GET', '/api/auth/me')).statusCode).toBe(401);
  });

  it('refuses a wrong code and a code used before, and counts both toward the lockout', async () => {
    const { user, secret } = await enrolled();
    // The code that confirmed enrolment cannot sign in within the same step.
    const partial = await passwordStep(user.username, user.password);
    const reused = await as(app, partial, 'POST', '/api/auth/mfa/totp/verify', {
      code: codeAt(secret, now),
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().errors[0].message).toMatch(/used already/);
    for (let i = 0; i < 4; i++) {
      const wrong = await as(app, partial, 'POST', '/api/auth/mfa/totp/verify', {
        code: codeAt(secret, now - 5 * STEP),
      });
      expect(wrong.statusCode).toBe(400);
    }
    // Five failures: locked, even for the right code of the next step.
    tick();
    const locked = await as(app, partial, 'POST', '/api/auth/mfa/totp/verify', {
      code: codeAt(secret, now),
    });
    expect(locked.statusCode).toBe(429);
    const [row] = await queryRows<{ n: number }>(
      getDb().handle.db,
      sql`select count(*)::int as n from audit_log where action = 'auth.mfa_failed' and entity_id = ${user.id}`,
    );
    expect(row?.n).toBe(5);
  });

  it('after a lost device, a recovery code signs in once and only once', async () => {
    const { user, recoveryCodes } = await enrolled();
    const code = recoveryCodes[3]!;
    const first = await passwordStep(user.username, user.password);
    const ok = await as(app, first, 'POST', '/api/auth/mfa/recovery/verify', {
      code: code.toUpperCase().replace('-', ' '),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.method).toBe('password+recovery');
    const second = await passwordStep(user.username, user.password);
    const again = await as(app, second, 'POST', '/api/auth/mfa/recovery/verify', { code });
    expect(again.statusCode).toBe(400);
    const full = sessionFrom(ok);
    expect((await as(app, full, 'GET', '/api/auth/mfa')).json().recoveryCodesLeft).toBe(9);
  });

  it('when the admin requires MFA, a user without a factor is led through enrolment and then let in', async () => {
    const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    const current = (await as(app, admin, 'GET', '/api/admin/settings/sign-in')).json();
    const set = await as(app, admin, 'PUT', '/api/admin/settings/sign-in', {
      mfaRequired: 'all',
      systemNotice: 'Authorised use only. Activity is logged.',
      version: current.version,
    });
    expect(set.statusCode).toBe(200);
    const stale = await as(app, admin, 'PUT', '/api/admin/settings/sign-in', {
      mfaRequired: 'off',
      systemNotice: 'x',
      version: current.version,
    });
    expect(stale.statusCode).toBe(409);
    try {
      const options = (await app.inject({ method: 'GET', url: '/api/auth/options' })).json();
      expect(options.systemNotice).toBe('Authorised use only. Activity is logged.');
      const user = await makeUser(getDb().handle, [{ role: 'editor' }]);
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: user.username, password: user.password },
      });
      expect(res.json().user.stage).toBe('enrol');
      const enrolling = sessionFrom(res);
      expect((await as(app, enrolling, 'GET', '/api/incidents')).statusCode).toBe(403);
      const setup = (await as(app, enrolling, 'POST', '/api/auth/mfa/totp/setup')).json();
      const confirmed = await as(app, enrolling, 'POST', '/api/auth/mfa/totp/confirm', {
        code: codeAt(setup.secret, now),
      });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json().user.stage).toBe('full');
      expect(confirmed.json().recoveryCodes).toHaveLength(10);
      const full = sessionFrom(confirmed);
      expect(full.cookie).not.toBe(enrolling.cookie);
      expect((await as(app, full, 'GET', '/api/incidents')).statusCode).toBe(200);
      expect((await as(app, enrolling, 'GET', '/api/auth/me')).statusCode).toBe(401);
    } finally {
      const latest = (await as(app, admin, 'GET', '/api/admin/settings/sign-in')).json();
      await as(app, admin, 'PUT', '/api/admin/settings/sign-in', {
        mfaRequired: 'off',
        systemNotice: latest.systemNotice,
        version: latest.version,
      });
    }
  });

  it('removing a factor asks for the password again; an admin can reset a user who lost everything', async () => {
    const { user } = await enrolled();
    tick();
    const admin = await signIn(app, 'admin', ADMIN_PASSWORD);
    const partial = await passwordStep(user.username, user.password);
    expect((await as(app, admin, 'POST', `/api/admin/users/${user.id}/mfa/reset`)).statusCode).toBe(
      204,
    );
    // The reset ended the waiting session; the next sign-in needs no second factor.
    expect((await as(app, partial, 'GET', '/api/auth/me')).statusCode).toBe(401);
    const plain = await signIn(app, user.username, user.password);
    expect((await as(app, plain, 'GET', '/api/auth/me')).json().stage).toBe('full');
    const setup = (await as(app, plain, 'POST', '/api/auth/mfa/totp/setup')).json();
    await as(app, plain, 'POST', '/api/auth/mfa/totp/confirm', { code: codeAt(setup.secret, now) });
    const noPassword = await as(app, plain, 'POST', '/api/auth/mfa/totp/remove', {
      currentPassword: 'not-my-password',
    });
    expect(noPassword.statusCode).toBe(400);
    const removed = await as(app, plain, 'POST', '/api/auth/mfa/totp/remove', {
      currentPassword: user.password,
    });
    expect(removed.statusCode).toBe(204);
  });

  it('with a data key, stores the TOTP secret sealed (AES-256-GCM) and still accepts its codes', async () => {
    const keyed = await buildTestApp(getDb().handle, {
      RAPPORTEUR_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    try {
      const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
      const session = await signIn(keyed, user.username, user.password);
      const { secret } = (await as(keyed, session, 'POST', '/api/auth/mfa/totp/setup')).json();
      const [row] = await queryRows<{ secret: string }>(
        getDb().handle.db,
        sql`select secret from totp_factors where user_id = ${user.id}`,
      );
      expect(row?.secret).toMatch(/^enc:env-[0-9a-f]{16}:/);
      expect(row?.secret).not.toContain(secret);
      const confirmed = await as(keyed, session, 'POST', '/api/auth/mfa/totp/confirm', {
        code: codeAt(secret, now),
      });
      expect(confirmed.statusCode).toBe(200);
    } finally {
      await keyed.close();
    }
  });

  it('key rotation seals every TOTP secret again under the new key, so the old key is retired and codes still verify', async () => {
    const handle = getDb().handle;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-totp-rotation-'));
    // The test before sealed a secret under an environment key: rotation must read every secret
    // (it stops, changing nothing, at one it cannot open), so that key is known here too.
    const keyring = new Keyring({
      file: keyringFileOf(dataDir),
      previousEnvKeys: Buffer.alloc(32, 7).toString('base64'),
    });
    const oldKey = keyring.addActiveKey();
    const keyed = await buildTestApp(handle, { RAPPORTEUR_DATA_DIR: dataDir });
    const secretOf = async (userId: string) =>
      (
        await queryRows<{ secret: string }>(
          handle.db,
          sql`select secret from totp_factors where user_id = ${userId}`,
        )
      )[0]!.secret;
    try {
      // One secret sealed under the old key, one kept in clear (enrolled before any key).
      const clear = await enrolled();
      expect(await secretOf(clear.user.id)).toBe(clear.secret);
      const user = await makeUser(handle, [{ role: 'analyst' }]);
      const session = await signIn(keyed, user.username, user.password);
      const { secret } = (await as(keyed, session, 'POST', '/api/auth/mfa/totp/setup')).json();
      const confirmed = await as(keyed, session, 'POST', '/api/auth/mfa/totp/confirm', {
        code: codeAt(secret, now),
      });
      expect(confirmed.statusCode).toBe(200);
      const before = await secretOf(user.id);
      expect(before.startsWith(`enc:${oldKey}:`)).toBe(true);

      const report = await rotateKeys(handle.db, keyring, systemActor('test'), { batchSize: 1 });
      expect(report.activeKey).not.toBe(oldKey);
      expect(report.totpReencrypted).toBeGreaterThanOrEqual(2);
      expect(report.retiredKeys).toContain(oldKey);
      expect(fs.readFileSync(keyringFileOf(dataDir), 'utf8')).not.toContain(oldKey);
      const after = await secretOf(user.id);
      expect(after.startsWith(`enc:${report.activeKey}:`)).toBe(true);
      expect(after).not.toBe(before);
      const sealedClear = await secretOf(clear.user.id);
      expect(sealedClear.startsWith(`enc:${report.activeKey}:`)).toBe(true);
      expect(sealedClear).not.toContain(clear.secret);
      const [left] = await queryRows<{ n: number }>(
        handle.db,
        sql`select count(*)::int as n from totp_factors where secret not like ${`enc:${report.activeKey}:%`}`,
      );
      expect(left!.n).toBe(0);

      // With the old key gone, both users still sign in with their authenticator's codes.
      tick();
      for (const who of [
        { username: user.username, password: user.password, secret },
        { username: clear.user.username, password: clear.user.password, secret: clear.secret },
      ]) {
        const partial = await passwordStep(who.username, who.password);
        const verified = await as(keyed, partial, 'POST', '/api/auth/mfa/totp/verify', {
          code: codeAt(who.secret, now),
        });
        expect(verified.statusCode, verified.body).toBe(200);
        expect(verified.json().user).toMatchObject({ stage: 'full', method: 'password+totp' });
      }
    } finally {
      await keyed.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
