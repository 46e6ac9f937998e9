// Request and response shapes for incidents. Vocabulary codes are checked by the domain rules
// (so that a bad code is reported with its field and the code itself); the shapes here say
// what a request may contain at all.
import { z } from 'zod';
import {
  AGE_BANDS,
  codesOf,
  INCIDENT_STATUSES,
  PERPETRATOR_TYPES,
  SEXES,
} from '../../domain/vocabularies.ts';
import { sourceView } from '../sources/schemas.ts';

const isoDate = z.iso.date();
const text = (max: number) => z.string().trim().max(max);
const count = z.number().int().min(0).max(10_000_000);

export const outcomeSchema = z.strictObject({
  reportedToPolice: z.boolean().nullable().optional(),
  reportedOn: isoDate.nullable().optional(),
  arrests: count.nullable().optional(),
  arrestsOn: isoDate.nullable().optional(),
  charges: count.nullable().optional(),
  chargedOn: isoDate.nullable().optional(),
  convictions: count.nullable().optional(),
  convictedOn: isoDate.nullable().optional(),
  sentence: text(2000).nullable().optional(),
  sentencedOn: isoDate.nullable().optional(),
});

export const actInput = z.strictObject({
  act: text(200).min(1),
  victimCount: count.nullable().optional(),
  description: text(4000).nullable().optional(),
});

export const victimGroupInput = z.strictObject({
  sex: z.enum(codesOf(SEXES)),
  ageBand: z.enum(codesOf(AGE_BANDS)),
  count,
  nationality: z.string().trim().length(2).toUpperCase().nullable().optional(),
  nationalitySourceId: z.uuid().nullable().optional(),
});

export const perpetratorInput = z.strictObject({
  type: z.enum(codesOf(PERPETRATOR_TYPES)),
  count: count.nullable().optional(),
  description: text(4000).nullable().optional(),
  attributes: z
    .array(
      z.strictObject({
        attribute: text(100).min(1),
        value: text(500).min(1),
        sourceId: z.uuid(),
        excerpt: text(4000).nullable().optional(),
      }),
    )
    .max(50)
    .optional(),
});

export const sourceLinkInput = z.strictObject({
  sourceId: z.uuid(),
  credibility: z.number().int().min(1).max(6),
  excerpt: text(10_000).nullable().optional(),
});

const incidentFields = {
  countryCode: z.string().trim().length(2).toUpperCase(),
  title: text(500).min(1),
  narrative: text(100_000),
  language: z.string().trim().min(2).max(35).nullable(),
  categories: z.array(z.string().max(100)).min(1).max(20),
  occurredStart: isoDate,
  occurredEnd: isoDate,
  datePrecision: z.string().max(20),
  admin1: text(200).nullable(),
  placeName: text(300).nullable(),
  latitude: z.number().min(-90).max(90).nullable(),
  longitude: z.number().min(-180).max(180).nullable(),
  geoPrecision: z.number().int().min(1).max(3).nullable(),
  route: z.string().max(100).nullable(),
  marking: z.string().max(40),
  tags: z.array(text(100).min(1)).max(50),
  outcome: outcomeSchema,
  acts: z.array(actInput).max(100),
  victims: z.array(victimGroupInput).max(100),
  perpetrators: z.array(perpetratorInput).max(100),
};

export const createIncidentBody = z.strictObject({
  postId: z.number().int().positive(),
  countryCode: incidentFields.countryCode.optional(),
  title: incidentFields.title,
  narrative: incidentFields.narrative.default(''),
  language: incidentFields.language.optional(),
  categories: incidentFields.categories,
  occurredStart: incidentFields.occurredStart,
  occurredEnd: incidentFields.occurredEnd.optional(),
  datePrecision: incidentFields.datePrecision,
  admin1: incidentFields.admin1.optional(),
  placeName: incidentFields.placeName.optional(),
  latitude: incidentFields.latitude.optional(),
  longitude: incidentFields.longitude.optional(),
  geoPrecision: incidentFields.geoPrecision.optional(),
  route: incidentFields.route.optional(),
  marking: incidentFields.marking.optional(),
  tags: incidentFields.tags.optional(),
  outcome: incidentFields.outcome.optional(),
  acts: incidentFields.acts.optional(),
  victims: incidentFields.victims.optional(),
  perpetrators: incidentFields.perpetrators.optional(),
  sources: z.array(sourceLinkInput).max(100).optional(),
  synthetic: z.boolean().optional(),
});

