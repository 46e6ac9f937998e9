// Request and response shapes for duplicate candidates and merges.
import { z } from 'zod';
import { INCIDENT_STATUSES } from '../../domain/vocabularies.ts';

export const duplicateCandidate = z.object({
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  status: z.enum(INCIDENT_STATUSES),
  postId: z.number(),
  categories: z.array(z.string()),
  occurredStart: z.string(),
  occurredEnd: z.string(),
  datePrecision: z.string(),
  placeName: z.string().nullable(),
  /** 0–100: how alike the two records are (domain/duplicates.ts) */
  score: z.number().int().min(0).max(100),
  /** why the record is listed, e.g. "similar title (62%)" */
  reasons: z.array(z.string()),
});

export const duplicateList = z.object({ items: z.array(duplicateCandidate) });

export const mergeBody = z.strictObject({
  /** the record merged away (B); the record in the path (A) keeps everything of both */
  duplicateId: z.uuid(),
  /** the version of A the user saw */
  version: z.number().int().positive(),
  /** the version of B the user saw */
  duplicateVersion: z.number().int().positive(),
});

export type DuplicateCandidate = z.infer<typeof duplicateCandidate>;
export type MergeInput = z.infer<typeof mergeBody>;
