// Files attached to a record (an incident, a source, an engagement): what the upload was
// found to be from its bytes, its SHA-256, and where the content-addressed file store keeps
// it. The owner is generic (owner_type + owner_id); the service decides who may see it from
// the owner record. Several rows may share one stored file (same SHA-256).
import { sql } from 'drizzle-orm';
import { bigint, char, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './identity.ts';

export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerType: text('owner_type').notNull(),
    ownerId: text('owner_id').notNull(),
    // The name as uploaded, sanitised (no path, no control characters); never used as a path.
    fileName: text('file_name').notNull(),
    // Detected from the bytes, from the allow-list; never the client's claim.
    contentType: text('content_type').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
    sha256: char('sha256', { length: 64 }).notNull(),
    // The file store's key for the content (content-addressed: derived from the SHA-256).
    storageKey: text('storage_key').notNull(),
    uploadedBy: uuid('uploaded_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('attachments_owner_idx').on(t.ownerType, t.ownerId, t.createdAt),
    index('attachments_sha256_idx').on(t.sha256),
    check('attachments_sha256_hex', sql`${t.sha256} ~ '^[0-9a-f]{64}$'`),
    check('attachments_size', sql`${t.sizeBytes} >= 0`),
  ],
);
