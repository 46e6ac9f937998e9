// Official statistics (DATA-STANDARDS.md, "statistical honesty"): a dataset says who published
// it, what it counts and the publisher's own caveats; its observations are the table's cells,
// one value per area, period, indicator and breakdown. Saved mappings say how to read a
// publisher's file, so that the next release of the same table imports the same way.
// The incident rollup lives in the `analytics` schema: it is derived from `incidents` by a
// trigger (migration 0010), so backups (which copy `public`) leave it out and a restore
// rebuilds it as the incidents are loaded.
import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  char,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgSchema,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { codesOf, STAT_COUNTED } from '../../domain/vocabularies.ts';
import { users } from './identity.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** What a table counts (the vocabulary, with labels, is in domain/vocabularies.ts). */
export const STAT_COUNTED_VALUES = codesOf(STAT_COUNTED);

export const statDatasets = pgTable(
  'stat_datasets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Stable name of the table across releases (by default the mapping's name).
    key: text('key').notNull().unique(),
    publisher: text('publisher').notNull(),
    title: text('title').notNull(),
    url: text('url').notNull(),
    licence: text('licence').notNull(),
    referencePeriod: text('reference_period').notNull(),
    counted: text('counted', { enum: STAT_COUNTED_VALUES }).notNull(),
    // What is counted, in the publisher's words ("persons referred", "first-time applicants").
    countedDescription: text('counted_description').notNull(),
    caveats: text('caveats').notNull(),
    synthetic: boolean('synthetic').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('stat_datasets_caveats_given', sql`length(btrim(${t.caveats})) > 0`),
    check('stat_datasets_counted_given', sql`length(btrim(${t.countedDescription})) > 0`),
  ],
);

export const statObservations = pgTable(
  'stat_observations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => statDatasets.id, { onDelete: 'cascade' }),
    // The area as the publisher labels it ("Germany (until 1990 former territory of the FRG)",
    // "Baden-Württemberg", "World"); the ISO country when the label names one.
    area: text('area').notNull(),
    countryCode: char('country_code', { length: 2 }),
    // Normalised: 2023, 2023-Q4, 2023-11, 2023-11-30; start and end say what it spans.
    period: text('period').notNull(),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    indicator: text('indicator').notNull(),
    // Breakdowns in the publisher's words: { "Citizenship": "Syria", "Sex": "Total" }.
    dimensions: jsonb('dimensions').$type<Record<string, string>>().notNull().default({}),
    // Null: the publisher's missing marker (":", "NA", blank…); flags say why where given.
    value: numeric('value'),
    flags: text('flags'),
    importId: uuid('import_id').notNull(),
    sourceRow: integer('source_row').notNull(),
  },
  (t) => [
    uniqueIndex('stat_observations_cell_uq').on(
      t.datasetId,
      t.indicator,
      t.area,
      t.period,
      t.dimensions,
    ),
    index('stat_observations_country_idx').on(t.countryCode, t.periodStart),
    index('stat_observations_import_idx').on(t.importId),
    check('stat_observations_period_ordered', sql`${t.periodEnd} >= ${t.periodStart}`),
  ],
);

/** Mappings saved by users; the ones shipped with the app are in the statistics module. */
export const statMappings = pgTable('stat_mappings', {
  name: text('name').primaryKey(),
  description: text('description').notNull().default(''),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  version: integer('version').notNull().default(1),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** One row per committed import: which file (SHA-256) became which observations. */
export const statImports = pgTable(
  'stat_imports',
  {
    id: uuid('id').primaryKey(),
    datasetId: uuid('dataset_id')
      .notNull()
      .references(() => statDatasets.id, { onDelete: 'cascade' }),
    mappingName: text('mapping_name').notNull(),
    fileName: text('file_name').notNull(),
    sha256: text('sha256').notNull(),
    rows: integer('rows').notNull(),
    observations: integer('observations').notNull(),
    replaced: integer('replaced').notNull().default(0),
    onDuplicate: text('on_duplicate', { enum: ['refuse', 'replace'] }).notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('stat_imports_dataset_idx').on(t.datasetId)],
);

export const analytics = pgSchema('analytics');

/**
 * Verified incidents counted by country, month of occurrence, category and route; category '*'
 * counts each incident once (an incident can carry several categories). Kept by the
 * statement-level triggers `incidents_rollup_*` (migration 0025) in the same transaction as every
 * write to `incidents`.
 */
export const incidentRollup = analytics.table(
  'incident_rollup',
  {
    countryCode: char('country_code', { length: 2 }).notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    category: text('category').notNull(),
    route: text('route').notNull(),
    synthetic: boolean('synthetic').notNull(),
    incidents: integer('incidents').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.countryCode, t.month, t.category, t.route, t.synthetic] }),
    index('incident_rollup_month_idx').on(t.month),
  ],
);

/**
 * The same counts without the route: country × month × category (and '*'), for every dashboard
 * grouping that does not need the route (the fine rollup is nearly as large as the data with a
 * realistic spread of routes). Kept exactly by statement-level triggers on `incident_rollup`
 * (migration 0028), so it is always the fine rollup summed over routes; the key leads with the
 * dashboard's filters (category, month). `analytics.dashboard_rollups_rebuild()` recounts both
 * from `incidents` (after a bulk load that bypassed the triggers).
 */
export const incidentRollupCm = analytics.table(
  'incident_rollup_cm',
  {
    category: text('category').notNull(),
    month: date('month', { mode: 'string' }).notNull(),
    countryCode: char('country_code', { length: 2 }).notNull(),
    synthetic: boolean('synthetic').notNull(),
    incidents: integer('incidents').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.category, t.month, t.countryCode, t.synthetic] }),
    // Covering: the dashboard's sums are read from the index alone (no heap visits).
    index('incident_rollup_cm_cover_idx').on(
      t.category,
      t.month,
      t.countryCode,
      t.synthetic,
      t.incidents,
    ),
    index('incident_rollup_cm_country_idx').on(t.countryCode, t.category, t.month),
  ],
);

/**
 * The coarse rollup summed over the months of each calendar year (country × year × category):
 * a period of whole years is read from here, 12 times fewer cells, and only its partial years
 * from `incident_rollup_cm`. Kept exactly by statement-level triggers on `incident_rollup_cm`
 * (migration 0030), so it is always the coarse rollup summed by year.
 */
export const incidentRollupCy = analytics.table(
  'incident_rollup_cy',
  {
    category: text('category').notNull(),
    year: smallint('year').notNull(),
    countryCode: char('country_code', { length: 2 }).notNull(),
    synthetic: boolean('synthetic').notNull(),
    incidents: integer('incidents').notNull(),
  },
  (t) => [primaryKey({ columns: [t.category, t.year, t.countryCode, t.synthetic] })],
);
