// Partner organisations, their users and what is shared with them. A share is one record
// (incident, engagement) or a saved aggregate (its figures frozen when shared, small cells
// suppressed), with an expiry date and a revocation. Partner users see nothing else.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const partnerOrganisations = pgTable(
  'partner_organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull().unique(),
    // 'government_agency' | 'regional_partner' | 'international_organisation'
    kind: text('kind').notNull(),
    // Foreign partners may receive only items whose marking allows foreign release.
    foreign: boolean('foreign').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check(
      'partner_organisations_kind',
      sql`${t.kind} in ('government_agency','regional_partner','international_organisation')`,
    ),
  ],
);

/** A user holding the partner role belongs to exactly one organisation. */
export const partnerMembers = pgTable('partner_members', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => partnerOrganisations.id),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export interface SharedAggregate {
  kind: 'verified_incidents_by_category';
  countryCode: string;
  periodStart: string;
  periodEnd: string;
  threshold: number;
  rows: { category: string; count: number | null; display: string }[];
  total: { count: number | null; display: string };
  note: string;
}

export const partnerShares = pgTable(
  'partner_shares',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => partnerOrganisations.id),
    // 'incident' | 'engagement' | 'aggregate'
    itemType: text('item_type').notNull(),
    recordId: uuid('record_id'),
    aggregate: jsonb('aggregate').$type<SharedAggregate>(),
    title: text('title').notNull(),
    note: text('note').notNull().default(''),
    expiresOn: date('expires_on', { mode: 'string' }).notNull(),
    revokedAt: ts('revoked_at'),
    revokedBy: uuid('revoked_by').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    check('partner_shares_item_type', sql`${t.itemType} in ('incident','engagement','aggregate')`),
    check(
      'partner_shares_item',
      sql`(${t.itemType} = 'aggregate') = (${t.aggregate} is not null and ${t.recordId} is null)`,
    ),
    index('partner_shares_organisation_idx').on(t.organisationId, t.expiresOn),
  ],
);
