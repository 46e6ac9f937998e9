// A narrow copy of what incident facets count and filter on, one row per incident, kept by
// triggers (migration 0021) in the same transaction as every write to incidents, incident
// sources and sources. Facet counts over a large filtered set scan these ~100-byte rows
// instead of the incidents table, whose narratives and text vectors make it twenty times
// wider. Like the incident rollup it lives in the `analytics` schema: derived, written only by
// the triggers (SECURITY DEFINER), read by the app, left out of backups and rebuilt when a
// backup's incidents are loaded. The incident row stays the record.
import { sql } from 'drizzle-orm';
import { char, date, index, integer, text, uuid } from 'drizzle-orm/pg-core';
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
  ],
);
