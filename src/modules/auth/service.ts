// Sign-in, sessions, password change and API tokens. Session and token secrets are random
// 256-bit values; only their SHA-256 is stored, so a copy of the database opens no session.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Config } from '../../config.ts';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import type { SessionStage } from '../../db/schema/identity.ts';
import {
  Forbidden,
  Invalid,
  NotFound,
  TooManyAttempts,
  Unauthorized,
} from '../../domain/errors.ts';
import { PERMISSIONS, can, type Permission, type Principal } from '../../domain/policy.ts';
import { checkPasswordRules, hashPassword, verifyPassword } from './passwords.ts';
import * as q from './queries.ts';
import { getSignInSettings } from './settings.ts';

export interface AuthDeps {
  db: Database;
  config: Config;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

/** Failures before the account is locked, and how the lock grows after that. */
export const LOCKOUT_THRESHOLD = 5;
export function lockoutDelaySeconds(failures: number): number {
  if (failures < LOCKOUT_THRESHOLD) return 0;
  return Math.min(60 * 2 ** (failures - LOCKOUT_THRESHOLD), 3600);
}

const GENERIC_FAILURE = 'The user name or password is wrong.';

export interface LoginInput {
  username: string;
  password: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
  /** The session the browser had before (if any): it ends, the new one replaces it. */
  replacesSessionId?: string | undefined;
}

/** Whether this user name may sign in with a password under the current configuration. */
export function localLoginAllowed(config: Config, username: string): boolean {
  return config.localLogin || config.breakGlassUsers.includes(username.toLowerCase());
}

export async function login({ db, config }: AuthDeps, input: LoginInput) {
  const now = new Date();
  if (!localLoginAllowed(config, input.username))
    throw new Forbidden(
      'Sign-in with a password is switched off here: use the single sign-on button.',
    );
  const user = await q.findUserByUsername(db, input.username);
  if (user?.lockedUntil && user.lockedUntil > now) {
    const wait = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
    // Still check the password so a locked account costs an attacker as much time as any other.
    await verifyPassword(user.passwordHash, input.password);
    throw new TooManyAttempts(`Too many failed sign-ins. Try again in ${wait} seconds.`, wait);
  }
  const ok = await verifyPassword(user?.active ? user.passwordHash : null, input.password);
  const actor: Actor = {
    id: user?.id ?? null,
    label: input.username.toLowerCase(),
    requestId: input.requestId,
  };
  if (!user || !ok) {
    await db.transaction(async (tx) => {
      if (user) {
        const delay = lockoutDelaySeconds(user.failedLogins + 1);
        await q.recordFailedLogin(
          tx,
          user.id,
          delay ? new Date(now.getTime() + delay * 1000) : null,
        );
      }
      await appendAudit(tx, actor, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        changes: { ip: input.ip ?? null },
      });
    });
    throw new Unauthorized(GENERIC_FAILURE);
  }
  const stage = await stageFor(db, user.id, false);
  const session = await db.transaction(async (tx) => {
    await q.clearFailedLogins(tx, user.id);
    if (input.replacesSessionId) await q.revokeSession(tx, input.replacesSessionId, now);
    const started = await startSession(tx, config, {
      userId: user.id,
      stage,
      method: 'password',
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await appendAudit(tx, actor, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      changes: { ip: input.ip ?? null, method: 'password', stage },
    });
    return started;
  });
  return { ...session, userId: user.id, stage };
}

/** Minutes a partial session (second factor or enrolment pending) lives. */
export const PARTIAL_SESSION_MINUTES = { mfa: 10, enrol: 30 } as const;

export interface StartSession {
  userId: string;
  stage: SessionStage;
  method: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
}

/** A new session with fresh random identifiers: every sign-in and step-up gets its own. */
export async function startSession(tx: Executor, config: Config, input: StartSession) {
  const now = new Date();
  const token = newSecret();
  const csrfToken = newSecret();
  const lifetimeMs =
    input.stage === 'full'
      ? config.sessionAbsoluteHours * 3600_000
      : PARTIAL_SESSION_MINUTES[input.stage] * 60_000;
  await q.insertSession(tx, {
    id: sha256(token),
    userId: input.userId,
    csrfToken,
    expiresAt: new Date(now.getTime() + lifetimeMs),
    ip: input.ip ?? null,
    userAgent: input.userAgent?.slice(0, 300) ?? null,
    stage: input.stage,
    method: input.method,
  });
  return { token, csrfToken, stage: input.stage, maxAgeSeconds: Math.floor(lifetimeMs / 1000) };
}

/**
 * What a sign-in with the first factor leads to: the second-factor step when the user has one,
 * enrolment when MFA is required of them and they have none, else a full session. A sign-in
 * whose identity provider already asserted multi-factor authentication counts as complete.
 */
export async function stageFor(
  db: Executor,
  userId: string,
  multiFactorAlready: boolean,
): Promise<SessionStage> {
  if (multiFactorAlready) return 'full';
  const factors = await q.factorsOfUser(db, userId);
  if (factors.totp || factors.webauthn) return 'mfa';
  return (await mfaRequiredFor(db, userId)) ? 'enrol' : 'full';
}

export async function mfaRequiredFor(db: Executor, userId: string): Promise<boolean> {
  const { mfaRequired } = await getSignInSettings(db);
  if (mfaRequired === 'off') return false;
  if (mfaRequired === 'all') return true;
  // 'protected': whoever can see protected victim details, and admins, who grant that access.
  const roles = await q.rolesOfUser(db, userId);
  return roles.some((r) => r.role === 'admin') || (await q.hasProtectedGrant(db, userId));
}

/**
 * The second factor (or enrolment) is done: the partial session ends and a full one with new
 * identifiers replaces it, so a session id seen before the step-up is worth nothing after it.
 */
export async function completeStepUp(
  tx: Executor,
  config: Config,
  partial: {
    sessionId: string;
    userId: string;
    method: string;
    ip?: string | undefined;
    userAgent?: string | undefined;
  },
  factor: string,
) {
  await q.revokeSession(tx, partial.sessionId, new Date());
  return startSession(tx, config, {
    userId: partial.userId,
    stage: 'full',
    method: `${partial.method.split('+')[0]}+${factor}`,
    ip: partial.ip,
    userAgent: partial.userAgent,
  });
}

export async function principalFor(
  db: Database,
  userId: string,
  via: Principal['via'],
): Promise<Principal | undefined> {
  const user = await q.findUserById(db, userId);
  if (!user || !user.active) return undefined;
  const roles = await q.rolesOfUser(db, userId);
  return {
    userId: user.id,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    roles,
    via,
    mustChangePassword: user.mustChangePassword,
  };
}

type UserWithRoles = NonNullable<Awaited<ReturnType<typeof q.findApiTokenWithUser>>>['user'];

/** The principal of a user row loaded with its roles; none for a deactivated user. */
function principalOfRow(user: UserWithRoles, via: Principal['via']): Principal | undefined {
  if (!user.active) return undefined;
  return {
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    email: user.email,
    roles: user.roles,
    via,
    mustChangePassword: user.mustChangePassword,
  };
}

export interface ResolvedSession {
  principal: Principal;
  sessionId: string;
  csrfToken: string;
  stage: SessionStage;
  method: string;
}

/** The session behind a cookie value, if it is live: not revoked, not expired, not idle too long. */
export async function resolveSession(
  { db, config }: AuthDeps,
  token: string,
): Promise<ResolvedSession | undefined> {
  const now = new Date();
  const session = await q.findLiveSessionWithUser(db, sha256(token), now);
  if (!session) return undefined;
  const idleMs = now.getTime() - session.lastSeenAt.getTime();
  if (idleMs > config.sessionIdleMinutes * 60_000) {
    await q.revokeSession(db, session.id, now);
    return undefined;
  }
  const found = principalOfRow(session.user, 'session');
  if (!found) return undefined;
  // A partial session (second factor pending) acts with no role at all.
  const principal = session.stage === 'full' ? found : { ...found, roles: [] };
  // Sliding idle window, written at most once a minute to keep reads cheap.
  if (idleMs > 60_000) await q.touchSession(db, session.id, now);
  return {
    principal,
    sessionId: session.id,
    csrfToken: session.csrfToken,
    stage: session.stage,
    method: session.method,
  };
}

export function csrfTokenMatches(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function logout({ db }: AuthDeps, sessionId: string, actor: Actor) {
  await db.transaction(async (tx) => {
    await q.revokeSession(tx, sessionId, new Date());
    await appendAudit(tx, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.id });
  });
}

export async function changePassword(
  { db }: AuthDeps,
  actor: Actor & { id: string },
  input: { currentPassword: string; newPassword: string; keepSessionId?: string | undefined },
) {
  const user = await q.findUserById(db, actor.id);
  if (!user) throw new NotFound('user not found');
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw Invalid.field('currentPassword', 'is not your current password');
  }
  checkPasswordRules(input.newPassword, 'newPassword');
  if (input.newPassword === input.currentPassword)
    throw Invalid.field('newPassword', 'must differ from the current password');
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await q.setPassword(tx, user.id, passwordHash, false);
    // Every other session ends: whoever knew the old password is signed out (ASVS 7.4.3).
    await q.revokeUserSessions(tx, user.id, new Date(), input.keepSessionId);
    await appendAudit(tx, actor, {
      action: 'auth.password_changed',
      entityType: 'user',
      entityId: user.id,
    });
  });
}

