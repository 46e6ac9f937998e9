// Identity: users, their scoped roles, browser sessions and API tokens.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { posts, regions } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Stored lower-case so that "JDoe" and "jdoe" are one account.
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    email: text('email'),
    passwordHash: text('password_hash'),
    active: boolean('active').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: ts('locked_until'),
    synthetic: boolean('synthetic').notNull().default(false),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    passwordChangedAt: ts('password_changed_at'),
    // Users who sign in through the identity provider are known by its stable (issuer, subject).
    oidcIssuer: text('oidc_issuer'),
    oidcSubject: text('oidc_subject'),
  },
  (t) => [uniqueIndex('users_oidc_identity_idx').on(t.oidcIssuer, t.oidcSubject)],
);

export const ROLES = [
  'reporter',
  'approver',
  'reviewer',
  'editor',
  'analyst',
  'partner',
  'admin',
] as const;

export const roleAssignments = pgTable(
  'role_assignments',
  {
    id: serial('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ROLES }).notNull(),
    // Post roles (reporter, approver) name a post; reviewers name a region; the rest neither.
    postId: integer('post_id').references(() => posts.id),
    regionId: integer('region_id').references(() => regions.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('role_assignments_user_idx').on(t.userId),
    check(
      'role_scope_matches_role',
      sql`(${t.role} in ('reporter','approver') and ${t.postId} is not null and ${t.regionId} is null)
       or (${t.role} = 'reviewer' and ${t.regionId} is not null and ${t.postId} is null)
       or (${t.role} in ('editor','analyst','admin','partner') and ${t.postId} is null and ${t.regionId} is null)`,
    ),
  ],
);

export const SESSION_STAGES = ['full', 'mfa', 'enrol'] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

export const sessions = pgTable(
  'sessions',
  {
    // SHA-256 of the cookie value: a leaked table does not yield usable sessions.
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    revokedAt: ts('revoked_at'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    // 'full' sessions act for the user; 'mfa' ones wait for the second factor, 'enrol' ones
    // may only enrol one (MFA required, none yet). Both partial kinds live minutes, not hours.
    stage: text('stage', { enum: SESSION_STAGES }).notNull().default('full'),
    // How the user signed in: 'password' or 'oidc', plus '+totp', '+webauthn', '+recovery'.
    method: text('method').notNull().default('password'),
    // The pending WebAuthn challenge of this session (registration or authentication).
    challenge: text('challenge'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** A user's TOTP authenticator (RFC 6238); unconfirmed until the first correct code. */
export const totpFactors = pgTable('totp_factors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  // Base32 secret; 'enc:<keyId>:<payload>' when a data key encrypts it (see docs/authentication.md).
  secret: text('secret').notNull(),
  confirmedAt: ts('confirmed_at'),
  // The last 30-second step accepted: a code is never accepted twice.
  lastStep: bigint('last_step', { mode: 'number' }),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** One-time recovery codes, argon2id-hashed; each can be used once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: serial('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** WebAuthn passkeys and security keys. */
export const webauthnCredentials = pgTable(
  'webauthn_credentials',
  {
    // Credential ID, base64url.
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    // COSE public key, base64url.
    publicKey: text('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [index('webauthn_credentials_user_idx').on(t.userId)],
);

/**
 * OpenID Connect sign-ins under way: state, nonce and PKCE verifier, keyed by the SHA-256 of a
 * random value held in a short-lived cookie of the browser that started them. Used once.
 */
export const oidcLogins = pgTable('oidc_logins', {
  id: text('id').primaryKey(),
  state: text('state').notNull(),
  nonce: text('nonce').notNull(),
  codeVerifier: text('code_verifier').notNull(),
  next: text('next').notNull().default('/'),
  expiresAt: ts('expires_at').notNull(),
});

export const TOKEN_SCOPES = ['read', 'write'] as const;

export const apiTokens = pgTable(
  'api_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    // Shown to the owner so they can tell tokens apart; the secret part is never stored.
    prefix: text('prefix').notNull(),
    scopes: text('scopes', { enum: TOKEN_SCOPES }).array().notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    expiresAt: ts('expires_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('api_tokens_user_idx').on(t.userId)],
);
