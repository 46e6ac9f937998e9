// Engagements with host governments (the "interventions" of HURIDOCS: what was done about what
// posts report): démarches, meetings, notes, calls; what was conveyed, how the host answered,
// and the follow-ups owed, with the sources behind them, and the directive that asked for them.
import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { directives } from './directives.ts';
import { users } from './identity.ts';
import { sources } from './incidents.ts';
import { countries, posts } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * `logged`: the post's record of what it did. `draft`: proposed from a text read in and accepted
 * by a reviewer, not yet confirmed by the post; kept out of country reports and partner shares.
 */
export const ENGAGEMENT_STATUS_VALUES = ['draft', 'logged'] as const;

export const engagements = pgTable(
  'engagements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id),
    countryCode: char('country_code', { length: 2 })
      .notNull()
      .references(() => countries.code),
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    kind: text('kind').notNull(),
    counterpartOffice: text('counterpart_office').notNull(),
    counterpartLevel: text('counterpart_level').notNull(),
    directiveId: uuid('directive_id').references(() => directives.id),
    topics: text('topics').array().notNull(),
    concernsRaised: text('concerns_raised').notNull().default(''),
    dataRequested: text('data_requested').notNull().default(''),
    supportOffered: text('support_offered').notNull().default(''),
    responseSummary: text('response_summary').notNull().default(''),
    stance: text('stance').notNull().default('no_response_yet'),
    marking: text('marking').notNull().default('sbu'),
    status: text('status', { enum: ENGAGEMENT_STATUS_VALUES }).notNull().default('logged'),
    synthetic: boolean('synthetic').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('engagements_topics_not_empty', sql`cardinality(${t.topics}) > 0`),
    check('engagements_status', sql`${t.status} in ('draft','logged')`),
    index('engagements_country_date_idx').on(t.countryCode, t.occurredOn),
    index('engagements_post_date_idx').on(t.postId, t.occurredOn),
  ],
);

export const engagementFollowUps = pgTable(
  'engagement_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    action: text('action').notNull(),
    owner: text('owner').notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    status: text('status').notNull().default('open'),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    index('engagement_follow_ups_engagement_idx').on(t.engagementId),
    // Overdue follow-ups are looked up by status and due date across all engagements.
    index('engagement_follow_ups_open_due_idx').on(t.status, t.dueOn),
    check('engagement_follow_ups_status', sql`${t.status} in ('open','done','cancelled')`),
  ],
);

export const engagementSources = pgTable(
  'engagement_sources',
  {
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.engagementId, t.sourceId] }),
    index('engagement_sources_source_idx').on(t.sourceId),
  ],
);