/** The signed-in user as the web app sees them: built from what authentication loaded. */
export function describeMe(
  principal: Principal,
  csrfToken: string,
  stage: SessionStage = 'full',
  method = 'password',
) {
  const permissions = (Object.keys(PERMISSIONS) as Permission[]).filter(
    (p) => p !== 'public' && can(principal, p),
  );
  return {
    id: principal.userId,
    username: principal.username,
    displayName: principal.displayName,
    email: principal.email ?? null,
    mustChangePassword: principal.mustChangePassword ?? false,
    csrfToken,
    stage,
    method,
    roles: principal.roles.map((r) => ({
      role: r.role,
      postId: r.postId,
      postName: r.postName ?? null,
      regionId: r.regionId,
      regionName: r.regionName ?? null,
    })),
    permissions,
  };
}

// API tokens: "rpt_" + secret. The prefix shown in lists is the first characters only.
export async function createApiToken(
  { db }: AuthDeps,
  actor: Actor & { id: string },
  input: { name: string; scopes: ('read' | 'write')[]; expiresAt?: Date | undefined },
) {
  const secret = `rpt_${newSecret()}`;
  const row = await db.transaction(async (tx) => {
    const created = await q.insertApiToken(tx, {
      userId: actor.id,
      name: input.name,
      tokenHash: sha256(secret),
      prefix: secret.slice(0, 10),
      scopes: input.scopes,
      expiresAt: input.expiresAt ?? null,
    });
    await appendAudit(tx, actor, {
      action: 'token.created',
      entityType: 'api_token',
      entityId: created.id,
      changes: { name: input.name, scopes: input.scopes },
    });
    return created;
  });
  return {
    token: secret,
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
  };
}

