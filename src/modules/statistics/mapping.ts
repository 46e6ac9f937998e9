// How a publisher's table is read: the dataset it becomes (with what it counts and the
// publisher's caveats, all required), where the header is, which column plays which role, how
// values are written. Columns are named by their header text (whitespace collapsed, soft
// hyphens dropped) or by position as "#5" (1-based) for headers a merged cell left empty.
import { z } from 'zod';
import { STAT_COUNTED_VALUES } from '../../db/schema/statistics.ts';

const nonEmpty = z.string().trim().min(1);
const column = nonEmpty.describe('header text, or "#N" for the Nth column (1-based)');

export const datasetMetadata = z.strictObject({
  /** Stable name across releases; defaults to the mapping's name. */
  key: nonEmpty.max(100).optional(),
  publisher: nonEmpty,
  title: nonEmpty,
  url: z.url(),
  licence: nonEmpty,
  referencePeriod: nonEmpty,
  counted: z.enum(STAT_COUNTED_VALUES),
  countedDescription: nonEmpty,
  caveats: nonEmpty,
});
export type DatasetMetadata = z.infer<typeof datasetMetadata>;

export const statMapping = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, 'lower-case letters, digits and hyphens'),
  description: z.string().default(''),
  dataset: datasetMetadata,
  format: z.enum(['csv', 'xlsx']),
  /** CSV only. auto: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else Latin-1. */
  encoding: z.enum(['auto', 'utf-8', 'latin1']).default('auto'),
  delimiter: z.string().length(1).default(','),
  /** XLSX: the sheet to read (by name). */
  sheet: z.string().optional(),
  /** 1-based row of the header; rows above it (a title) are skipped. */
  headerRow: z.number().int().min(1).max(1000).default(1),
  /** Rows from the first one whose first non-empty cell matches this are footnotes. */
  footerPattern: z.string().optional(),
  /** The table ends at the first wholly empty row (the rest of the sheet is ignored). */
  stopAtBlankRow: z.boolean().default(true),
  area: z.union([
    z.strictObject({
      column,
      /** A column holding the ISO code of the area, when the label column is a name. */
      codeColumn: column.optional(),
      codes: z.enum(['name', 'alpha2', 'alpha3']).default('name'),
    }),
    z.strictObject({
      fixed: nonEmpty,
      /** The country the fixed area lies in (ISO alpha-2). */
      countryCode: z
        .string()
        .regex(/^[A-Z]{2}$/)
        .optional(),
    }),
  ]),
  /** The country every area of the table lies in (a table of one country's regions). */
  countryCode: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  period: z.union([
    z.strictObject({ column }),
    /** A year column and a quarter column (1–4, Q1–Q4; "Total" or blank = the whole year). */
    z.strictObject({ yearColumn: column, quarterColumn: column }),
    z.strictObject({ fixed: nonEmpty }),
  ]),
  indicator: z.union([z.strictObject({ column }), z.strictObject({ fixed: nonEmpty })]),
  /**
   * The value column, or several: each then is an indicator of its own (a wide table:
   * "Adult - Positive", "Child - Positive"…), named by `indicator` or its header.
   */
  values: z.array(z.strictObject({ column, indicator: nonEmpty.optional() })).min(1),
  dimensions: z.array(z.strictObject({ column, name: nonEmpty.optional() })).default([]),
  flags: z.strictObject({ column }).optional(),
  parsing: z
    .strictObject({
      thousandsSeparator: z.enum([',', '.', ' ', "'", '']).default(','),
      decimalSeparator: z.enum(['.', ',']).default('.'),
      missing: z.array(z.string()).default([':', 'NA', 'NULL', '', '..', '-']),
      /** Letters after a number ("1 234 p") are flags. */
      inlineFlags: z.boolean().default(true),
    })
    .prefault({}),
});
export type StatMapping = z.infer<typeof statMapping>;
export type StatMappingInput = z.input<typeof statMapping>;
