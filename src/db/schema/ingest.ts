// Text ingestion: documents read into the system (the original's hash, its language and text,
// what the extraction engine found) and the records proposed from them, each field with its
// span and confidence and a reviewer's decision. A proposal becomes a record (a draft) only
// when a person accepts it.
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { sources } from './incidents.ts';
import { posts } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const INGEST_EXTRACTION_STATUSES = ['done', 'not_run'] as const;
export const INGEST_REVIEW_STATUSES = ['pending', 'reviewed'] as const;
export const PROPOSAL_STATUSES = ['proposed', 'accepted', 'discarded'] as const;

/** One proposed field as the reviewer sees and decides it. */
export interface StoredProposalField {
  field: string;
  value: unknown;
  span: { start: number; end: number } | null;
  confidence: number;
  rule: string;
  decision: 'proposed' | 'accepted' | 'edited' | 'discarded';
  /** The value as the reviewer edited it. */
  edited?: unknown;
}

export const ingestedDocuments = pgTable(
  'ingested_documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id),
    fileName: text('file_name'),
    mediaType: text('media_type').notNull(),
    // SHA-256 of the original bytes as received, and of the normalised text (the duplicate key:
    // the same article pasted or uploaded as HTML or PDF has the same text).
    sha256: text('sha256').notNull(),
    textSha256: text('text_sha256').notNull(),
    language: text('language'),
    detectedLanguage: text('detected_language').notNull(),
    text: text('text').notNull(),
    extractionStatus: text('extraction_status', { enum: INGEST_EXTRACTION_STATUSES }).notNull(),
    extractionNote: text('extraction_note'),
    extraction: jsonb('extraction'),
    reviewStatus: text('review_status', { enum: INGEST_REVIEW_STATUSES })
      .notNull()
      .default('pending'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('ingested_documents_text_sha256_idx').on(t.textSha256),
    index('ingested_documents_post_review_idx').on(t.postId, t.reviewStatus, t.createdAt),
    check(
      'ingested_documents_sha256',
      sql`${t.sha256} ~ '^[0-9a-f]{64}$' and ${t.textSha256} ~ '^[0-9a-f]{64}$'`,
    ),
  ],
);

export const ingestProposals = pgTable(
  'ingest_proposals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    documentId: uuid('document_id')
      .notNull()
      .references(() => ingestedDocuments.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    kind: text('kind').notNull(),
    fields: jsonb('fields').$type<StoredProposalField[]>().notNull(),
    confidence: real('confidence').notNull(),
    status: text('status', { enum: PROPOSAL_STATUSES }).notNull().default('proposed'),
    // Existing records this proposal may duplicate: [{ id, reference, title, similarity }].
    duplicates: jsonb('duplicates')
      .$type<{ id: string; reference: string; title: string; similarity: number }[]>()
      .notNull()
      .default([]),
    // The record made from it on acceptance (a draft incident; a source for the source proposal).
    createdRecordId: uuid('created_record_id'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('ingest_proposals_document_idx').on(t.documentId, t.position),
    check(
      'ingest_proposals_kind',
      sql`${t.kind} in ('source','incident','engagement','directive')`,
    ),
    check('ingest_proposals_confidence', sql`${t.confidence} between 0 and 1`),
  ],
);
