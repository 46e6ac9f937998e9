// Second factors: TOTP authenticators (RFC 6238, otpauth), one-time recovery codes (argon2id
// hashes) and WebAuthn passkeys and security keys (SimpleWebAuthn). A wrong or reused code
// counts toward the same lockout as a wrong password. Completing the second factor (or
// enrolling one when it is required) replaces the partial session with a new full one.
import { randomBytes } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Executor } from '../../db/connection.ts';
import type { SessionStage } from '../../db/schema/identity.ts';
import { Forbidden, Invalid, NotFound, TooManyAttempts } from '../../domain/errors.ts';
import { hashPassword, verifyPassword } from '../auth/passwords.ts';
import * as authQ from '../auth/queries.ts';
import { completeStepUp, lockoutDelaySeconds, type AuthDeps } from '../auth/service.ts';
import * as q from './queries.ts';
import { openTotpSecret, sealTotpSecret } from './secrets.ts';

export const ISSUER = 'Rapporteur';
export const RECOVERY_CODE_COUNT = 10;
const PERIOD = 30;

/** Who is asking, from the request: the session and how far its sign-in has come. */
export interface MfaContext {
  userId: string;
  username: string;
  displayName: string;
  sessionId: string | undefined;
  stage: SessionStage;
  method: string;
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
}

const actorOf = (ctx: MfaContext): Actor & { id: string } => ({
  id: ctx.userId,
  label: ctx.username,
  requestId: ctx.requestId,
});

function requireSession(ctx: MfaContext): string {
  if (!ctx.sessionId) throw new Forbidden('Second factors are managed from a browser session.');
  return ctx.sessionId;
}

