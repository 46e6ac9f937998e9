// Policy assessments: editors keep assessment frameworks whose content (indicators, rating
// scale, guidance) lives in numbered versions. Once an assessment uses a version it is frozen:
// a later change makes a new version, and every assessment keeps the version it was made
// against. A post assesses its host country for a period: per indicator a rating, a
// narrative and evidence links to any record type (generic record_type + record_id).
import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { countries, posts } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export interface ScaleLevel {
  code: string;
  label: string;
  definition: string;
}

export interface FrameworkIndicator {
  code: string;
  question: string;
  guidance: string;
}

export const assessmentFrameworks = pgTable('assessment_frameworks', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull().unique(),
  createdBy: uuid('created_by').references(() => users.id),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const assessmentFrameworkVersions = pgTable(
  'assessment_framework_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    frameworkId: uuid('framework_id')
      .notNull()
      .references(() => assessmentFrameworks.id),
    number: integer('number').notNull(),
    guidance: text('guidance').notNull().default(''),
    // Lowest first; the first level is always "insufficient information".
    scale: jsonb('scale').$type<ScaleLevel[]>().notNull(),
    indicators: jsonb('indicators').$type<FrameworkIndicator[]>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique('assessment_framework_versions_number').on(t.frameworkId, t.number)],
);

export const ASSESSMENT_STATUS_VALUES = ['draft', 'submitted', 'returned', 'reviewed'] as const;

export const assessments = pgTable(
  'assessments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id),
    countryCode: char('country_code', { length: 2 })
      .notNull()
      .references(() => countries.code),
    frameworkVersionId: uuid('framework_version_id')
      .notNull()
      .references(() => assessmentFrameworkVersions.id),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    summary: text('summary').notNull().default(''),
    status: text('status', { enum: ASSESSMENT_STATUS_VALUES }).notNull().default('draft'),
    marking: text('marking').notNull().default('sbu'),
    synthetic: boolean('synthetic').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    reviewedAt: ts('reviewed_at'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('assessments_period_ordered', sql`${t.periodEnd} >= ${t.periodStart}`),
    index('assessments_country_period_idx').on(t.countryCode, t.periodStart),
  ],
);

export const assessmentRatings = pgTable(
  'assessment_ratings',
  {
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    indicatorCode: text('indicator_code').notNull(),
    rating: text('rating'),
    narrative: text('narrative').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.indicatorCode] })],
);

export const assessmentEvidence = pgTable(
  'assessment_evidence',
  {
    id: serial('id').primaryKey(),
    assessmentId: uuid('assessment_id')
      .notNull()
      .references(() => assessments.id, { onDelete: 'cascade' }),
    indicatorCode: text('indicator_code').notNull(),
    // 'source' | 'incident' | 'engagement' | 'statistic' (statistics later).
    recordType: text('record_type').notNull(),
    recordId: text('record_id').notNull(),
    note: text('note'),
  },
  (t) => [
    unique('assessment_evidence_link').on(t.assessmentId, t.indicatorCode, t.recordType, t.recordId),
    index('assessment_evidence_record_idx').on(t.recordType, t.recordId),
  ],
);
