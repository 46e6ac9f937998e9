// Request and response shapes for user and post administration and reference lists.
import { z } from 'zod';
import { ROLES } from '../../db/schema/identity.ts';

export const roleAssignment = z.strictObject({
  role: z.enum(ROLES),
  postId: z.number().int().positive().nullable().optional(),
  regionId: z.number().int().positive().nullable().optional(),
});

export const userView = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  active: z.boolean(),
  mustChangePassword: z.boolean(),
  synthetic: z.boolean(),
  version: z.number().int(),
  createdAt: z.date(),
  roles: z.array(
    z.object({
      role: z.enum(ROLES),
      postId: z.number().nullable(),
      regionId: z.number().nullable(),
    }),
  ),
});

const username = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');

export const createUserBody = z.strictObject({
  username,
  displayName: z.string().trim().min(1).max(200),
  email: z.email().max(320).nullable().optional(),
  password: z.string().max(1024),
  mustChangePassword: z.boolean().optional(),
  roles: z.array(roleAssignment).max(50),
});

export const updateUserBody = z.strictObject({
  version: z.number().int().positive(),
  displayName: z.string().trim().min(1).max(200).optional(),
  email: z.email().max(320).nullable().optional(),
  active: z.boolean().optional(),
});

export const setRolesBody = z.strictObject({
  version: z.number().int().positive(),
  roles: z.array(roleAssignment).max(50),
});

export const resetPasswordBody = z.strictObject({ password: z.string().max(1024) });

export const postKind = z.enum(['embassy', 'consulate', 'mission']);

export const postView = z.object({
  id: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: postKind,
  countryCode: z.string(),
  countryName: z.string(),
  regionId: z.number().int(),
  city: z.string().nullable(),
  active: z.boolean(),
  version: z.number().int(),
});

export const createPostBody = z.strictObject({
  code: z
    .string()
    .trim()
    .min(2)
    .max(32)
    .regex(/^[A-Z0-9-]+$/, 'upper-case letters, digits and dashes'),
  name: z.string().trim().min(2).max(200),
  kind: postKind,
  countryCode: z.string().length(2).toUpperCase(),
  city: z.string().trim().max(200).nullable().optional(),
});

export const updatePostBody = z.strictObject({
  version: z.number().int().positive(),
  name: z.string().trim().min(2).max(200).optional(),
  kind: postKind.optional(),
  city: z.string().trim().max(200).nullable().optional(),
  active: z.boolean().optional(),
});

export const regionView = z.object({ id: z.number().int(), code: z.string(), name: z.string() });
export const countryView = z.object({
  code: z.string(),
  name: z.string(),
  regionId: z.number().int(),
});
