// Request and response shapes for source records (the Admiralty-graded evidence behind incidents).
import { z } from 'zod';
import { codesOf, SOURCE_RELIABILITY, SOURCE_TYPES } from '../../domain/vocabularies.ts';

const isoDate = z.iso.date();

export const sourceFields = {
  type: z.enum(codesOf(SOURCE_TYPES)),
  publisher: z.string().trim().min(1).max(500),
  title: z.string().trim().min(1).max(1000),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .nullable()
    .optional(),
  publishedOn: isoDate.nullable().optional(),
  language: z.string().trim().min(2).max(35).nullable().optional(),
  reliability: z.enum(codesOf(SOURCE_RELIABILITY)),
  originalGrade: z.string().trim().max(100).nullable().optional(),
  postId: z.number().int().positive().nullable().optional(),
  synthetic: z.boolean().optional(),
};

export const createSourceBody = z.strictObject(sourceFields);

export const updateSourceBody = z.strictObject({
  version: z.number().int().positive(),
  type: sourceFields.type.optional(),
  publisher: sourceFields.publisher.optional(),
  title: sourceFields.title.optional(),
  url: sourceFields.url,
  publishedOn: sourceFields.publishedOn,
  language: sourceFields.language,
  reliability: sourceFields.reliability.optional(),
  originalGrade: sourceFields.originalGrade,
  postId: sourceFields.postId,
});

export const sourceView = z.object({
  id: z.uuid(),
  type: z.string(),
  publisher: z.string(),
  title: z.string(),
  url: z.string().nullable(),
  publishedOn: z.string().nullable(),
  language: z.string().nullable(),
  reliability: z.string(),
  originalGrade: z.string().nullable(),
  postId: z.number().nullable(),
  synthetic: z.boolean(),
  createdBy: z.string().nullable(),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const listSourcesQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type CreateSourceInput = z.infer<typeof createSourceBody>;
export type UpdateSourceInput = z.infer<typeof updateSourceBody>;
