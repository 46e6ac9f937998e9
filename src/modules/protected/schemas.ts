// Request and response shapes for protected details and their grants. The field names are
// also the paths pino redacts (PROTECTED_FIELDS), so a logged body never shows them.
import { z } from 'zod';

export const PROTECTED_ROLES = ['victim', 'witness'] as const;
export const PROTECTED_FIELDS = ['fullName', 'contact', 'identifiers', 'notes'] as const;

const text = (max: number) => z.string().trim().max(max);

export const protectedContent = z.strictObject({
  fullName: text(300).min(1),
  contact: text(2000).nullable().optional(),
  identifiers: text(2000).nullable().optional(),
  notes: text(4000).nullable().optional(),
});
export type ProtectedContent = z.infer<typeof protectedContent>;

export const createProtectedBody = protectedContent.extend({ role: z.enum(PROTECTED_ROLES) });
export type CreateProtectedInput = z.infer<typeof createProtectedBody>;

export const updateProtectedBody = protectedContent.extend({
  role: z.enum(PROTECTED_ROLES),
  version: z.number().int().min(1),
});
export type UpdateProtectedInput = z.infer<typeof updateProtectedBody>;

export const protectedView = z.object({
  id: z.uuid(),
  incidentId: z.uuid(),
  role: z.enum(PROTECTED_ROLES),
  fullName: z.string(),
  contact: z.string().nullable(),
  identifiers: z.string().nullable(),
  notes: z.string().nullable(),
  version: z.number().int(),
  updatedAt: z.date(),
});
export type ProtectedView = z.infer<typeof protectedView>;

export const protectedSummary = z.object({
  /** Whether the caller holds a grant for the incident's post. */
  granted: z.boolean(),
  /** How many people are recorded; only for callers with a grant. */
  count: z.number().int().nullable(),
});

export const grantBody = z.strictObject({ userId: z.uuid(), postId: z.number().int().min(1) });

export const grantView = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  postId: z.number().int(),
  postCode: z.string(),
  postName: z.string(),
  grantedAt: z.date(),
});

/** pino redaction paths: the protected fields wherever a log line might carry them. */
export const PROTECTED_LOG_REDACTIONS = PROTECTED_FIELDS.flatMap((f) => [
  f,
  `*.${f}`,
  `*.*.${f}`,
  `*.items[*].${f}`,
]);
