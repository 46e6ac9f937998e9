// Request and response shapes for assessment frameworks and assessments.
import { z } from 'zod';
import { EVIDENCE_RECORD_TYPES } from '../../domain/assessments.ts';

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);

export const levelInput = z.strictObject({
  code: text(60).min(1),
  label: text(200).min(1),
  definition: text(4000),
});
export const indicatorInput = z.strictObject({
  code: text(60).min(1),
  question: text(2000).min(1),
  guidance: text(20_000).default(''),
});

const content = {
  guidance: text(50_000).default(''),
  scale: z.array(levelInput).min(1).max(20),
  indicators: z.array(indicatorInput).min(1).max(200),
};

export const createFrameworkBody = z.strictObject({ name: text(300).min(1), ...content });
export const updateFrameworkBody = z.strictObject({
  version: z.number().int().positive(),
  name: text(300).min(1).optional(),
  ...content,
});

const level = z.object({ code: z.string(), label: z.string(), definition: z.string() });
const indicator = z.object({ code: z.string(), question: z.string(), guidance: z.string() });

export const frameworkVersionView = z.object({
  id: z.uuid(),
  frameworkId: z.uuid(),
  frameworkName: z.string(),
  number: z.number().int(),
  guidance: z.string(),
  scale: z.array(level),
  indicators: z.array(indicator),
  createdAt: z.date(),
  usedBy: z.number().int(),
});

export const frameworkView = z.object({
  id: z.uuid(),
  name: z.string(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  latest: frameworkVersionView,
  versions: z.array(
    z.object({
      id: z.uuid(),
      number: z.number().int(),
      createdAt: z.date(),
      usedBy: z.number().int(),
    }),
  ),
});

export const frameworkSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  latestVersionId: z.uuid(),
  latestNumber: z.number().int(),
  indicatorCount: z.number().int(),
});

export const evidenceInput = z.strictObject({
  recordType: z.enum(EVIDENCE_RECORD_TYPES),
  recordId: z.string().trim().min(1).max(100),
  note: text(2000).nullable().optional(),
});

export const ratingInput = z.strictObject({
  indicatorCode: text(60).min(1),
  rating: z.string().max(60).nullable(),
  narrative: text(50_000).default(''),
  evidence: z.array(evidenceInput).max(100).default([]),
});

export const createAssessmentBody = z.strictObject({
  postId: z.number().int().positive(),
  countryCode: z.string().trim().length(2).toUpperCase().optional(),
  frameworkVersionId: z.uuid(),
  periodStart: isoDate,
  periodEnd: isoDate,
  summary: text(50_000).default(''),
  marking: z.string().max(40).optional(),
  ratings: z.array(ratingInput).max(200).default([]),
  synthetic: z.boolean().optional(),
});

export const updateAssessmentBody = z.strictObject({
  version: z.number().int().positive(),
  periodStart: isoDate.optional(),
  periodEnd: isoDate.optional(),
  summary: text(50_000).optional(),
  marking: z.string().max(40).optional(),
  /** Ratings given replace those of the same indicators; others stay. */
  ratings: z.array(ratingInput).max(200).optional(),
});

export const versionBody = z.strictObject({ version: z.number().int().positive() });
export const reviewBody = z.strictObject({
  version: z.number().int().positive(),
  decision: z.enum(['reviewed', 'returned']),
  comment: text(10_000).optional(),
});

export const listAssessmentsQuery = z.strictObject({
  country: z.string().trim().length(2).toUpperCase().optional(),
  post: z.coerce.number().int().positive().optional(),
  status: z.enum(['draft', 'submitted', 'returned', 'reviewed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

const evidenceView = z.object({
  recordType: z.string(),
  recordId: z.string(),
  note: z.string().nullable(),
  label: z.string(),
});

export const ratingView = z.object({
  indicatorCode: z.string(),
  question: z.string(),
  rating: z.string().nullable(),
  ratingLabel: z.string().nullable(),
  narrative: z.string(),
  evidence: z.array(evidenceView),
});

export const assessmentSummary = z.object({
  id: z.uuid(),
  postId: z.number(),
  countryCode: z.string(),
  frameworkVersionId: z.uuid(),
  frameworkName: z.string(),
  frameworkNumber: z.number().int(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: z.string(),
  marking: z.string(),
  updatedAt: z.date(),
});

export const assessmentView = assessmentSummary.extend({
  summary: z.string(),
  synthetic: z.boolean(),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  submittedAt: z.date().nullable(),
  reviewedAt: z.date().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  framework: frameworkVersionView,
  ratings: z.array(ratingView),
});

const cell = z.object({
  assessmentId: z.uuid(),
  rating: z.string().nullable(),
  ratingLabel: z.string().nullable(),
  narrative: z.string(),
  evidenceCount: z.number().int(),
  /** Compared with the previous column: 'up', 'down', 'same', or null when not comparable. */
  change: z.enum(['up', 'down', 'same']).nullable(),
});

export const comparisonView = z.object({
  frameworkId: z.uuid(),
  frameworkName: z.string(),
  columns: z.array(
    z.object({
      assessmentId: z.uuid(),
      countryCode: z.string(),
      countryName: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      status: z.string(),
      frameworkNumber: z.number().int(),
    }),
  ),
  rows: z.array(
    z.object({ indicatorCode: z.string(), question: z.string(), cells: z.array(cell.nullable()) }),
  ),
});

export const compareQuery = z.strictObject({ framework: z.uuid() });

export type CreateFrameworkInput = z.infer<typeof createFrameworkBody>;
export type UpdateFrameworkInput = z.infer<typeof updateFrameworkBody>;
export type CreateAssessmentInput = z.infer<typeof createAssessmentBody>;
export type UpdateAssessmentInput = z.infer<typeof updateAssessmentBody>;
export type RatingInputBody = z.infer<typeof ratingInput>;
export type ListAssessmentsQuery = z.infer<typeof listAssessmentsQuery>;
