// Request and response shapes for sign-in, the current user and API tokens.
import { z } from 'zod';
import { ROLES, TOKEN_SCOPES } from '../../db/schema/identity.ts';

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
