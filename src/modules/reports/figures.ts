// The figures of a report document: verified incidents by category and by month for a country
// report, and a choropleth of the countries for a regional or global compilation. They are
// drawn from the incident records the rendered text cites (after anything withheld for the
// audience is left out), so a figure shows nothing the text does not rest on, and a count below
// the suppression threshold is hidden exactly as the text hides it ("fewer than 5"). Each figure
// is SVG (inlined in HTML) and is rasterised once, on first use, to PNG for DOCX and PDF, with
// the DejaVu fonts so that every script in a label is drawn.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { crc32, deflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { suppressCounts } from '../../domain/stats/suppression.ts';
import { INCIDENT_CATEGORIES } from '../../domain/vocabularies.ts';
import { barChartSvg, choroplethSvg, formatNumber, type MapValue } from '../analytics/svg.ts';
import type { CitedIncident } from './queries.ts';

export interface ReportFigure {
  /** Printed under the figure and used as its title in the SVG. */
  caption: string;
  /** Alternative text: what the figure shows, in words, with the figures it prints. */
  description: string;
  svg: string;
  width: number;
  height: number;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const SOURCE_NOTE =
  'Source: incident records reported by posts and verified by headquarters, cited in the notes of this report.';
const NOT_PREVALENCE = 'Counts of verified incidents, not a measure of how often abuses occur.';

const require = createRequire(import.meta.url);
/** DejaVu (Bitstream Vera licence) covers Latin Extended, Greek and Cyrillic. */
export const fontFile = (name: string) => require.resolve(`dejavu-fonts-ttf/ttf/${name}`);

const isSynthetic = (i: CitedIncident) => i.synthetic || i.sources.some((s) => s.synthetic);

function sized(svg: string): { svg: string; width: number; height: number } {
  const m = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  return { svg, width: Number(m?.[1] ?? 760), height: Number(m?.[2] ?? 400) };
}

/** Verified incidents per category (an incident may count in several), as the text counts. */
function categoryCounts(incidents: CitedIncident[]) {
  return INCIDENT_CATEGORIES.map((c) => ({
    label: c.label,
    count: incidents.filter((i) => i.categories.includes(c.code)).length,
  })).filter((b) => b.count > 0);
}

function byCategory(
  place: string,
  year: number,
  incidents: CitedIncident[],
  threshold: number,
): ReportFigure | null {
  // The text prints "fewer than N" for a category below the threshold; so does the chart.
  const bars = categoryCounts(incidents).map((b) => ({
    label: b.label,
    value: b.count < threshold ? null : b.count,
  }));
  if (bars.length === 0) return null;
  const caption = `Verified incidents by category, ${place}, ${year}`;
  const suppressed = `fewer than ${threshold}`;
  const svg = barChartSvg(bars, {
    title: caption,
    valueLabel: 'verified incidents (an incident may fall in more than one category)',
    notes: [
      SOURCE_NOTE,
      NOT_PREVALENCE,
      `Categories with fewer than ${threshold} incidents are not counted out.`,
    ],
    synthetic: incidents.some(isSynthetic),
    suppressedLabel: suppressed,
  });
  return {
    caption,
    description: `Bar chart. ${bars.map((b) => `${b.label}: ${b.value === null ? suppressed : formatNumber(b.value)}`).join('; ')}.`,
    ...sized(svg),
  };
}

function byMonth(
  place: string,
  year: number,
  incidents: CitedIncident[],
  threshold: number,
): ReportFigure | null {
  const counts = Array.from({ length: 12 }, () => 0);
  let yearOnly = 0;
  for (const i of incidents) {
    if (i.datePrecision === 'year') yearOnly++;
    else counts[Number(i.occurredStart.slice(5, 7)) - 1]!++;
  }
  // One line with its total (which a compilation's map may print): a small month, and another
  // month that would give it away by subtraction, are hidden. Incidents dated only to the year
  // are part of the line; months without incidents are printed as 0 and never serve to hide.
  const line = [...counts, yearOnly];
  const nonZero = line.map((v, k) => (v > 0 ? k : -1)).filter((k) => k >= 0);
  const hidden = suppressCounts(
    nonZero.map((k) => line[k]!),
    threshold,
  ).counts;
  const shown: (number | null)[] = line.map(() => 0);
  nonZero.forEach((k, n) => (shown[k] = hidden[n] ?? null));
  const months = shown.slice(0, 12);
  if (!months.some((v) => v !== null && v > 0)) return null;
  const caption = `Verified incidents by month, ${place}, ${year}`;
  const notes = [SOURCE_NOTE, NOT_PREVALENCE];
  notes.push(
    `Months with fewer than ${threshold} incidents, and any figure that would reveal one, are suppressed.`,
  );
  if (yearOnly > 0)
    notes.push(
      `Not shown: ${shown[12] === null ? 'some' : formatNumber(shown[12]!)} incidents dated only to the year.`,
    );
  const svg = barChartSvg(
    months.map((v, m) => ({ label: `${MONTHS[m]} ${year}`, value: v })),
    {
      title: caption,
      valueLabel: 'verified incidents by month of occurrence',
      notes,
      synthetic: incidents.some(isSynthetic),
      suppressedLabel: 'suppressed',
    },
  );
  return {
    caption,
    description: `Bar chart by month. ${months.map((v, m) => `${MONTHS[m]}: ${v === null ? 'suppressed' : formatNumber(v)}`).join('; ')}.`,
    ...sized(svg),
  };
}

/**
 * A country report's figures, from the incidents its rendered text cites: only verified ones
 * whose occurrence starts in the report's year are counted.
 */
export function countryFigures(
  place: string,
  year: number,
  cited: CitedIncident[],
  threshold: number,
): ReportFigure[] {
  const counted = cited.filter(
    (i) => i.status === 'verified' && i.occurredStart.startsWith(`${year}-`),
  );
  return [
    byCategory(place, year, counted, threshold),
    byMonth(place, year, counted, threshold),
  ].filter((f) => f !== null);
}

export interface CountryCount {
  name: string;
  /** ISO 3166-1 numeric code, as the map's boundaries are keyed. */
  numeric: string | null;
  incidents: CitedIncident[];
}

/** A compilation's map: verified incidents cited in each country's report of the year. */
export function compilationMap(
  scope: string,
  year: number,
  countries: CountryCount[],
  threshold: number,
  focus?: ReadonlySet<string>,
): ReportFigure | null {
  const values = new Map<string, MapValue>();
  for (const c of countries) {
    if (!c.numeric) continue;
    const counted = c.incidents.filter(
      (i) => i.status === 'verified' && i.occurredStart.startsWith(`${year}-`),
    );
    const n = counted.length;
    // The report prints its categories; with one of them "fewer than N", the country's total
    // minus the others would give it away, so the total is hidden too.
    const revealing = categoryCounts(counted).some((b) => b.count < threshold);
    values.set(c.numeric, {
      label: c.name,
      value: (n > 0 && n < threshold) || revealing ? null : n,
    });
  }
  if (values.size === 0) return null;
  const caption = `Verified incidents cited in each country report, ${scope}, ${year}`;
  const suppressed = 'suppressed';
  const svg = choroplethSvg(
    values,
    'count',
    {
      title: caption,
      valueLabel: 'verified incidents (not a rate: countries differ in population and reporting)',
      notes: [
        SOURCE_NOTE,
        NOT_PREVALENCE,
        `"${suppressed}": fewer than ${threshold} incidents, or a total that would reveal such a category; grey: no report.`,
      ],
      synthetic: countries.some((c) => c.incidents.some(isSynthetic)),
      suppressedLabel: suppressed,
    },
    focus,
  );
  const listed = countries
    .filter((c) => c.numeric && values.has(c.numeric))
    .map((c) => {
      const v = values.get(c.numeric!)!.value;
      return `${c.name}: ${v === null ? suppressed : formatNumber(v)}`;
    });
  return { caption, description: `Map. ${listed.join('; ')}.`, ...sized(svg) };
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * RGBA pixels as an opaque RGB PNG (composited on white). pdfkit embeds an RGB PNG's data as
 * it is, but decodes and splits an alpha channel pixel by pixel in JavaScript, which costs
 * more than drawing the chart; every chart has a white background, so nothing is lost.
 */
function rgbPng(width: number, height: number, rgba: Uint8Array | Buffer): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  let o = 0;
  for (let y = 0; y < height; y++) {
    raw[o++] = 0; // filter: none
    for (let x = 0, i = y * width * 4; x < width; x++, i += 4) {
      const a = rgba[i + 3]!;
      raw[o++] = 255 - (((255 - rgba[i]!) * a) >> 8);
      raw[o++] = 255 - (((255 - rgba[i + 1]!) * a) >> 8);
      raw[o++] = 255 - (((255 - rgba[i + 2]!) * a) >> 8);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8 bits per channel, truecolour, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Pixels per SVG unit: 1.5 gives about 180 dpi at the width a page prints it. */
const SCALE = 1.5;
/**
 * Rasterised figures by the hash of their SVG, the most recent few: a report exported as DOCX
 * and then as PDF (as the regional benchmark does) draws each chart once.
 */
const pngs = new Map<string, Buffer>();
const KEEP = 32;

/** The figure as PNG; the same figure is rasterised once. */
export function figurePng(figure: ReportFigure): Buffer {
  const key = createHash('sha256').update(figure.svg).digest('base64');
  const cached = pngs.get(key);
  if (cached) {
    pngs.delete(key);
    pngs.set(key, cached);
    return cached;
  }
  const image = new Resvg(figure.svg, {
    fitTo: { mode: 'width', value: Math.round(figure.width * SCALE) },
    font: {
      loadSystemFonts: false,
      fontFiles: [fontFile('DejaVuSans.ttf'), fontFile('DejaVuSans-Bold.ttf')],
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  }).render();
  const png = rgbPng(image.width, image.height, image.pixels);
  pngs.set(key, png);
  if (pngs.size > KEEP) pngs.delete(pngs.keys().next().value!);
  return png;
}
