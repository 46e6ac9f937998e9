// Incidents and the evidence behind them (DATA-STANDARDS.md: "who did what to whom, where,
// when, according to whom"): sources reusable across incidents, the incident event with its
// acts, victims in aggregate and perpetrators, the graded links between incident and source,
// and comment threads any record type can reuse.
import { sql, type SQL } from 'drizzle-orm';
import {
  boolean,
  char,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uuid,
  type AnyPgColumn,
} from 'drizzle-orm/pg-core';
import { users } from './identity.ts';
import { countries, posts } from './reference.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

const tsvector = customType<{ data: string }>({
  dataType: () => 'tsvector',
});

export const INCIDENT_STATUS_VALUES = [
  'draft',
  'submitted',
  'returned',
  'verified',
  'rejected',
  'merged',
] as const;

/** Outcome of the justice process as far as sources tell it (validated by the service's Zod schema). */
export interface IncidentOutcome {
  reportedToPolice?: boolean | null;
  reportedOn?: string | null;
  arrests?: number | null;
  arrestsOn?: string | null;
  charges?: number | null;
  chargedOn?: string | null;
  convictions?: number | null;
  convictedOn?: string | null;
  sentence?: string | null;
  sentencedOn?: string | null;
}

export const sources = pgTable(
  'sources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    type: text('type').notNull(),
    publisher: text('publisher').notNull(),
    title: text('title').notNull(),
    url: text('url'),
    publishedOn: date('published_on', { mode: 'string' }),
    language: text('language'),
    // Admiralty reliability A–F, judged on the source's record.
    reliability: char('reliability', { length: 1 }).notNull().default('F'),
    // A publisher's own grade kept as given (e.g. IOM's 1–5), beside our mapping onto A–F.
    originalGrade: text('original_grade'),
    postId: integer('post_id').references(() => posts.id),
    synthetic: boolean('synthetic').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('sources_reliability_grade', sql`${t.reliability} in ('A','B','C','D','E','F')`),
    index('sources_publisher_idx').on(t.publisher),
  ],
);

export const incidentReferenceSeq = pgSequence('incident_reference_seq');

