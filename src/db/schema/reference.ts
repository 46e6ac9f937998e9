// Reference data: the ministry's organisation (regional bureaus → countries → posts) and the
// population denominators every per-capita rate needs.
import {
  bigint,
  boolean,
  char,
  doublePrecision,
  integer,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

export const regions = pgTable('regions', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
});

export const countries = pgTable('countries', {
  // ISO 3166-1 alpha-2 is the key every other table uses.
  code: char('code', { length: 2 }).primaryKey(),
  alpha3: char('alpha3', { length: 3 }).notNull().unique(),
  numeric: char('numeric', { length: 3 }),
  name: text('name').notNull(),
  officialName: text('official_name').notNull(),
  regionId: integer('region_id')
    .notNull()
    .references(() => regions.id),
  independent: boolean('independent').notNull(),
  capital: text('capital'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
});

export const posts = pgTable('posts', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['embassy', 'consulate', 'mission'] }).notNull(),
  countryCode: char('country_code', { length: 2 })
    .notNull()
    .references(() => countries.code),
  city: text('city'),
  active: boolean('active').notNull().default(true),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

export const populations = pgTable(
  'populations',
  {
    countryCode: char('country_code', { length: 2 })
      .notNull()
      .references(() => countries.code),
    year: integer('year').notNull(),
    population: bigint('population', { mode: 'number' }).notNull(),
    // Whose figure this is, in words a footnote can print.
    source: text('source').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.countryCode, t.year] })],
);
