// Request and response shapes for directives, taskings and the compliance view.
import { z } from 'zod';
import {
  DIRECTIVE_KIND_VALUES,
  DIRECTIVE_STATUS_VALUES,
  TASKING_STATUS_VALUES,
} from '../../db/schema/directives.ts';

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);

export const addresseesSchema = z.strictObject({
  regionIds: z.array(z.number().int().positive()).max(20).default([]),
  countryCodes: z.array(z.string().trim().length(2).toUpperCase()).max(300).default([]),
  postIds: z.array(z.number().int().positive()).max(1000).default([]),
});

export const requirementInput = z.strictObject({
  /** An existing requirement's id when amending; new requirements have none. */
  id: z.uuid().optional(),
  kind: z.enum(['records', 'question']),
  recordType: z.string().max(50).nullable().optional(),
  criteria: z.record(z.string(), z.unknown()).optional(),
  title: text(500).min(1),
  guidance: text(10_000).optional(),
  required: z.boolean().default(true),
});

const directiveFields = {
  title: text(500).min(1),
  kind: z.enum(DIRECTIVE_KIND_VALUES),
  issuingOffice: text(200).min(1),
  periodStart: isoDate,
  periodEnd: isoDate,
  dueOn: isoDate,
  body: text(200_000),
  addressees: addresseesSchema,
  requirements: z.array(requirementInput).max(100),
};

export const createDirectiveBody = z.strictObject({
  ...directiveFields,
  body: directiveFields.body.default(''),
  requirements: directiveFields.requirements.default([]),
  synthetic: z.boolean().optional(),
});

export const updateDirectiveBody = z.strictObject({
  version: z.number().int().positive(),
  title: directiveFields.title.optional(),
  kind: directiveFields.kind.optional(),
  issuingOffice: directiveFields.issuingOffice.optional(),
  periodStart: isoDate.optional(),
  periodEnd: isoDate.optional(),
  dueOn: isoDate.optional(),
  body: directiveFields.body.optional(),
  addressees: addresseesSchema.optional(),
  requirements: directiveFields.requirements.optional(),
  /** After issue: what the amendment is about, in a sentence the posts will read. */
  amendmentSummary: text(2000).optional(),
});

export const issueBody = z.strictObject({
  version: z.number().int().positive(),
  issuedOn: isoDate.optional(),
});
export const versionBody = z.strictObject({ version: z.number().int().positive() });

export const listDirectivesQuery = z.strictObject({
  status: z.enum(DIRECTIVE_STATUS_VALUES).optional(),
  kind: z.enum(DIRECTIVE_KIND_VALUES).optional(),
});

export const requirementView = z.object({
  id: z.uuid(),
  position: z.number(),
  kind: z.enum(['records', 'question']),
  recordType: z.string().nullable(),
  recordTypeLabel: z.string().nullable(),
  criteria: z.record(z.string(), z.unknown()),
  criteriaText: z.string(),
  title: z.string(),
  guidance: z.string(),
  required: z.boolean(),
  withdrawn: z.boolean(),
});

const change = z.object({
  field: z.string(),
  label: z.string(),
  from: z.string().optional(),
  to: z.string().optional(),
  lines: z
    .array(z.object({ op: z.enum(['added', 'removed', 'same']), text: z.string() }))
    .optional(),
});

export const amendmentView = z.object({
  number: z.number(),
  summary: z.string(),
  changes: z.array(change),
  amendedAt: z.date(),
  amendedBy: z.string().nullable(),
});

export const directiveSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  kind: z.enum(DIRECTIVE_KIND_VALUES),
  issuingOffice: z.string(),
  status: z.enum(DIRECTIVE_STATUS_VALUES),
  issuedOn: z.string().nullable(),
  periodStart: z.string(),
  periodEnd: z.string(),
  dueOn: z.string(),
  amendment: z.number(),
  synthetic: z.boolean(),
  version: z.number(),
  updatedAt: z.date(),
});

export const postRef = z.object({
  id: z.number(),
  code: z.string(),
  name: z.string(),
  countryCode: z.string(),
  regionId: z.number(),
});

