// A narrow copy of what incident facets count and filter on, one row per incident, kept by
// triggers (migration 0021) in the same transaction as every write to incidents, incident
// sources and sources. Facet counts over a large filtered set scan these ~100-byte rows
// instead of the incidents table, whose narratives and text vectors make it twenty times
// wider. Like the incident rollup it lives in the `analytics` schema: derived, written only by
// the triggers (SECURITY DEFINER), read by the app, left out of backups and rebuilt when a
// backup's incidents are loaded. The incident row stays the record.
import { sql } from 'drizzle-orm';
import { char, date, index, integer, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';
import { incidents } from './incidents.ts';
import { analytics } from './statistics.ts';

export const incidentFacets = analytics.table(
  'incident_facets',
  {
    incidentId: uuid('incident_id')
      .primaryKey()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    postId: integer('post_id').notNull(),
    createdBy: uuid('created_by'),
    status: text('status').notNull(),
    countryCode: char('country_code', { length: 2 }).notNull(),
    route: text('route'),
    marking: text('marking').notNull(),
    categories: text('categories').array().notNull(),
    occurredStart: date('occurred_start', { mode: 'string' }).notNull(),
    occurredEnd: date('occurred_end', { mode: 'string' }).notNull(),
    // The distinct types and reliability grades of the linked sources.
    sourceTypes: text('source_types')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    reliabilities: text('reliabilities')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    index('incident_facets_country_idx').on(t.countryCode, t.occurredStart),
    index('incident_facets_post_status_idx').on(t.postId, t.status),
    index('incident_facets_categories_idx').using('gin', t.categories),
    // The caller's own records outside what is released to them are counted row by row.
    index('incident_facets_created_by_idx').on(t.createdBy),
  ],
);

/**
 * Facet counts pre-aggregated from `incident_facets` (migration 0025), for searches without full
 * text: how many records have facet value `val` of dimension `dim` *and* value `fval` of
 * dimension `fdim`, per region of the record's post, status and the years the record starts and
 * ends in. `fdim` '' (with `fval` '') is "no filter"; `dim` '*' (with `val` '') counts each record
 * once. Dimensions: country, route, marking, category, sourceType, reliability (a record with two
 * categories counts once under each). So the facets under at most one filter dimension (besides
 * status, whole years and what the caller may see) are sums over a few thousand rows, whatever the
 * number of incidents. Kept by statement-level triggers on `incident_facets`, in the same
 * transaction; the search reads it only when the filters allow an exact answer
 * (`rollupPlan` and `rollupRows` in src/modules/incidentSearch/queries.ts).
 */
export const incidentFacetPairs = analytics.table(
  'incident_facet_pairs',
  {
    fdim: text('fdim').notNull(),
    fval: text('fval').notNull(),
    regionId: integer('region_id').notNull(),
    status: text('status').notNull(),
    startYear: smallint('start_year').notNull(),
    endYear: smallint('end_year').notNull(),
    dim: text('dim').notNull(),
    val: text('val').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [
    primaryKey({
      columns: [t.fdim, t.fval, t.regionId, t.status, t.startYear, t.endYear, t.dim, t.val],
    }),
  ],
);

/**
 * Changes to `incident_facets` not yet folded into `incident_facet_pairs`: +1 for a record's new
 * state, -1 for its old one (migration 0025). Readers add these to the pairs, so counts are exact
 * at every moment; `analytics.incident_facet_pairs_drain()` folds them in.
 */
export const incidentFacetPending = analytics.table('incident_facet_pending', {
  w: smallint('w').notNull(),
  incidentId: uuid('incident_id').notNull(),
  postId: integer('post_id').notNull(),
  createdBy: uuid('created_by'),
  regionId: integer('region_id').notNull(),
  status: text('status').notNull(),
  startYear: smallint('start_year').notNull(),
  endYear: smallint('end_year').notNull(),
  occurredStart: date('occurred_start', { mode: 'string' }).notNull(),
  occurredEnd: date('occurred_end', { mode: 'string' }).notNull(),
  countryCode: char('country_code', { length: 2 }).notNull(),
  route: text('route'),
  marking: text('marking').notNull(),
  categories: text('categories').array().notNull(),
  sourceTypes: text('source_types').array().notNull(),
  reliabilities: text('reliabilities').array().notNull(),
});