function totpFor(secret: string, username: string) {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label: username,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/** The time step a code belongs to, if it is valid now (± one step for clock drift). */
export function matchingStep(secret: string, username: string, code: string, now = Date.now()) {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const delta = totpFor(secret, username).validate({ token, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

export async function factorStatus({ db }: AuthDeps, userId: string) {
  const totp = await q.totpOf(db, userId);
  const codes = await q.unusedRecoveryCodes(db, userId);
  const keys = await q.credentialsOf(db, userId);
  return {
    totp: Boolean(totp?.confirmedAt),
    recoveryCodesLeft: codes.length,
    webauthn: keys.map((k) => ({
      id: k.id,
      name: k.name,
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
    })),
  };
}

// ---- Lockout shared with password sign-in -------------------------------------------------

async function refuseIfLocked(db: Executor, userId: string) {
  const user = await authQ.findUserById(db, userId);
  if (!user) throw new NotFound('user not found');
  if (user.lockedUntil && user.lockedUntil > new Date()) {
    const wait = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 1000);
    throw new TooManyAttempts(`Too many failed attempts. Try again in ${wait} seconds.`, wait);
  }
  return user;
}

async function countFailure(
  { db }: AuthDeps,
  ctx: MfaContext,
  failedLogins: number,
  factor: string,
  field: string,
  message: string,
): Promise<never> {
  const delay = lockoutDelaySeconds(failedLogins + 1);
  await db.transaction(async (tx) => {
    await authQ.recordFailedLogin(
      tx,
      ctx.userId,
      delay ? new Date(Date.now() + delay * 1000) : null,
    );
    await appendAudit(tx, actorOf(ctx), {
      action: 'auth.mfa_failed',
      entityType: 'user',
      entityId: ctx.userId,
      changes: { factor, ip: ctx.ip ?? null },
    });
  });
  throw Invalid.field(field, message);
}

async function stepUp(deps: AuthDeps, ctx: MfaContext, factor: string, tx: Executor) {
  const session = await completeStepUp(
    tx,
    deps.config,
    {
      sessionId: requireSession(ctx),
      userId: ctx.userId,
      method: ctx.method,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    },
    factor,
  );
  return session;
}

// ---- TOTP -------------------------------------------------------------------------------------

export async function setupTotp({ db, config }: AuthDeps, ctx: MfaContext) {
  requireSession(ctx);
  const existing = await q.totpOf(db, ctx.userId);
  if (existing?.confirmedAt)
    throw Invalid.field('totp', 'an authenticator app is set up already: remove it first');
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  await q.putUnconfirmedTotp(db, ctx.userId, sealTotpSecret(config, ctx.userId, secret));
  const uri = totpFor(secret, ctx.username).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return {
    secret,
    uri,
    qrCode: `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`,
  };
}

function newRecoveryCode(): string {
  // 10 characters from a 32-letter alphabet without look-alikes: 50 bits each.
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join('');
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

async function issueRecoveryCodes(tx: Executor, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const hashes = await Promise.all(codes.map((c) => hashPassword(c)));
  await q.replaceRecoveryCodes(tx, userId, hashes);
  return codes;
}

/**
 * The first correct code confirms the authenticator. Recovery codes are issued when the user
 * had none left; when this enrolment was required, the session becomes a full one.
 */
export async function confirmTotp(deps: AuthDeps, ctx: MfaContext, code: string) {
  requireSession(ctx);
  const user = await refuseIfLocked(deps.db, ctx.userId);
  const totp = await q.totpOf(deps.db, ctx.userId);
  if (!totp || totp.confirmedAt)
    throw Invalid.field(
      'code',
      'start the set-up first (no authenticator is waiting to be confirmed)',
    );
  const step = matchingStep(
    openTotpSecret(deps.config, ctx.userId, totp.secret),
    ctx.username,
    code,
  );
  if (step === null)
    return countFailure(
      deps,
      ctx,
      user.failedLogins,
      'totp',
      'code',
      'is not the current code of your authenticator app',
    );
  return finishEnrolment(deps, ctx, 'totp', async (tx) => {
    if (!(await q.acceptTotpStep(tx, ctx.userId, step, true)))
      throw Invalid.field('code', 'was used already: wait for the next code');
  });
}

async function finishEnrolment(
  deps: AuthDeps,
  ctx: MfaContext,
  factor: 'totp' | 'webauthn',
  store: (tx: Executor) => Promise<void>,
) {
  const hashes = await q.unusedRecoveryCodes(deps.db, ctx.userId);
  const needCodes = hashes.length === 0;
  // Hash outside the transaction (argon2 takes a moment per code).
  const codes = needCodes ? Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode) : [];
  const codeHashes = await Promise.all(codes.map((c) => hashPassword(c)));
  return deps.db.transaction(async (tx) => {
    await store(tx);
    if (needCodes) await q.replaceRecoveryCodes(tx, ctx.userId, codeHashes);
    await authQ.clearFailedLogins(tx, ctx.userId);
    await appendAudit(tx, actorOf(ctx), {
      action: 'auth.mfa_enrolled',
      entityType: 'user',
      entityId: ctx.userId,
      changes: { factor, recoveryCodesIssued: codes.length },
    });
    const session = ctx.stage === 'enrol' ? await stepUp(deps, ctx, factor, tx) : undefined;
    return { recoveryCodes: codes, session };
  });
}

/** The second step of a sign-in with an authenticator app code. */
export async function verifyTotp(deps: AuthDeps, ctx: MfaContext, code: string) {
  if (ctx.stage !== 'mfa') throw Invalid.field('stage', 'no sign-in is waiting for a second factor');
  const user = await refuseIfLocked(deps.db, ctx.userId);
  const totp = await q.totpOf(deps.db, ctx.userId);
  if (!totp?.confirmedAt) throw Invalid.field('code', 'you have no authenticator app set up');
  const step = matchingStep(
    openTotpSecret(deps.config, ctx.userId, totp.secret),
    ctx.username,
    code,
  );
  if (step === null)
    return countFailure(
      deps,
      ctx,
      user.failedLogins,
      'totp',
      'code',
      'is not the current code of your authenticator app',
    );
  if (!(await q.acceptTotpStep(deps.db, ctx.userId, step, false)))
    return countFailure(
      deps,
      ctx,
      user.failedLogins,
      'totp',
      'code',
      'was used already: wait for the next code',
    );
  return deps.db.transaction(async (tx) => {
    await authQ.clearFailedLogins(tx, ctx.userId);
    await appendAudit(tx, actorOf(ctx), {
      action: 'auth.mfa_passed',
      entityType: 'user',
      entityId: ctx.userId,
      changes: { factor: 'totp', ip: ctx.ip ?? null },
    });
    return stepUp(deps, ctx, 'totp', tx);
  });
}

/** A lost device: one recovery code instead of the second factor, each usable once. */
export async function verifyRecoveryCode(deps: AuthDeps, ctx: MfaContext, code: string) {
  if (ctx.stage !== 'mfa') throw Invalid.field('stage', 'no sign-in is waiting for a second factor');
  const user = await refuseIfLocked(deps.db, ctx.userId);
  const normalised = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  const given = normalised.length === 10 ? `${normalised.slice(0, 5)}-${normalised.slice(5)}` : '';
  let match: number | undefined;
  if (given) {
    for (const row of await q.unusedRecoveryCodes(deps.db, ctx.userId)) {
      if (await verifyPassword(row.codeHash, given)) {
        match = row.id;
        break;
      }
    }
  }
  if (match === undefined)
    return countFailure(
      deps,
      ctx,
      user.failedLogins,
      'recovery',
      'code',
      'is not one of your unused recovery codes',
    );
  const id = match;
  return deps.db.transaction(async (tx) => {
    if (!(await q.useRecoveryCode(tx, id))) throw Invalid.field('code', 'was used already');
    await authQ.clearFailedLogins(tx, ctx.userId);
    const left = (await q.unusedRecoveryCodes(tx, ctx.userId)).length;
    await appendAudit(tx, actorOf(ctx), {
      action: 'auth.mfa_passed',
      entityType: 'user',
      entityId: ctx.userId,
      changes: { factor: 'recovery', recoveryCodesLeft: left, ip: ctx.ip ?? null },
    });
    return stepUp(deps, ctx, 'recovery', tx);
  });
}

/** Changing factors asks for the password again (ASVS 7.5.1), where the user has one. */
async function reauthenticate(db: Executor, userId: string, currentPassword: string | undefined) {
  const user = await authQ.findUserById(db, userId);
  if (!user) throw new NotFound('user not found');
  if (user.passwordHash && !(await verifyPassword(user.passwordHash, currentPassword ?? '')))
    throw Invalid.field('currentPassword', 'is not your current password');
}

export async function regenerateRecoveryCodes(
  deps: AuthDeps,
  ctx: MfaContext,
  currentPassword: string | undefined,
) {
  requireSession(ctx);
  const factors = await authQ.factorsOfUser(deps.db, ctx.userId);
  if (!factors.totp && !factors.webauthn)
    throw Invalid.field('recoveryCodes', 'set up a second factor first');
  await reauthenticate(deps.db, ctx.userId, currentPassword);
  return deps.db.transaction(async (tx) => {
    const codes = await issueRecoveryCodes(tx, ctx.userId);
    await appendAudit(tx, actorOf(ctx), {
      action: 'auth.recovery_codes_renewed',
      entityType: 'user',
      entityId: ctx.userId,
    });
    return { recoveryCodes: codes };
  });
}

export async function removeTotp(
  deps: AuthDeps,
  ctx: MfaContext,
  currentPassword: string | undefined,
) {
  requireSession(ctx);
  if (!(await q.totpOf(deps.db, ctx.userId))?.confirmedAt)
    throw new NotFound('no authenticator app is set up');
  await reauthenticate(deps.db, ctx.userId, currentPassword);
  await deps.db.transaction(async (tx) => {
    if (!(await q.deleteTotp(tx, ctx.userId))) throw new NotFound('no authenticator app is set up');
    await appendAudit(tx, actorOf(ctx), {
      action: 'auth.mfa_removed',
      entityType: 'user',
      entityId: ctx.userId,
      changes: { factor: 'totp' },
    });
  });
}

// ---- WebAuthn ---------------------------------------------------------------------------------

export interface RelyingParty {
  origin: string;
  rpID: string;
}

export async function webauthnRegistrationOptions(
  deps: AuthDeps,
  ctx: MfaContext,
  rp: RelyingParty,
) {
  const sessionId = requireSession(ctx);
  const existing = await q.credentialsOf(deps.db, ctx.userId);
  const options = await generateRegistrationOptions({
    rpName: ISSUER,
    rpID: rp.rpID,
    userName: ctx.username,
    userDisplayName: ctx.displayName,
    userID: new TextEncoder().encode(ctx.userId),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({
      id: c.id,
      transports: c.transports as AuthenticatorTransport[],
    })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await authQ.setSessionChallenge(deps.db, sessionId, options.challenge);
  return options;
}

export async function webauthnRegister(
  deps: AuthDeps,
  ctx: MfaContext,
  rp: RelyingParty,
  input: { name: string; response: RegistrationResponseJSON },
) {
  const sessionId = requireSession(ctx);
  const challenge = await authQ.sessionChallenge(deps.db, sessionId);
  if (!challenge) throw Invalid.field('response', 'ask for registration options first');
  await authQ.setSessionChallenge(deps.db, sessionId, null);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      requireUserVerification: false,
    });
  } catch (error) {
    throw Invalid.field(
      'response',
      `the security key's answer was refused: ${(error as Error).message}`,
    );
  }
  if (!verification.verified)
    throw Invalid.field('response', 'the security key could not be verified');
  const { credential } = verification.registrationInfo;
  return finishEnrolment(deps, ctx, 'webauthn', async (tx) => {
    await q.insertCredential(tx, {
      id: credential.id,
      userId: ctx.userId,
      name: input.name,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: credential.transports ?? [],
    });
  });
}

export async function webauthnAuthenticationOptions(
  deps: AuthDeps,
  ctx: MfaContext,
  rp: RelyingParty,
) {
  if (ctx.stage !== 'mfa') throw Invalid.field('stage', 'no sign-in is waiting for a second factor');
  const sessionId = requireSession(ctx);
  const keys = await q.credentialsOf(deps.db, ctx.userId);
  if (!keys.length) throw Invalid.field('webauthn', 'you have no security key or passkey set up');
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: keys.map((c) => ({
      id: c.id,
      transports: c.transports as AuthenticatorTransport[],
    })),
    userVerification: 'preferred',
  });
  await authQ.setSessionChallenge(deps.db, sessionId, options.challenge);
  return options;
}

