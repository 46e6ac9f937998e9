// Directives (cables) from headquarters, their versioned amendments and ordered requirements;
// the tasking each addressed post receives, with its answers, the records linked to each
// requirement (any record type, see modules/directives/satisfiers.ts), review decisions; and
// the in-app notifications they raise.
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { posts } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const DIRECTIVE_KIND_VALUES = [
  'annual_human_rights',
  'migration_reporting',
  'regional_guidance',
  'other',
] as const;
export const DIRECTIVE_STATUS_VALUES = ['draft', 'issued', 'closed'] as const;
export const TASKING_STATUS_VALUES = [
  'not_started',
  'in_progress',
  'submitted',
  'accepted',
  'returned',
  'overdue',
] as const;

/** Who a directive is addressed to, as the editor chose it; resolved to posts at issue time. */
export interface DirectiveAddressees {
  regionIds: number[];
  countryCodes: string[];
  postIds: number[];
}

export const directiveReferenceSeq = pgSequence('directive_reference_seq');

export const directives = pgTable(
  'directives',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Cable reference, e.g. DIR-2026-0007: at least four digits, never cut to four (see
    // incidents.reference).
    reference: text('reference')
      .notNull()
      .unique()
      .default(
        sql`'DIR-' || to_char(now(), 'YYYY') || '-' || regexp_replace('000' || nextval('directive_reference_seq')::text, '^0+(?=[0-9]{4})', '')`,
      ),
    title: text('title').notNull(),
    kind: text('kind', { enum: DIRECTIVE_KIND_VALUES }).notNull(),
    issuingOffice: text('issuing_office').notNull(),
    status: text('status', { enum: DIRECTIVE_STATUS_VALUES }).notNull().default('draft'),
    issuedOn: date('issued_on', { mode: 'string' }),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    body: text('body').notNull().default(''),
    addressees: jsonb('addressees').$type<DirectiveAddressees>().notNull(),
    // Number of amendments made after issue; taskings remember the last one their post saw.
    amendment: integer('amendment').notNull().default(0),
    synthetic: boolean('synthetic').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    closedAt: ts('closed_at'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('directives_period_ordered', sql`${t.periodEnd} >= ${t.periodStart}`),
    check('directives_due_after_issue', sql`${t.issuedOn} is null or ${t.dueOn} >= ${t.issuedOn}`),
    index('directives_status_due_idx').on(t.status, t.dueOn),
  ],
);

export const directiveRequirements = pgTable(
  'directive_requirements',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    directiveId: uuid('directive_id')
      .notNull()
      .references(() => directives.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    // 'records': collect records of `recordType` matching `criteria`; 'question': answer in text.
    kind: text('kind', { enum: ['records', 'question'] }).notNull(),
    recordType: text('record_type'),
    criteria: jsonb('criteria').$type<Record<string, unknown>>().notNull().default({}),
    title: text('title').notNull(),
    guidance: text('guidance').notNull().default(''),
    required: boolean('required').notNull().default(true),
    // An amendment that drops a requirement withdraws it: answers and links stay on record.
    withdrawn: boolean('withdrawn').notNull().default(false),
  },
  (t) => [
    index('directive_requirements_directive_idx').on(t.directiveId, t.position),
    check(
      'directive_requirements_record_type',
      sql`(${t.kind} = 'records') = (${t.recordType} is not null)`,
    ),
  ],
);

/** Each amendment after issue: what changed (a field diff) and the directive as it then was. */
export const directiveAmendments = pgTable(
  'directive_amendments',
  {
    directiveId: uuid('directive_id')
      .notNull()
      .references(() => directives.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    summary: text('summary').notNull(),
    changes: jsonb('changes').notNull(),
    snapshot: jsonb('snapshot').notNull(),
    amendedBy: uuid('amended_by').references(() => users.id),
    amendedAt: ts('amended_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.directiveId, t.number] })],
);

export const taskings = pgTable(
  'taskings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    directiveId: uuid('directive_id')
      .notNull()
      .references(() => directives.id, { onDelete: 'cascade' }),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id),
    status: text('status', { enum: TASKING_STATUS_VALUES }).notNull().default('not_started'),
    // The last amendment the post has opened; a higher directive amendment is "changed since".
    seenAmendment: integer('seen_amendment').notNull().default(0),
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    reviewComment: text('review_comment'),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    // Issuing twice (or two editors at once) can never give a post two taskings.
    unique('taskings_directive_post_unique').on(t.directiveId, t.postId),
    index('taskings_post_idx').on(t.postId, t.status),
  ],
);

export const taskingAnswers = pgTable(
  'tasking_answers',
  {
    taskingId: uuid('tasking_id')
      .notNull()
      .references(() => taskings.id, { onDelete: 'cascade' }),
    requirementId: uuid('requirement_id')
      .notNull()
      .references(() => directiveRequirements.id, { onDelete: 'cascade' }),
    answer: text('answer').notNull().default(''),
    nothingToReport: boolean('nothing_to_report').notNull().default(false),
    explanation: text('explanation'),
    updatedBy: uuid('updated_by').references(() => users.id),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.taskingId, t.requirementId] }),
    check(
      'tasking_answers_nothing_explained',
      sql`not ${t.nothingToReport} or coalesce(length(trim(${t.explanation})), 0) > 0`,
    ),
  ],
);

/** Records linked explicitly to a requirement: any registered record type, by id. */
export const taskingLinks = pgTable(
  'tasking_links',
  {
    taskingId: uuid('tasking_id')
      .notNull()
      .references(() => taskings.id, { onDelete: 'cascade' }),
    requirementId: uuid('requirement_id')
      .notNull()
      .references(() => directiveRequirements.id, { onDelete: 'cascade' }),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    linkedBy: uuid('linked_by').references(() => users.id),
    linkedAt: ts('linked_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.taskingId, t.requirementId, t.recordType, t.recordId] }),
    index('tasking_links_record_idx').on(t.recordType, t.recordId),
  ],
);

export const taskingReviews = pgTable(
  'tasking_reviews',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    taskingId: uuid('tasking_id')
      .notNull()
      .references(() => taskings.id, { onDelete: 'cascade' }),
    action: text('action', { enum: ['submitted', 'returned', 'accepted'] }).notNull(),
    comment: text('comment'),
    actorId: uuid('actor_id').references(() => users.id),
    at: ts('at').notNull().defaultNow(),
  },
  (t) => [index('tasking_reviews_tasking_idx').on(t.taskingId, t.at)],
);

export const NOTIFICATION_KIND_VALUES = [
  'issued',
  'amended',
  'due_soon',
  'overdue',
  'submitted',
  'returned',
  'accepted',
] as const;

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: NOTIFICATION_KIND_VALUES }).notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    link: text('link'),
    // One notification per event and person, however often the event is raised.
    eventKey: text('event_key').notNull(),
    readAt: ts('read_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('notifications_user_event_unique').on(t.userId, t.eventKey),
    index('notifications_user_idx').on(t.userId, t.createdAt),
  ],
);
