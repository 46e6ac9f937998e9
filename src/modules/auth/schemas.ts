// Request and response shapes for sign-in, the current user and API tokens.
import { z } from 'zod';
import { ROLES, SESSION_STAGES, TOKEN_SCOPES } from '../../db/schema/identity.ts';

export const loginBody = z.strictObject({
  username: z.string().min(1).max(100),
  password: z.string().min(1).max(1024),
});

export const roleView = z.object({
  role: z.enum(ROLES),
  postId: z.number().int().nullable(),
  postName: z.string().nullable(),
  regionId: z.number().int().nullable(),
  regionName: z.string().nullable(),
});

export const me = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  mustChangePassword: z.boolean(),
  csrfToken: z.string(),
  stage: z
    .enum(SESSION_STAGES)
    .describe("'full'; 'mfa' until the second factor is given; 'enrol' until one is set up"),
  method: z.string().describe("How this session signed in, e.g. 'password+totp', 'oidc'"),
  roles: z.array(roleView),
  permissions: z.array(z.string()),
});

export const changePasswordBody = z.strictObject({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().min(1).max(1024),
});

export const createTokenBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1),
  expiresAt: z.coerce.date().optional(),
});

export const tokenView = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const createdToken = tokenView
  .pick({ id: true, name: true, prefix: true, scopes: true, createdAt: true, expiresAt: true })
  .extend({
    token: z.string().describe('The secret. Shown once; store it now.'),
  });

export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  current: z.unknown().optional(),
});

export const signInOptions = z.object({
  localLogin: z.boolean().describe('Password sign-in is open to everyone'),
  breakGlass: z.boolean().describe('Password sign-in is off, except for named emergency accounts'),
  oidc: z
    .object({ name: z.string(), available: z.boolean() })
    .nullable()
    .describe('Single sign-on, when configured, and whether its provider answers now'),
  systemNotice: z.string(),
});

export const sessionView = z.object({
  id: z.string().describe('An identifier of the session (not its secret)'),
  createdAt: z.date(),
  lastSeenAt: z.date(),
  expiresAt: z.date(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  stage: z.enum(SESSION_STAGES),
  method: z.string(),
  current: z.boolean(),
});

export const endAllBody = z.strictObject({
  everywhere: z.literal(true).describe('Confirms ending every session, this one included'),
});