export async function webauthnAuthenticate(
  deps: AuthDeps,
  ctx: MfaContext,
  rp: RelyingParty,
  response: AuthenticationResponseJSON,
) {
  if (ctx.stage !== 'mfa') throw Invalid.field('stage', 'no sign-in is waiting for a second factor');
  const sessionId = requireSession(ctx);
  const user = await refuseIfLocked(deps.db, ctx.userId);
  const challenge = await authQ.sessionChallenge(deps.db, sessionId);
  if (!challenge) throw Invalid.field('response', 'ask for sign-in options first');
  await authQ.setSessionChallenge(deps.db, sessionId, null);
  const key = (await q.credentialsOf(deps.db, ctx.userId)).find((c) => c.id === response.id);
  if (!key)
    return countFailure(
      deps,
      ctx,
      user.failedLogins,
      'webauthn',
      'response',
      'this security key is not registered for you',
    );
  let verified = false;
  let newCounter = key.counter;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: key.id,
        publicKey: new Uint8Array(Buffer.from(key.publicKey, 'base64url')),
        counter: key.counter,
        transports: key.transports as AuthenticatorTransport[],
      },
      requireUserVerification: false,
    });
    verified = result.verified;
    newCounter = result.authenticationInfo.newCounter;
  } catch {
    verified = false;
  }
  if (!verified)
    return countFailure(
      deps,
      ctx,
      user.failedLogins,
      'webauthn',
      'response',
      'the security key could not be verified',
    );
  return deps.db.transaction(async (tx) => {
    await q.markCredentialUsed(tx, key.id, newCounter);
    await authQ.clearFailedLogins(tx, ctx.userId);
    await appendAudit(tx, actorOf(ctx), {
      action: 'auth.mfa_passed',
      entityType: 'user',
      entityId: ctx.userId,
      changes: { factor: 'webauthn', credential: key.name, ip: ctx.ip ?? null },
    });
    return stepUp(deps, ctx, 'webauthn', tx);
  });
}

