// Justice outcomes: one court decision about one defendant, as a cited source reports it
// (offence class from UNODC's ICCS, jurisdiction, court level, decision date, the defendant
// group in the source's own words, conviction or acquittal, sentence and the factors the court
// stated). The sentencing comparison reads these rows; vocabularies live in domain/justice.ts.
import { sql } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  date,
  index,
  integer,
  numeric,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { sources } from './incidents.ts';
import { countries, posts } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

export const justiceOutcomes = pgTable(
  'justice_outcomes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id),
    countryCode: char('country_code', { length: 2 })
      .notNull()
      .references(() => countries.code),
    /** State, province or Land when the source names one; null means the national level. */
    subnationalJurisdiction: text('subnational_jurisdiction'),
    courtLevel: text('court_level').notNull(),
    decidedOn: date('decided_on', { mode: 'string' }).notNull(),
    offenceClass: text('offence_class').notNull(),
    /** Exactly the words of the cited source (DATA-STANDARDS: never our own category). */
    defendantGroup: text('defendant_group').notNull(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id),
    outcome: text('outcome').notNull(),
    sentenceType: text('sentence_type'),
    sentenceMonths: numeric('sentence_months', { precision: 7, scale: 2, mode: 'number' }),
    aggravatingFactors: text('aggravating_factors')
      .array()
      .notNull()
      .default(sql`'{}'`),
    mitigatingFactors: text('mitigating_factors')
      .array()
      .notNull()
      .default(sql`'{}'`),
    marking: text('marking').notNull().default('sbu'),
    synthetic: boolean('synthetic').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('justice_outcomes_outcome', sql`${t.outcome} in ('conviction','acquittal')`),
    // An acquittal carries no sentence; a conviction always names its type.
    check(
      'justice_outcomes_sentence_matches_outcome',
      sql`(${t.outcome} = 'acquittal' and ${t.sentenceType} is null and ${t.sentenceMonths} is null) or (${t.outcome} = 'conviction' and ${t.sentenceType} is not null)`,
    ),
    check(
      'justice_outcomes_months_not_negative',
      sql`${t.sentenceMonths} is null or ${t.sentenceMonths} >= 0`,
    ),
    // The comparison selects by offence class, jurisdiction and period.
    index('justice_outcomes_comparable_idx').on(t.offenceClass, t.countryCode, t.decidedOn),
    index('justice_outcomes_post_date_idx').on(t.postId, t.decidedOn),
  ],
);
