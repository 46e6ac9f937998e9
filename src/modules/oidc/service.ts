// Single sign-on with OpenID Connect (openid-client): authorization code flow with PKCE, state
// and nonce. What the browser must bring back is kept server-side under the SHA-256 of a random
// value in a short-lived cookie of the browser that started the sign-in, and is used once.
// Users are known by the provider's stable (issuer, subject); a new one is created without
// roles (an administrator approves them by giving roles) unless OIDC_ROLES_CLAIM carries them.
import { createHash, randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { Config } from '../../config.ts';
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor, Tx } from '../../db/connection.ts';
import { ROLES } from '../../db/schema/identity.ts';
import type { Role } from '../../domain/policy.ts';
import { roleScopeErrors, type RoleAssignmentInput } from '../../domain/roles.ts';
import { replaceRoles } from '../admin/queries.ts';
import { revokeSession, rolesOfUser } from '../auth/queries.ts';
import { startSession, stageFor } from '../auth/service.ts';
import * as q from './queries.ts';

export type OidcConfig = NonNullable<Config['oidc']>;

/** Why a single sign-on did not complete; the sign-in page explains each. */
export type OidcFailureKind = 'unavailable' | 'expired' | 'refused' | 'disabled' | 'off';

export class OidcFailure extends Error {
  constructor(
    readonly kind: OidcFailureKind,
    message: string,
  ) {
    super(message);
  }
}

const PENDING_MINUTES = 10;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Discovery results, refreshed after a minute so that a provider that went down shows. */
const discovered = new Map<string, { config: client.Configuration; at: number }>();
const FRESH_MS = 60_000;

async function discover(oidc: OidcConfig, fresh = false): Promise<client.Configuration> {
  const key = `${oidc.issuer}|${oidc.clientId}`;
  const cached = discovered.get(key);
  if (cached && (!fresh || Date.now() - cached.at < FRESH_MS)) return cached.config;
  const issuer = new URL(oidc.issuer);
  try {
    const config = await client.discovery(
      issuer,
      oidc.clientId,
      { redirect_uris: [oidc.redirectUri], id_token_signed_response_alg: 'RS256' },
      client.ClientSecretPost(oidc.clientSecret),
      {
        timeout: 5,
        // Plain HTTP only for a provider on this machine (development and tests).
        ...(LOOPBACK.has(issuer.hostname) ? { execute: [client.allowInsecureRequests] } : {}),
      },
    );
    discovered.set(key, { config, at: Date.now() });
    return config;
  } catch (error) {
    discovered.delete(key);
    throw new OidcFailure(
      'unavailable',
      `identity provider ${oidc.issuer} did not answer: ${(error as Error).message}`,
    );
  }
}

/** Whether the identity provider answers now (for the sign-in page). */
export async function oidcStatus(config: Config): Promise<boolean> {
  if (!config.oidc) return false;
  try {
    await discover(config.oidc, true);
    return true;
  } catch {
    return false;
  }
}

/** Starts a sign-in: the provider's URL to send the browser to, and the cookie binding it. */
export async function beginOidcLogin(
  db: Database,
  config: Config,
  next: string,
): Promise<{ url: string; browserSecret: string }> {
  const oidc = config.oidc;
  if (!oidc) throw new OidcFailure('off', 'single sign-on is not configured');
  const configuration = await discover(oidc, true);
  const browserSecret = randomBytes(32).toString('base64url');
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  await q.insertPending(db, {
    id: sha256(browserSecret),
    state,
    nonce,
    codeVerifier,
    next,
    expiresAt: new Date(Date.now() + PENDING_MINUTES * 60_000),
  });
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: oidc.redirectUri,
    scope: 'openid profile email',
    state,
    nonce,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
  });
  return { url: url.href, browserSecret };
}

export interface FinishInput {
  browserSecret: string | undefined;
  /** The callback URL as the browser requested it (code, state, iss). */
  callbackUrl: URL;
  ip?: string | undefined;
  userAgent?: string | undefined;
  requestId?: string | undefined;
  replacesSessionId?: string | undefined;
}

