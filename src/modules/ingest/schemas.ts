// Request and response shapes for text ingestion.
import { z } from 'zod';
import { codesOf, SOURCE_TYPES } from '../../domain/vocabularies.ts';
import { sourceView } from '../sources/schemas.ts';

const isoDate = z.iso.date();
const documentMeta = {
  postId: z.coerce.number().int().positive(),
  publisher: z.string().trim().min(1).max(500).optional(),
  title: z.string().trim().min(1).max(1000).optional(),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  publishedOn: isoDate.optional(),
  sourceType: z.enum(codesOf(SOURCE_TYPES)).optional(),
};

export const ingestTextBody = z.strictObject({ ...documentMeta, text: z.string().max(900_000) });
export const ingestFileQuery = z.strictObject({
  ...documentMeta,
  fileName: z.string().trim().min(1).max(300),
});

const span = z.object({ start: z.number().int(), end: z.number().int() }).nullable();
export const proposalView = z.object({
  id: z.uuid(),
  documentId: z.uuid(),
  position: z.number().int(),
  kind: z.string(),
  fields: z.array(
    z.object({
      field: z.string(),
      value: z.unknown(),
      span,
      confidence: z.number(),
      rule: z.string(),
      decision: z.enum(['proposed', 'accepted', 'edited', 'discarded']),
      edited: z.unknown().optional(),
    }),
  ),
  confidence: z.number(),
  status: z.string(),
  duplicates: z.array(
    z.object({ id: z.string(), reference: z.string(), title: z.string(), similarity: z.number() }),
  ),
  createdRecordId: z.string().nullable(),
  version: z.number().int(),
  /** Whether the caller may accept it now and, if not, why (the permission it needs). */
  acceptance: z.object({ allowed: z.boolean(), reason: z.string().nullable() }),
});

const documentBase = z.object({
  id: z.uuid(),
  sourceId: z.uuid(),
  postId: z.number().int(),
  fileName: z.string().nullable(),
  mediaType: z.string(),
  sha256: z.string(),
  textSha256: z.string(),
  language: z.string().nullable(),
  detectedLanguage: z.string(),
  extractionStatus: z.string(),
  extractionNote: z.string().nullable(),
  reviewStatus: z.string(),
  createdAt: z.date(),
});

export const ingestResult = z.object({ duplicate: z.boolean(), document: documentBase });

export const documentView = documentBase.extend({
  text: z.string(),
  extraction: z.unknown(),
  source: sourceView,
  proposals: z.array(proposalView),
});

export const documentSummary = z.object({
  id: z.uuid(),
  sourceId: z.uuid(),
  postId: z.number().int(),
  fileName: z.string().nullable(),
  title: z.string().nullable(),
  language: z.string().nullable(),
  extractionStatus: z.string(),
  reviewStatus: z.string(),
  proposals: z.number().int(),
  open: z.number().int(),
  createdAt: z.date(),
});

export const listDocumentsQuery = z.strictObject({
  status: z.enum(['pending', 'reviewed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const decideBody = z.strictObject({
  version: z.number().int().positive(),
  decisions: z
    .array(
      z.strictObject({
        field: z.string().min(1).max(100),
        decision: z.enum(['proposed', 'accepted', 'edited', 'discarded']),
        value: z.unknown().optional(),
      }),
    )
    .min(1)
    .max(100),
});

export const versionBody = z.strictObject({ version: z.number().int().positive() });
