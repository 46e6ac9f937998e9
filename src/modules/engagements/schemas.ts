// Request and response shapes for engagements with host governments. Vocabulary codes are
// checked by the domain rules (src/domain/engagements.ts) so a bad code is named with its
// field; the shapes here say what a request may contain at all.
import { z } from 'zod';
import { ENGAGEMENT_STATUS_VALUES } from '../../db/schema/engagements.ts';
import { sourceView } from '../sources/schemas.ts';

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);

export const followUpInput = z.strictObject({
  action: text(2000).min(1),
  owner: text(200).min(1),
  dueOn: isoDate,
  status: z.string().max(20).optional(),
});

export const engagementSourceInput = z.strictObject({
  sourceId: z.uuid(),
  note: text(2000).nullable().optional(),
});

const fields = {
  countryCode: z.string().trim().length(2).toUpperCase(),
  occurredOn: isoDate,
  kind: z.string().max(40),
  counterpartOffice: text(500).min(1),
  counterpartLevel: z.string().max(40),
  directiveId: z.uuid().nullable(),
  topics: z.array(z.string().max(100)).min(1).max(30),
  concernsRaised: text(20_000),
  dataRequested: text(20_000),
  supportOffered: text(20_000),
  responseSummary: text(20_000),
  stance: z.string().max(40),
  marking: z.string().max(40),
  followUps: z.array(followUpInput).max(50),
  sources: z.array(engagementSourceInput).max(100),
  status: z.enum(ENGAGEMENT_STATUS_VALUES),
};

export const createEngagementBody = z.strictObject({
  postId: z.number().int().positive(),
  countryCode: fields.countryCode.optional(),
  occurredOn: fields.occurredOn,
  kind: fields.kind,
  counterpartOffice: fields.counterpartOffice,
  counterpartLevel: fields.counterpartLevel,
  directiveId: fields.directiveId.optional(),
  topics: fields.topics,
  concernsRaised: fields.concernsRaised.default(''),
  dataRequested: fields.dataRequested.default(''),
  supportOffered: fields.supportOffered.default(''),
  responseSummary: fields.responseSummary.default(''),
  stance: fields.stance.default('no_response_yet'),
  marking: fields.marking.optional(),
  followUps: fields.followUps.default([]),
  sources: fields.sources.default([]),
  /** `draft` for an engagement proposed from a text and not yet confirmed by the post. */
  status: fields.status.default('logged'),
  synthetic: z.boolean().optional(),
});

export const updateEngagementBody = z.strictObject({
  version: z.number().int().positive(),
  countryCode: fields.countryCode.optional(),
  occurredOn: fields.occurredOn.optional(),
  kind: fields.kind.optional(),
  counterpartOffice: fields.counterpartOffice.optional(),
  counterpartLevel: fields.counterpartLevel.optional(),
  directiveId: fields.directiveId.optional(),
  topics: fields.topics.optional(),
  concernsRaised: fields.concernsRaised.optional(),
  dataRequested: fields.dataRequested.optional(),
  supportOffered: fields.supportOffered.optional(),
  responseSummary: fields.responseSummary.optional(),
  stance: fields.stance.optional(),
  marking: fields.marking.optional(),
  followUps: fields.followUps.optional(),
  sources: fields.sources.optional(),
  /** A draft is confirmed by setting `logged`; a logged engagement does not go back to draft. */
  status: fields.status.optional(),
});

export const listEngagementsQuery = z.strictObject({
  country: z.string().trim().length(2).toUpperCase().optional(),
  post: z.coerce.number().int().positive().optional(),
  kind: z.string().max(40).optional(),
  topic: z.string().max(100).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  status: z.enum(ENGAGEMENT_STATUS_VALUES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const followUpView = z.object({
  id: z.uuid(),
  action: z.string(),
  owner: z.string(),
  dueOn: z.string(),
  status: z.string(),
  overdue: z.boolean(),
});

export const engagementSummary = z.object({
  id: z.uuid(),
  postId: z.number(),
  countryCode: z.string(),
  occurredOn: z.string(),
  kind: z.string(),
  counterpartOffice: z.string(),
  counterpartLevel: z.string(),
  topics: z.array(z.string()),
  stance: z.string(),
  responseSummary: z.string(),
  marking: z.string(),
  status: z.enum(ENGAGEMENT_STATUS_VALUES),
  synthetic: z.boolean(),
  openFollowUps: z.number(),
  overdueFollowUps: z.number(),
});

export const engagementView = z.object({
  id: z.uuid(),
  postId: z.number(),
  countryCode: z.string(),
  occurredOn: z.string(),
  kind: z.string(),
  counterpartOffice: z.string(),
  counterpartLevel: z.string(),
  directiveId: z.string().nullable(),
  topics: z.array(z.string()),
  concernsRaised: z.string(),
  dataRequested: z.string(),
  supportOffered: z.string(),
  responseSummary: z.string(),
  stance: z.string(),
  marking: z.string(),
  status: z.enum(ENGAGEMENT_STATUS_VALUES),
  synthetic: z.boolean(),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  followUps: z.array(followUpView),
  sources: z.array(z.object({ note: z.string().nullable(), source: sourceView })),
});

export const overdueFollowUp = z.object({
  id: z.uuid(),
  engagementId: z.uuid(),
  postId: z.number(),
  countryCode: z.string(),
  occurredOn: z.string(),
  kind: z.string(),
  counterpartOffice: z.string(),
  action: z.string(),
  owner: z.string(),
  dueOn: z.string(),
  daysOverdue: z.number().int(),
});

export type CreateEngagementInput = z.infer<typeof createEngagementBody>;
export type UpdateEngagementInput = z.infer<typeof updateEngagementBody>;
export type ListEngagementsQuery = z.infer<typeof listEngagementsQuery>;
export type FollowUpInput = z.infer<typeof followUpInput>;
export type EngagementSourceInput = z.infer<typeof engagementSourceInput>;
