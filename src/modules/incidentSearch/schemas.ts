// Request and response shapes for finding incidents: the filters every view shares (list,
// facets, map, export, saved searches), the sorts, and the import's row report.
import { z } from 'zod';
import { INCIDENT_STATUSES } from '../../domain/vocabularies.ts';
import { incidentSummary } from '../incidents/schemas.ts';

const isoDate = z.iso.date();

export const SORT_KEYS = [
  'occurred_desc',
  'occurred_asc',
  'updated_desc',
  'reference_desc',
  'reference_asc',
] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export const searchFilters = z.strictObject({
  q: z.string().trim().max(500).optional(),
  country: z.string().trim().length(2).toUpperCase().optional(),
  region: z.coerce.number().int().positive().optional(),
  post: z.coerce.number().int().positive().optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  category: z.string().max(100).optional(),
  route: z.string().max(100).optional(),
  marking: z.string().max(40).optional(),
  sourceType: z.string().max(100).optional(),
  reliability: z.enum(['A', 'B', 'C', 'D', 'E', 'F']).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export type SearchFilters = z.infer<typeof searchFilters>;
/** The filter names, in the order the web app and the CLI show them. */
export const FILTER_KEYS = Object.keys(searchFilters.shape) as (keyof SearchFilters)[];

export const listQuery = searchFilters.extend({
  sort: z.enum(SORT_KEYS).default('occurred_desc'),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListQuery = z.infer<typeof listQuery>;

export const searchPage = z.object({
  items: z.array(incidentSummary),
  nextCursor: z.string().nullable(),
});

const facet = z.array(z.object({ value: z.string(), count: z.number().int() }));
export const facetsView = z.object({
  total: z.number().int(),
  /** True when a full-text search matched more than FULL_TEXT_EXACT_CAP records: the counts
   * are estimated from a uniform sample of the matches (docs/incidents.md, "Facet counts"). */
  estimated: z.boolean(),
  facets: z.object({
    country: facet,
    region: facet,
    category: facet,
    status: facet,
    route: facet,
    marking: facet,
    year: facet,
    sourceType: facet,
    reliability: facet,
  }),
});

export const MAP_CAP = 5000;
export const mapView = z.object({
  items: z.array(
    z.object({
      id: z.uuid(),
      reference: z.string(),
      title: z.string(),
      latitude: z.number(),
      longitude: z.number(),
      categories: z.array(z.string()),
    }),
  ),
  cap: z.number().int(),
  truncated: z.boolean(),
});

export const EXPORT_FORMATS = ['json', 'csv', 'geojson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportQuery = searchFilters.extend({ format: z.enum(EXPORT_FORMATS) });

/** Saved searches keep filters only (no cursor): a string per filter the user set. */
export const savedFilters = searchFilters
  .extend({ sort: z.enum(SORT_KEYS).optional() })
  .transform((f) =>
    Object.fromEntries(
      Object.entries(f).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, String(v)]])),
    ),
  );
const name = z.string().trim().min(1).max(100);
export const createSavedSearchBody = z.strictObject({
  name,
  filters: z.record(z.string(), z.union([z.string(), z.number()])),
});
export const renameSavedSearchBody = z.strictObject({
  name,
  version: z.number().int().positive(),
});
export const savedSearchView = z.object({
  id: z.uuid(),
  name: z.string(),
  filters: z.record(z.string(), z.string()),
  version: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** The columns of the CSV export, which the importer reads back (id, reference, status, synthetic and updatedAt are ignored on import). */
export const CSV_COLUMNS = [
  'id',
  'reference',
  'post',
  'countryCode',
  'title',
  'narrative',
  'language',
  'categories',
  'occurredStart',
  'occurredEnd',
  'datePrecision',
  'admin1',
  'placeName',
  'latitude',
  'longitude',
  'geoPrecision',
  'route',
  'marking',
  'tags',
  'status',
  'synthetic',
  'updatedAt',
] as const;

export const IMPORT_FORMATS = ['csv', 'json'] as const;
export const importQuery = z.strictObject({
  format: z.enum(IMPORT_FORMATS).optional(),
  dryRun: z.enum(['true', 'false']).default('false'),
});
export const importResult = z.object({
  dryRun: z.boolean(),
  sha256: z.string(),
  rows: z.number().int(),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), reason: z.string() })),
  created: z.number().int(),
  references: z.array(z.string()),
});
