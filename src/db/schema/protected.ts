// Protected victim and witness details: names, contact details and identifiers, kept apart
// from the incident record and encrypted at rest (AES-256-GCM; the service encrypts, the
// database only ever holds ciphertext). Each row names the key that encrypted it so that key
// rotation can re-encrypt row by row. Who may see them is an explicit grant per user and post.
import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { incidents } from './incidents.ts';
import { posts } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  toDriver: (value) => value,
  // node-postgres gives a Buffer, PGlite a Uint8Array.
  fromDriver: (value) => Buffer.from(value),
});

export const protectedDetails = pgTable(
  'protected_details',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    // 'victim' or 'witness': the only thing kept in clear, so a page can say how many exist.
    role: text('role').notNull(),
    keyId: text('key_id').notNull(),
    iv: bytea('iv').notNull(),
    ciphertext: bytea('ciphertext').notNull(),
    authTag: bytea('auth_tag').notNull(),
    version: integer('version').notNull().default(1),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('protected_details_incident_idx').on(t.incidentId),
    index('protected_details_key_idx').on(t.keyId),
    check('protected_details_role', sql`${t.role} in ('victim', 'witness')`),
  ],
);

/** Who may see and edit the protected details of a post's incidents (granted by admins). */
export const protectedDetailGrants = pgTable(
  'protected_detail_grants',
  {
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id),
    grantedBy: uuid('granted_by').references(() => users.id),
    grantedAt: ts('granted_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.postId] })],
);