export const directiveView = directiveSummary.extend({
  body: z.string(),
  /** The body rendered from Markdown and sanitised: safe to insert as HTML. */
  bodyHtml: z.string(),
  addressees: addresseesSchema,
  requirements: z.array(requirementView),
  /** The posts tasked (after issue) or that the addressees resolve to now (draft). */
  posts: z.array(postRef),
  amendments: z.array(amendmentView),
  taskingCount: z.number(),
  closedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const recordView = z.object({
  recordType: z.string(),
  id: z.string(),
  label: z.string(),
  date: z.string().nullable(),
  status: z.string(),
  href: z.string(),
  linked: z.boolean(),
});

export const taskingSummary = z.object({
  id: z.uuid(),
  directiveId: z.uuid(),
  directiveReference: z.string(),
  directiveTitle: z.string(),
  directiveKind: z.enum(DIRECTIVE_KIND_VALUES),
  postId: z.number(),
  postCode: z.string(),
  postName: z.string(),
  status: z.enum(TASKING_STATUS_VALUES),
  dueOn: z.string(),
  unseenAmendments: z.number(),
  version: z.number(),
  updatedAt: z.date(),
});

export const taskingView = taskingSummary.extend({
  directive: directiveView.omit({ posts: true }),
  requirements: z.array(
    requirementView.extend({
      answer: z.string(),
      nothingToReport: z.boolean(),
      explanation: z.string().nullable(),
      records: z.array(recordView),
    }),
  ),
  /** Amendments made since the post last acknowledged the directive. */
  changesSinceSeen: z.array(amendmentView),
  reviews: z.array(
    z.object({
      action: z.string(),
      comment: z.string().nullable(),
      actorName: z.string().nullable(),
      at: z.date(),
    }),
  ),
  reviewComment: z.string().nullable(),
  submittedAt: z.date().nullable(),
  reviewedAt: z.date().nullable(),
});

export const answerBody = z
  .strictObject({
    answer: text(100_000).default(''),
    nothingToReport: z.boolean().default(false),
    explanation: text(10_000).nullable().optional(),
  })
  .refine((a) => !a.nothingToReport || (a.explanation ?? '').trim().length > 0, {
    path: ['explanation'],
    message: '"Nothing to report" needs an explanation',
  });

export const linkBody = z.strictObject({
  requirementId: z.uuid(),
  recordType: z.string().min(1).max(50),
  recordId: z.uuid(),
});

export const decisionBody = z.strictObject({
  version: z.number().int().positive(),
  comment: text(10_000).optional(),
});

export const listTaskingsQuery = z.strictObject({
  post: z.coerce.number().int().positive().optional(),
  open: z.enum(['true', 'false']).optional(),
});

export const complianceQuery = z.strictObject({
  region: z.coerce.number().int().positive().optional(),
});

export const exportQuery = complianceQuery.extend({ format: z.enum(['csv', 'xlsx']) });

export const complianceView = z.object({
  directive: directiveSummary,
  requirements: z.array(
    z.object({ id: z.uuid(), position: z.number(), title: z.string(), required: z.boolean() }),
  ),
  rows: z.array(
    z.object({
      taskingId: z.uuid(),
      post: postRef,
      regionName: z.string(),
      status: z.enum(TASKING_STATUS_VALUES),
      overdue: z.boolean(),
      cells: z.array(
        z.object({
          requirementId: z.uuid(),
          state: z.enum(['met', 'nothing_to_report', 'missing']),
          records: z.number(),
        }),
      ),
    }),
  ),
  totals: z.record(z.string(), z.number()),
});

export type CreateDirectiveInput = z.infer<typeof createDirectiveBody>;
export type UpdateDirectiveInput = z.infer<typeof updateDirectiveBody>;
export type RequirementInput = z.infer<typeof requirementInput>;
export type Addressees = z.infer<typeof addresseesSchema>;
export type AnswerInput = z.infer<typeof answerBody>;
export type LinkInput = z.infer<typeof linkBody>;
export type ComplianceView = z.infer<typeof complianceView>;
