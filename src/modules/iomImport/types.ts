// What the IOM Missing Migrants Project parsers hand on: one neutral, validated incident draft
// per data row, with the source it came from, or a row error naming the file's own column.
// No database here; a later step writes drafts through the incidents and sources services, and
// decides there whether a file with row errors is refused as a whole.
import { z } from 'zod';
import {
  codesOf,
  DATE_PRECISIONS,
  MIGRATION_ROUTES,
  SOURCE_RELIABILITY,
} from '../../domain/vocabularies.ts';

export const IOM_LAYOUTS = ['mmp2019', 'mmp2026', 'mmpEuropeCurated'] as const;
export type IomLayout = (typeof IOM_LAYOUTS)[number];

export const IOM_PUBLISHER = 'IOM Missing Migrants Project';

const isoDate = z.iso.date();
/** A count as the file states it; null is "not stated", never zero. */
const count = z.number().int().min(0).max(10_000_000).nullable();
/** The same check the sources service applies, so a draft's links pass it later. */
const link = z.url({ protocol: /^https?$/ }).max(2000);

export const iomSourceSchema = z.strictObject({
  type: z.literal('ngo_io_report'),
  publisher: z.literal(IOM_PUBLISHER),
  title: z.string().min(1).max(1000),
  /** The first link of the row, or null when it has none. */
  url: link.nullable(),
  /** Every link of the row, in the file's order. */
  urls: z.array(link),
  /** The row's "Information Source" / "Source" text as written (several sources, comma-joined). */
  informationSources: z.string().nullable(),
  /** IOM's own 1–5 "Source Quality", as written (the curated file joins several: "45"). */
  originalGrade: z
    .string()
    .regex(/^[1-5]+$/)
    .nullable(),
  reliability: z.enum(codesOf(SOURCE_RELIABILITY)),
});
export type IomSource = z.infer<typeof iomSourceSchema>;

export const iomIncidentDraftSchema = z
  .strictObject({
    /** 1-based data row (the header is not counted), for error messages and provenance. */
    sourceRowNumber: z.number().int().positive(),
    /**
     * Web ID (2019 layout) or Incident ID (2026 and curated layouts): unique within a file. The
     * curated re-export merges some split incidents into one row and lists their part IDs here,
     * comma-joined ("2016.MMP00484560,2016.MMP00484561").
     */
    externalId: z.string().min(1),
    /** Main ID of the newer layouts: the parts of one split incident share it. Null in 2019. */
    mainId: z.string().min(1).nullable(),
    layout: z.enum(IOM_LAYOUTS),
    title: z.string().min(1).max(500),
    narrative: z.string().min(1).max(100_000),
    categories: z.tuple([z.literal('abuse_in_transit')]),
    occurredStart: isoDate,
    occurredEnd: isoDate,
    datePrecision: z.enum(codesOf(DATE_PRECISIONS)),
    latitude: z.number().min(-90).max(90).nullable(),
    longitude: z.number().min(-180).max(180).nullable(),
    /** IOM coordinates are approximate (2); null when the row has none. */
    geoPrecision: z.literal(2).nullable(),
    /** ISO 3166-1 alpha-2, only where the row names a country of incident (curated file). */
    countryCode: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable(),
    /** The row's "Country of Incident" text as written, when the layout has one. */
    countryText: z.string().nullable(),
    /** IOM's "Region of Incident" / "Region". */
    regionText: z.string().nullable(),
    /** The location description as written (embedded newlines kept). */
    locationText: z.string().nullable(),
    /** Null when the row names no route; `other` when it names one outside the vocabulary. */
    route: z.enum(codesOf(MIGRATION_ROUTES)).nullable(),
    /** The row's route text as written, whenever it has one. */
    routeText: z.string().nullable(),
    causeOfDeath: z.string().nullable(),
    dead: count,
    missing: count,
    survivors: count,
    females: count,
    males: count,
    children: count,
    /** As stated by the file (2026 and curated layouts); empty when it states none. */
    countriesOfOrigin: z.array(z.string().min(1)),
    /** A total over a period rather than one event. */
    cumulative: z.boolean(),
    /** What the parser noticed but did not treat as an error (e.g. a negative correction). */
    importNotes: z.array(z.string()),
    source: iomSourceSchema,
  })
  .refine((d) => d.occurredEnd >= d.occurredStart, {
    path: ['occurredEnd'],
    message: 'ends before it starts',
  })
  .refine((d) => (d.latitude === null) === (d.longitude === null), {
    path: ['latitude'],
    message: 'latitude and longitude must both be given or both be missing',
  });
export type IomIncidentDraft = z.infer<typeof iomIncidentDraftSchema>;

export interface IomRowProblem {
  /** The file's own column name, or "(row)" for a problem with the row as a whole. */
  column: string;
  reason: string;
}

export type IomRowResult =
  | { ok: true; draft: IomIncidentDraft }
  | {
      ok: false;
      /** 1-based data row, as in `sourceRowNumber`. */
      row: number;
      /** The first problem's column and reason; `problems` lists all of them. */
      column: string;
      reason: string;
      externalId: string | null;
      problems: IomRowProblem[];
    };

export interface IomFileSummary {
  layout: IomLayout;
  rows: number;
  drafts: number;
  errors: number;
  /** The first row errors (up to 20), enough to show a pattern. */
  firstErrors: Extract<IomRowResult, { ok: false }>[];
  /** Drafts by the year of `occurredStart`. */
  byYear: Record<string, number>;
  /** Sums over the drafts of the stated counts; unknown counts add nothing. */
  dead: number;
  missing: number;
  /** Drafts whose count is not stated (null). */
  unknownDead: number;
  unknownMissing: number;
  cumulative: number;
  /** Drafts by route code ("none" when the row names no route). */
  byRoute: Record<string, number>;
}
