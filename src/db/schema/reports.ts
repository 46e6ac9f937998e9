// Country reports: one per country and year, in the numbered sections of the annual Country
// Reports on Human Rights Practices. Section bodies are Markdown with citation tokens
// ([[cite:incident:<id>]]) that stay attached through edits and become footnotes on export.
// Each status change keeps a version snapshot; a cleared version is locked, and the next edit
// starts a new version that must be cleared again.
import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { countries, posts } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const REPORT_STATUSES = ['drafted', 'reviewed', 'cleared'] as const;

export const reports = pgTable(
  'reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    countryCode: char('country_code', { length: 2 })
      .notNull()
      .references(() => countries.code),
    year: integer('year').notNull(),
    postId: integer('post_id').references(() => posts.id),
    // The annual human-rights directive's tasking for the post, when there is one.
    taskingId: uuid('tasking_id'),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('drafted'),
    // The content version: bumped when an edit follows a clearance.
    contentVersion: integer('content_version').notNull().default(1),
    clearedVersion: integer('cleared_version'),
    // Optimistic locking for every write.
    version: integer('version').notNull().default(1),
    generatedAt: ts('generated_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('reports_country_year').on(t.countryCode, t.year),
    check('reports_year_range', sql`${t.year} between 1990 and 2100`),
  ],
);

export const reportSections = pgTable(
  'report_sections',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    number: text('number').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    // Migration-related sections are generated from verified records; others are placeholders.
    generated: boolean('generated').notNull().default(false),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('report_sections_position').on(t.reportId, t.position)],
);

export const reportVersions = pgTable(
  'report_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reportId: uuid('report_id')
      .notNull()
      .references(() => reports.id, { onDelete: 'cascade' }),
    contentVersion: integer('content_version').notNull(),
    status: text('status', { enum: REPORT_STATUSES }).notNull(),
    // The sections as they stood: [{ number, title, body }].
    sections: jsonb('sections')
      .$type<{ number: string; title: string; body: string }[]>()
      .notNull(),
    note: text('note'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('report_versions_report_idx').on(t.reportId, t.createdAt)],
);

/**
 * The section structure of one year's reports, when editors changed it from the built-in one
 * (the structure has changed between editions): each section's number and title and what it
 * reports. Reports of that year are drafted and regenerated with it.
 */
export const reportStructures = pgTable('report_structures', {
  year: integer('year').primaryKey(),
  sections: jsonb('sections')
    .$type<
      {
        number: string;
        title: string;
        categories: string[];
        statistics: string[];
        engagement: boolean;
      }[]
    >()
    .notNull(),
  version: integer('version').notNull().default(1),
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