export const updateIncidentBody = z.strictObject({
  version: z.number().int().positive(),
  ...Object.fromEntries(Object.entries(incidentFields).map(([k, v]) => [k, v.optional()])),
} as { version: z.ZodNumber } & {
  [K in keyof typeof incidentFields]: z.ZodOptional<(typeof incidentFields)[K]>;
});

export const versionBody = z.strictObject({ version: z.number().int().positive() });
export const decisionBody = z.strictObject({
  version: z.number().int().positive(),
  comment: text(10_000).optional(),
});
export const commentBody = z.strictObject({ body: text(10_000).min(1) });

const warning = z.object({ field: z.string(), message: z.string() });

export const incidentSummary = z.object({
  id: z.uuid(),
  reference: z.string(),
  postId: z.number(),
  countryCode: z.string(),
  title: z.string(),
  categories: z.array(z.string()),
  occurredStart: z.string(),
  occurredEnd: z.string(),
  datePrecision: z.string(),
  placeName: z.string().nullable(),
  latitude: z.number().nullable(),
  longitude: z.number().nullable(),
  geoPrecision: z.number().nullable(),
  route: z.string().nullable(),
  status: z.enum(INCIDENT_STATUSES),
  marking: z.string(),
  synthetic: z.boolean(),
  updatedAt: z.date(),
});

export const incidentView = incidentSummary.extend({
  narrative: z.string(),
  language: z.string().nullable(),
  admin1: z.string().nullable(),
  tags: z.array(z.string()),
  outcome: outcomeSchema,
  mergedInto: z.string().nullable(),
  createdBy: z.string().nullable(),
  updatedBy: z.string().nullable(),
  submittedAt: z.date().nullable(),
  submittedBy: z.string().nullable(),
  verifiedAt: z.date().nullable(),
  verifiedBy: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  acts: z.array(
    z.object({
      act: z.string(),
      victimCount: z.number().nullable(),
      description: z.string().nullable(),
    }),
  ),
  victims: z.array(
    z.object({
      sex: z.string(),
      ageBand: z.string(),
      count: z.number(),
      nationality: z.string().nullable(),
      nationalitySourceId: z.string().nullable(),
    }),
  ),
  perpetrators: z.array(
    z.object({
      type: z.string(),
      count: z.number().nullable(),
      description: z.string().nullable(),
      attributes: z.array(
        z.object({
          attribute: z.string(),
          value: z.string(),
          sourceId: z.string(),
          excerpt: z.string().nullable(),
        }),
      ),
    }),
  ),
  sources: z.array(
    z.object({ credibility: z.number(), excerpt: z.string().nullable(), source: sourceView }),
  ),
  warnings: z.array(warning),
});

export const commentView = z.object({
  id: z.uuid(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  createdAt: z.date(),
});

export const historyEntry = z.object({
  seq: z.number(),
  at: z.date(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  changes: z.unknown(),
});

export type CreateIncidentInput = z.infer<typeof createIncidentBody>;
export type UpdateIncidentInput = z.infer<typeof updateIncidentBody>;
export type SourceLinkInput = z.infer<typeof sourceLinkInput>;
export type ActInput = z.infer<typeof actInput>;
export type VictimGroupInput = z.infer<typeof victimGroupInput>;
export type PerpetratorInput = z.infer<typeof perpetratorInput>;