export const incidents = pgTable(
  'incidents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    // Human reference, e.g. INC-2026-000042: the year of recording and a running number of at
    // least six digits (lpad would cut the millionth to six and collide, so leading zeros are
    // added and then trimmed back to six digits).
    reference: text('reference')
      .notNull()
      .unique()
      .default(
        sql`'INC-' || to_char(now(), 'YYYY') || '-' || regexp_replace('00000' || nextval('incident_reference_seq')::text, '^0+(?=[0-9]{6})', '')`,
      ),
    postId: integer('post_id')
      .notNull()
      .references(() => posts.id),
    countryCode: char('country_code', { length: 2 })
      .notNull()
      .references(() => countries.code),
    title: text('title').notNull(),
    narrative: text('narrative').notNull().default(''),
    language: text('language'),
    categories: text('categories').array().notNull(),
    occurredStart: date('occurred_start', { mode: 'string' }).notNull(),
    occurredEnd: date('occurred_end', { mode: 'string' }).notNull(),
    datePrecision: text('date_precision').notNull(),
    admin1: text('admin1'),
    placeName: text('place_name'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    // 1 exact place, 2 near a place/district, 3 region centroid (never drawn as a point).
    geoPrecision: smallint('geo_precision'),
    route: text('route'),
    status: text('status', { enum: INCIDENT_STATUS_VALUES }).notNull().default('draft'),
    marking: text('marking').notNull().default('sbu'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    outcome: jsonb('outcome').$type<IncidentOutcome>().notNull().default({}),
    mergedInto: uuid('merged_into').references((): AnyPgColumn => incidents.id),
    synthetic: boolean('synthetic').notNull().default(false),
    createdBy: uuid('created_by').references(() => users.id),
    updatedBy: uuid('updated_by').references(() => users.id),
    submittedAt: ts('submitted_at'),
    submittedBy: uuid('submitted_by').references(() => users.id),
    verifiedAt: ts('verified_at'),
    verifiedBy: uuid('verified_by').references(() => users.id),
    version: integer('version').notNull().default(1),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    // The titles and supporting excerpts of the linked sources, kept by the service whenever
    // links change, so that one indexed vector covers what the sources say as well.
    evidenceText: text('evidence_text').notNull().default(''),
    // Full text: always the language-neutral 'simple' configuration (no stemming, so every
    // language is searchable word for word), plus the record's own language when it is known
    // and PostgreSQL has a configuration for it (`incident_text_config`, a migration-defined
    // function mapping ISO 639 codes; 'simple' otherwise), so that inflected forms match too.
    search: tsvector('search').generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('simple', coalesce(${incidents.title}, '')), 'A') || setweight(to_tsvector('simple', coalesce(${incidents.narrative}, '')), 'B') || setweight(to_tsvector('simple', coalesce(${incidents.evidenceText}, '')), 'C') || case when incident_text_config(${incidents.language}) = 'simple'::regconfig then ''::tsvector else setweight(to_tsvector(incident_text_config(${incidents.language}), coalesce(${incidents.title}, '')), 'A') || setweight(to_tsvector(incident_text_config(${incidents.language}), coalesce(${incidents.narrative}, '')), 'B') || setweight(to_tsvector(incident_text_config(${incidents.language}), coalesce(${incidents.evidenceText}, '')), 'C') end`,
    ),
  },
  (t) => [
    check('incidents_categories_not_empty', sql`cardinality(${t.categories}) > 0`),
    check('incidents_dates_ordered', sql`${t.occurredEnd} >= ${t.occurredStart}`),
    check('incidents_geo_precision_range', sql`${t.geoPrecision} between 1 and 3`),
    check('incidents_latitude_range', sql`${t.latitude} between -90 and 90`),
    check('incidents_longitude_range', sql`${t.longitude} between -180 and 180`),
    index('incidents_search_idx').using('gin', t.search),
    // Category filters and facets ask `categories @> array[…]`, which a GIN index answers.
    index('incidents_categories_idx').using('gin', t.categories),
    index('incidents_country_occurred_idx').on(t.countryCode, t.occurredStart),
    // Duplicate candidates look back further only for records dated by year or by a range.
    index('incidents_country_precision_occurred_idx').on(
      t.countryCode,
      t.datePrecision,
      t.occurredStart,
    ),
    index('incidents_post_status_idx').on(t.postId, t.status),
    index('incidents_keyset_idx').on(t.occurredStart.desc(), t.id),
    // A post's own list in keyset order (reporters and approvers read their post's records).
    index('incidents_post_keyset_idx').on(t.postId, t.occurredStart.desc(), t.id),
    // Keyset orders of the list's other sorts (reference order uses the unique index).
    index('incidents_updated_keyset_idx').on(t.updatedAt.desc(), t.id),
  ],
);

export const incidentActs = pgTable(
  'incident_acts',
  {
    id: serial('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    act: text('act').notNull(),
    victimCount: integer('victim_count'),
    description: text('description'),
  },
  (t) => [
    index('incident_acts_incident_idx').on(t.incidentId),
    check('incident_acts_victim_count', sql`${t.victimCount} >= 0`),
  ],
);

export const incidentVictimGroups = pgTable(
  'incident_victim_groups',
  {
    id: serial('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    sex: text('sex').notNull(),
    ageBand: text('age_band').notNull(),
    count: integer('count').notNull(),
    // Nationality only as stated by a cited source (the service checks the source is linked).
    nationality: text('nationality'),
    nationalitySourceId: uuid('nationality_source_id').references(() => sources.id),
  },
  (t) => [
    index('incident_victim_groups_incident_idx').on(t.incidentId),
    check('incident_victim_groups_count', sql`${t.count} >= 0`),
    check(
      'incident_victim_groups_nationality_sourced',
      sql`${t.nationality} is null or ${t.nationalitySourceId} is not null`,
    ),
  ],
);

export const incidentPerpetrators = pgTable(
  'incident_perpetrators',
  {
    id: serial('id').primaryKey(),
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    count: integer('count'),
    description: text('description'),
  },
  (t) => [index('incident_perpetrators_incident_idx').on(t.incidentId)],
);

// Personal attributes of perpetrators exist only as a cited source states them.
export const perpetratorAttributes = pgTable(
  'perpetrator_attributes',
  {
    id: serial('id').primaryKey(),
    perpetratorId: integer('perpetrator_id')
      .notNull()
      .references(() => incidentPerpetrators.id, { onDelete: 'cascade' }),
    attribute: text('attribute').notNull(),
    value: text('value').notNull(),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id),
    excerpt: text('excerpt'),
  },
  (t) => [index('perpetrator_attributes_perpetrator_idx').on(t.perpetratorId)],
);

export const incidentSources = pgTable(
  'incident_sources',
  {
    incidentId: uuid('incident_id')
      .notNull()
      .references(() => incidents.id, { onDelete: 'cascade' }),
    sourceId: uuid('source_id')
      .notNull()
      .references(() => sources.id),
    // Admiralty information credibility 1–6.
    credibility: smallint('credibility').notNull(),
    excerpt: text('excerpt'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.incidentId, t.sourceId] }),
    index('incident_sources_source_idx').on(t.sourceId),
    check('incident_sources_credibility', sql`${t.credibility} between 1 and 6`),
  ],
);

/** Comment threads for any record type (incident, source, later others). */
export const recordComments = pgTable(
  'record_comments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    authorId: uuid('author_id').references(() => users.id),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('record_comments_entity_idx').on(t.entityType, t.entityId, t.createdAt)],
);