/** The provider sent the browser back: check everything, then sign the user in. */
export async function finishOidcLogin(db: Database, config: Config, input: FinishInput) {
  const oidc = config.oidc;
  if (!oidc) throw new OidcFailure('off', 'single sign-on is not configured');
  const pending = input.browserSecret
    ? await q.takePending(db, sha256(input.browserSecret), new Date())
    : undefined;
  if (!pending)
    throw new OidcFailure('expired', 'no sign-in under way in this browser (or it expired)');
  const configuration = await discover(oidc);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(configuration, input.callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    const err = error as Error & { code?: string; cause?: unknown };
    const network =
      err.name === 'TypeError' ||
      /fetch failed|ECONNREFUSED|timed? ?out/i.test(`${err.message} ${String(err.cause)}`);
    throw new OidcFailure(
      network ? 'unavailable' : 'refused',
      `${err.code ?? err.name}: ${err.message}`,
    );
  }
  const claims = tokens.claims();
  if (!claims) throw new OidcFailure('refused', 'the provider sent no ID token');
  const subject = claims.sub;
  const issuer = claims.iss;
  const actor: Actor = { id: null, label: `oidc:${subject}`, requestId: input.requestId };

  return db.transaction(async (tx) => {
    let user = await q.findUserBySubject(tx, issuer, subject);
    if (!user) {
      user = await q.insertSsoUser(tx, {
        username: await freeUsername(tx, claims),
        displayName: stringClaim(claims.name) ?? stringClaim(claims.preferred_username) ?? subject,
        email: stringClaim(claims.email) ?? null,
        passwordHash: null,
        mustChangePassword: false,
        oidcIssuer: issuer,
        oidcSubject: subject,
      });
      await appendAudit(
        tx,
        { ...actor, id: user.id },
        {
          action: 'user.provisioned',
          entityType: 'user',
          entityId: user.id,
          changes: { username: user.username, issuer, subject, awaitingApproval: !oidc.rolesClaim },
        },
      );
    }
    if (!user.active) throw new OidcFailure('disabled', `user ${user.username} is deactivated`);
    const who: Actor = { id: user.id, label: user.username, requestId: input.requestId };
    if (oidc.rolesClaim) await syncRoles(tx, who, user.id, claims[oidc.rolesClaim]);
    if (input.replacesSessionId) await revokeSession(tx, input.replacesSessionId, new Date());
    const stage = await stageFor(tx, user.id, multiFactorAsserted(claims.amr));
    const session = await startSession(tx, config, {
      userId: user.id,
      stage,
      method: 'oidc',
      ip: input.ip,
      userAgent: input.userAgent,
    });
    await appendAudit(tx, who, {
      action: 'auth.login',
      entityType: 'user',
      entityId: user.id,
      changes: { ip: input.ip ?? null, method: 'oidc', stage, amr: claims.amr ?? null },
    });
    return { ...session, userId: user.id, next: pending.next };
  });
}

const stringClaim = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

/** 'amr' naming 'mfa', or two or more methods, means the provider did multi-factor itself. */
function multiFactorAsserted(amr: unknown): boolean {
  return Array.isArray(amr) && (amr.includes('mfa') || amr.length >= 2);
}

async function freeUsername(db: Executor, claims: client.IDToken): Promise<string> {
  const base = (
    stringClaim(claims.preferred_username) ??
    stringClaim(claims.email)?.split('@')[0] ??
    `sso-${claims.sub}`
  )
    .toLowerCase()
    .replace(/[^a-z0-9._-]/g, '-')
    .slice(0, 60);
  for (let i = 0; ; i++) {
    const candidate = i === 0 ? base : `${base}-${i + 1}`;
    if (!(await q.usernameTaken(db, candidate))) return candidate;
  }
}

/**
 * Roles from the configured claim: values like "editor", "reporter@EMB-FR", "reviewer@EUR"
 * (as in the command line). Values that name no known role or scope are ignored and logged in
 * the audit entry; the user's roles become exactly the valid ones.
 */
async function syncRoles(tx: Tx, actor: Actor, userId: string, claim: unknown) {
  const values =
    typeof claim === 'string' ? claim.split(/[\s,]+/) : Array.isArray(claim) ? claim : [];
  const { posts, regions } = await q.scopeCodes(tx);
  const key = (r: { role: string; postId?: number | null; regionId?: number | null }) =>
    `${r.role}/${r.postId ?? ''}/${r.regionId ?? ''}`;
  const wanted: RoleAssignmentInput[] = [];
  const ignored: string[] = [];
  for (const value of values) {
    if (typeof value !== 'string' || !value) continue;
    const [role, scope] = value.split('@') as [string, string | undefined];
    if (!(ROLES as readonly string[]).includes(role)) {
      ignored.push(value);
      continue;
    }
    const assignment: RoleAssignmentInput = { role: role as Role };
    if (scope) {
      const post = posts.find((p) => p.code === scope.toUpperCase());
      const region = regions.find((r) => r.code === scope.toUpperCase());
      if (post) assignment.postId = post.id;
      else if (region) assignment.regionId = region.id;
      else {
        ignored.push(value);
        continue;
      }
    }
    if (roleScopeErrors([assignment]).length) ignored.push(value);
    else if (!wanted.some((w) => key(w) === key(assignment))) wanted.push(assignment);
  }
  const current = await rolesOfUser(tx, userId);
  const same = current.map(key).sort().join(',') === wanted.map(key).sort().join(',');
  if (same && !ignored.length) return;
  if (!same) {
    await replaceRoles(tx, userId, wanted);
  }
  await appendAudit(tx, actor, {
    action: 'user.roles_from_provider',
    entityType: 'user',
    entityId: userId,
    changes: { roles: { from: current.map(key), to: wanted.map(key) }, ignored },
  });
}