export async function removeCredential(
  deps: AuthDeps,
  ctx: MfaContext,
  id: string,
  currentPassword: string | undefined,
) {
  requireSession(ctx);
  if (!(await q.credentialsOf(deps.db, ctx.userId)).some((c) => c.id === id))
    throw new NotFound(`security key ${id} not found`);
  await reauthenticate(deps.db, ctx.userId, currentPassword);
  await deps.db.transaction(async (tx) => {
    if (!(await q.deleteCredential(tx, ctx.userId, id)))
      throw new NotFound(`security key ${id} not found`);
    await appendAudit(tx, actorOf(ctx), {
      action: 'auth.mfa_removed',
      entityType: 'user',
      entityId: ctx.userId,
      changes: { factor: 'webauthn', credential: id },
    });
  });
}

/** An administrator clears a user's factors (a lost device and no recovery code left). */
export async function resetFactors(deps: AuthDeps, actor: Actor, userId: string) {
  await deps.db.transaction(async (tx) => {
    if (!(await authQ.findUserById(tx, userId)))
      throw new NotFound(`user ${userId} does not exist`);
    await q.deleteAllFactors(tx, userId);
    await authQ.revokeUserSessions(tx, userId, new Date());
    await appendAudit(tx, actor, {
      action: 'user.mfa_reset',
      entityType: 'user',
      entityId: userId,
    });
  });
}
