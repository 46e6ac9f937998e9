// Common and breached passwords are refused wherever a password is set (ASVS 6.2.4, 6.2.12):
// by an administrator creating a user or resetting a password, and by users changing their
// own. The answer names the field and says why; nothing is written. Passphrases pass.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import {
  ADMIN_PASSWORD,
  as,
  buildTestApp,
  makeUser,
  signIn,
  type Session,
} from '../helpers/app.ts';

/** Listed as they are, or disguised by trailing digits and symbols or by repetition. */
const COMMON = ['1qaz2wsx3edc', 'qwerty123456', 'Password2024!', 'iloveyou1234', 'abcabcabcabc'];
const REASON = /most often used and leaked/;

describeEachBackend('common and breached passwords', (getDb) => {
  let app: FastifyInstance;
  let admin: Session;

  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
    admin = await signIn(app, 'admin', ADMIN_PASSWORD);
  }, 60_000);
  afterAll(() => app?.close());

  const userCount = async () =>
    Number(
      (await queryRows<{ n: string }>(getDb().handle.db, sql`select count(*) as n from users`))[0]!
        .n,
    );

  it('refuses them when an administrator creates a user, naming the field, and creates nobody', async () => {
    const before = await userCount();
    for (const [i, password] of COMMON.entries()) {
      const res = await as(app, admin, 'POST', '/api/admin/users', {
        username: `common-${i}`,
        displayName: 'Common password',
        password,
        mustChangePassword: false,
        roles: [{ role: 'analyst' }],
      });
      expect(res.statusCode, `${password}: ${res.body}`).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json().errors).toEqual([
        { field: 'password', message: expect.stringMatching(REASON) },
      ]);
    }
    expect(await userCount()).toBe(before);
    const passphrase = await as(app, admin, 'POST', '/api/admin/users', {
      username: 'passphrase-user',
      displayName: 'Passphrase',
      password: 'lantern orbit pebble cascade',
      mustChangePassword: false,
      roles: [{ role: 'analyst' }],
    });
    expect(passphrase.statusCode, passphrase.body).toBe(201);
  });

  it('refuses them when users change their own password or an administrator resets one, and the old one still works', async () => {
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    const session = await signIn(app, user.username, user.password);
    for (const password of COMMON) {
      const res = await as(app, session, 'POST', '/api/auth/password', {
        currentPassword: user.password,
        newPassword: password,
      });
      expect(res.statusCode, `${password}: ${res.body}`).toBe(400);
      expect(res.json().errors).toEqual([
        { field: 'newPassword', message: expect.stringMatching(REASON) },
      ]);
      const reset = await as(app, admin, 'POST', `/api/admin/users/${user.id}/reset-password`, {
        password,
      });
      expect(reset.statusCode, `${password}: ${reset.body}`).toBe(400);
      expect(reset.json().errors[0].field).toBe('password');
    }
    await signIn(app, user.username, user.password);
  });
});
