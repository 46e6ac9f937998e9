// Request and response shapes for partner organisations, their members, shares, and what a
// partner user reads.
import { z } from 'zod';

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const partnerKind = z.enum(['government_agency', 'regional_partner', 'international_organisation']);

export const createPartnerBody = z.strictObject({
  name: text(300).min(1),
  kind: partnerKind,
  foreign: z.boolean(),
});
export const updatePartnerBody = z.strictObject({
  version: z.number().int().positive(),
  name: text(300).min(1).optional(),
  kind: partnerKind.optional(),
  foreign: z.boolean().optional(),
  active: z.boolean().optional(),
});
export const memberBody = z.strictObject({ userId: z.uuid() });

export const createShareBody = z.discriminatedUnion('itemType', [
  z.strictObject({
    itemType: z.enum(['incident', 'engagement']),
    recordId: z.uuid(),
    title: text(300).optional(),
    note: text(4000).default(''),
    expiresOn: isoDate,
  }),
  z.strictObject({
    itemType: z.literal('aggregate'),
    aggregate: z.strictObject({
      countryCode: z.string().trim().length(2).toUpperCase(),
      periodStart: isoDate,
      periodEnd: isoDate,
    }),
    title: text(300).min(1),
    note: text(4000).default(''),
    expiresOn: isoDate,
  }),
]);

const aggregateView = z.object({
  kind: z.literal('verified_incidents_by_category'),
  countryCode: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  threshold: z.number(),
  rows: z.array(
    z.object({ category: z.string(), count: z.number().nullable(), display: z.string() }),
  ),
  total: z.object({ count: z.number().nullable(), display: z.string() }),
  note: z.string(),
});

export const shareView = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  itemType: z.string(),
  recordId: z.string().nullable(),
  aggregate: aggregateView.nullable(),
  title: z.string(),
  note: z.string(),
  expiresOn: z.string(),
  revokedAt: z.date().nullable(),
  createdAt: z.date(),
  state: z.enum(['active', 'expired', 'revoked']),
});

export const partnerSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  foreign: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
  members: z.number().int(),
  activeShares: z.number().int(),
});

export const partnerView = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.string(),
  foreign: z.boolean(),
  active: z.boolean(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  members: z.array(z.object({ userId: z.uuid(), username: z.string(), displayName: z.string() })),
  shares: z.array(shareView),
});

export const sharedSummary = z.object({
  id: z.uuid(),
  itemType: z.string(),
  title: z.string(),
  note: z.string(),
  expiresOn: z.string(),
  sharedOn: z.date(),
});

export const sharedItem = sharedSummary.extend({
  organisationName: z.string(),
  aggregate: aggregateView.nullable(),
  record: z.record(z.string(), z.unknown()).nullable(),
});

export type CreatePartnerInput = z.infer<typeof createPartnerBody>;
export type UpdatePartnerInput = z.infer<typeof updatePartnerBody>;
export type CreateShareInput = z.infer<typeof createShareBody>;