export async function listApiTokens({ db }: AuthDeps, userId: string) {
  const rows = await q.listApiTokens(db, userId);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    scopes: r.scopes,
    createdAt: r.createdAt,
    lastUsedAt: r.lastUsedAt,
    expiresAt: r.expiresAt,
    revokedAt: r.revokedAt,
  }));
}

export async function revokeApiToken(
  { db }: AuthDeps,
  actor: Actor & { id: string },
  tokenId: string,
) {
  await db.transaction(async (tx) => {
    if (!(await q.revokeApiToken(tx, actor.id, tokenId, new Date())))
      throw new NotFound(`token ${tokenId} not found`);
    await appendAudit(tx, actor, {
      action: 'token.revoked',
      entityType: 'api_token',
      entityId: tokenId,
    });
  });
}

export async function resolveApiToken(
  { db }: AuthDeps,
  secret: string,
): Promise<Principal | undefined> {
  const now = new Date();
  const row = await q.findApiTokenWithUser(db, sha256(secret));
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return undefined;
  const principal = principalOfRow(row.user, 'token');
  if (!principal) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000)
    await q.markTokenUsed(db, row.id, now);
  return { ...principal, tokenScopes: row.scopes };
}

/** A user's live sessions, newest first; `current` marks the one asking. */
export async function listSessions({ db }: AuthDeps, userId: string, currentId?: string) {
  const rows = await q.listLiveSessions(db, userId, new Date());
  return rows.map((r) => ({ ...r, current: r.id === currentId }));
}

/** "Sign out everywhere": every session of the user ends, the asking one included. */
export async function endAllSessions({ db }: AuthDeps, actor: Actor & { id: string }) {
  await db.transaction(async (tx) => {
    await q.revokeUserSessions(tx, actor.id, new Date());
    await appendAudit(tx, actor, {
      action: 'auth.signed_out_everywhere',
      entityType: 'user',
      entityId: actor.id,
    });
  });
}
