// Request and response shapes for justice outcomes and the sentencing comparison. Vocabulary
// codes are checked by the domain rules (src/domain/justice.ts) so a bad code is named with
// its field; the shapes here say what a request may contain at all.
import { z } from 'zod';
import { sourceView } from '../sources/schemas.ts';

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const factors = z.array(text(500).min(1)).max(50);
/** A query parameter given once or repeated (`?aggravating=x&aggravating=y`). */
const repeated = z.union([text(500).min(1), z.array(text(500).min(1)).max(20)]).optional();

/** The values of a parameter that may be given once, repeated or not at all. */
export const listOf = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

const fields = {
  countryCode: z.string().trim().length(2).toUpperCase(),
  subnationalJurisdiction: text(200).min(1).nullable(),
  courtLevel: z.string().max(40),
  decidedOn: isoDate,
  offenceClass: z.string().max(10),
  defendantGroup: text(500).min(1),
  sourceId: z.uuid(),
  outcome: z.string().max(20),
  sentenceType: z.string().max(20).nullable(),
  sentenceMonths: z.number().min(0).max(99_999).nullable(),
  aggravatingFactors: factors,
  mitigatingFactors: factors,
  marking: z.string().max(40),
};

export const createJusticeOutcomeBody = z.strictObject({
  postId: z.number().int().positive(),
  countryCode: fields.countryCode.optional(),
  subnationalJurisdiction: fields.subnationalJurisdiction.optional(),
  courtLevel: fields.courtLevel,
  decidedOn: fields.decidedOn,
  offenceClass: fields.offenceClass,
  defendantGroup: fields.defendantGroup,
  sourceId: fields.sourceId,
  outcome: fields.outcome,
  sentenceType: fields.sentenceType.optional(),
  sentenceMonths: fields.sentenceMonths.optional(),
  aggravatingFactors: fields.aggravatingFactors.default([]),
  mitigatingFactors: fields.mitigatingFactors.default([]),
  marking: fields.marking.optional(),
  synthetic: z.boolean().optional(),
});

export const updateJusticeOutcomeBody = z.strictObject({
  version: z.number().int().positive(),
  countryCode: fields.countryCode.optional(),
  subnationalJurisdiction: fields.subnationalJurisdiction.optional(),
  courtLevel: fields.courtLevel.optional(),
  decidedOn: fields.decidedOn.optional(),
  offenceClass: fields.offenceClass.optional(),
  defendantGroup: fields.defendantGroup.optional(),
  sourceId: fields.sourceId.optional(),
  outcome: fields.outcome.optional(),
  sentenceType: fields.sentenceType.optional(),
  sentenceMonths: fields.sentenceMonths.optional(),
  aggravatingFactors: fields.aggravatingFactors.optional(),
  mitigatingFactors: fields.mitigatingFactors.optional(),
  marking: fields.marking.optional(),
});

export const listJusticeOutcomesQuery = z.strictObject({
  country: fields.countryCode.optional(),
  offenceClass: z.string().max(10).optional(),
  post: z.coerce.number().int().positive().optional(),
  defendantGroup: text(500).optional(),
  outcome: z.string().max(20).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

/** Comparable cases: one offence class, one jurisdiction, one period; factors narrow further. */
export const comparisonQuery = z.strictObject({
  offenceClass: z.string().max(10),
  country: fields.countryCode,
  subnational: text(200).min(1).optional(),
  courtLevel: z.string().max(40).optional(),
  from: isoDate,
  to: isoDate,
  groupA: fields.defendantGroup,
  groupB: fields.defendantGroup,
  /** Cases must state every one of these aggravating (mitigating) factors. */
  aggravating: repeated,
  mitigating: repeated,
  /** Cases stating any of these are left out. */
  withoutAggravating: repeated,
  withoutMitigating: repeated,
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
});

export const defendantGroupsQuery = z.strictObject({
  offenceClass: z.string().max(10).optional(),
  country: fields.countryCode.optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});

export const justiceOutcomeView = z.object({
  id: z.uuid(),
  postId: z.number(),
  countryCode: z.string(),
  subnationalJurisdiction: z.string().nullable(),
  courtLevel: z.string(),
  decidedOn: z.string(),
  offenceClass: z.string(),
  defendantGroup: z.string(),
  outcome: z.string(),
  sentenceType: z.string().nullable(),
  sentenceMonths: z.number().nullable(),
  aggravatingFactors: z.array(z.string()),
  mitigatingFactors: z.array(z.string()),
  marking: z.string(),
  synthetic: z.boolean(),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  source: sourceView,
});

export const justiceOutcomeSummary = justiceOutcomeView
  .omit({ source: true, createdBy: true, updatedBy: true, createdAt: true, updatedAt: true })
  .extend({
    source: z.object({ id: z.uuid(), title: z.string(), publisher: z.string() }),
  });

const distribution = z.object({
  min: z.number(),
  q1: z.number(),
  median: z.number(),
  q3: z.number(),
  max: z.number(),
  histogram: z.array(
    z.object({ fromMonths: z.number(), toMonths: z.number().nullable(), count: z.number() }),
  ),
});

const side = z.object({
  defendantGroup: z.string(),
  cases: z.number().int(),
  convictions: z.number().int(),
  acquittals: z.number().int(),
  sentenceTypes: z.array(z.object({ sentenceType: z.string(), count: z.number().int() })),
  custodialCases: z.number().int(),
  distribution: distribution.nullable(),
  caseIds: z.array(z.uuid()),
  syntheticCases: z.number().int(),
});

export const comparisonView = z.object({
  criteria: z.object({
    offenceClass: z.string(),
    country: z.string(),
    subnational: z.string().nullable(),
    courtLevel: z.string().nullable(),
    from: z.string(),
    to: z.string(),
    aggravating: z.array(z.string()),
    mitigating: z.array(z.string()),
    withoutAggravating: z.array(z.string()),
    withoutMitigating: z.array(z.string()),
  }),
  measure: z.string(),
  minCases: z.number().int(),
  sides: z.tuple([side, side]),
  medianDifference: z.discriminatedUnion('stated', [
    z.object({
      stated: z.literal(true),
      difference: z.number(),
      lower: z.number(),
      upper: z.number(),
      level: z.number(),
      iterations: z.number().int(),
      seed: z.number().int(),
      n: z.tuple([z.number().int(), z.number().int()]),
    }),
    z.object({ stated: z.literal(false), reason: z.string() }),
  ]),
  confounders: z.array(z.string()),
  synthetic: z.boolean(),
});

export type CreateJusticeOutcomeInput = z.infer<typeof createJusticeOutcomeBody>;
export type UpdateJusticeOutcomeInput = z.infer<typeof updateJusticeOutcomeBody>;
export type ListJusticeOutcomesQuery = z.infer<typeof listJusticeOutcomesQuery>;
export type ComparisonQuery = z.infer<typeof comparisonQuery>;
export type DefendantGroupsQuery = z.infer<typeof defendantGroupsQuery>;
