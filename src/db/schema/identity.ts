// Identity: users, their scoped roles, browser sessions and API tokens.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { posts, regions } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const users = pgTable('users', {
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
});

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
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

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
