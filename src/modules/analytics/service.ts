// The analytics the dashboard shows, each figure with what it counts, out of what, according
// to whom and how sure: verified-incident counts (from the rollup) with small cells suppressed
// so that they cannot be recovered from the total; rates per 100,000 only where a population
// of the same year exists (else the reason); official series with their dataset's caveats.
// Every figure carries the link to the records or observations behind it.
import ExcelJS from 'exceljs';
import type { Database } from '../../db/connection.ts';
import { toCsv } from '../../domain/csv.ts';
import { NotFound } from '../../domain/errors.ts';
import { NoDenominator, ratePer100k, type Rate } from '../../domain/stats/rate.ts';
import {
  DEFAULT_THRESHOLD,
  suppressCounts,
  suppressedLabel,
} from '../../domain/stats/suppression.ts';
import { monthsBetween, Protection, type Hidden } from './protection/table.ts';
import * as q from './queries.ts';
import type { Grouping } from './queries.ts';

export const COUNTED = 'verified incidents';

export interface CountRow {
  key: string;
  label: string;
  /** null: suppressed (fewer than the threshold, or hidden to protect such a cell). */
  incidents: number | null;
  suppressed: 'primary' | 'complementary' | null;
  records: string;
}

export interface CountsView {
  by: Grouping;
  from: string;
  to: string;
  counted: string;
  rows: CountRow[];
  total: number | null;
  threshold: number;
  synthetic: boolean;
  notes: string[];
}

function recordsLink(by: Grouping, key: string, f: q.CountFilter): string {
  const p = new URLSearchParams({ status: 'verified', from: f.from, to: f.to });
  if (f.country) p.set('country', f.country);
  if (f.category) p.set('category', f.category);
  if (by === 'country') p.set('country', key);
  if (by === 'category') p.set('category', key);
  if (by === 'month') {
    p.set('from', `${key}-01`);
    const [y, m] = key.split('-').map(Number) as [number, number];
    p.set('to', new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10));
  }
  // The incident list filters by country, category and dates; a region's or a route's
  // records are the period's verified incidents of its countries (the list shows the route).
  return `/api/incidents?${p.toString()}`;
}

/**
 * How the analytics views say what they hide. The same rule holds in every view of incident
 * counts (protection/table.ts), so no view's figures give away a figure another view hides.
 */
export const suppressionNote = (threshold: number) =>
  `Counts from 1 to ${threshold - 1} are shown as "${suppressedLabel(threshold)}". Where needed further figures are hidden, the same in every view (table, trend, rate, map, comparison), so that none can be worked out by subtracting one published figure from another.`;

/** A list of counts suppressed on its own (with its total, when it has one). */
function listSuppression(counts: number[], threshold: number, withTotal: boolean) {
  const s = suppressCounts(counts, threshold);
  return {
    figures: counts.map((value, i) => {
      const why = s.reasons.get(`c0,${i}`) ?? null;
      // Without a total to subtract from, only the small counts need hiding.
      return { value, suppressed: !withTotal && why === 'complementary' ? null : why };
    }),
    total: withTotal ? s.total : null,
  };
}

export async function incidentCounts(
  db: Database,
  by: Grouping,
  f: q.CountFilter,
  threshold = DEFAULT_THRESHOLD,
): Promise<CountsView> {
  const rows = await q.incidentCounts(db, by, f);
  const counts = rows.map((r) => Number(r.incidents));
  // Categories overlap (an incident may have several), so their list has no total to subtract
  // from; every other grouping partitions the incidents and is published with its total.
  const withTotal = by !== 'category';
  let figures: { value: number; suppressed: Hidden }[];
  let total: number | null;
  if (by === 'country' || by === 'region' || by === 'month') {
    if (f.category) {
      // One category's counts: suppressed as their own list (docs/statistics.md says what
      // this does not protect across views).
      ({ figures, total } = listSuppression(counts, threshold, true));
    } else {
      // Figures of the protected country × month tables, or sums of them (protection/table.ts).
      const months = monthsBetween(f.from, f.to);
      const p = await Protection.load(db, months, threshold);
      const scope = (countries: string[]) =>
        f.country ? countries.filter((c) => c === f.country) : countries;
      figures = rows.map((r) =>
        by === 'country'
          ? p.figure([r.key], months)
          : by === 'region'
            ? p.figure(scope(p.countriesOf(r.key)), months)
            : p.figure(f.country ? [f.country] : 'all', [r.key]),
      );
      const t = p.figure(f.country ? [f.country] : 'all', months);
      total = t.suppressed ? null : t.value;
    }
  } else ({ figures, total } = listSuppression(counts, threshold, withTotal));
  const out: CountRow[] = rows.map((r, i) => {
    const why = figures[i]!.suppressed;
    return {
      key: r.key,
      label: r.label ?? (r.key === '' ? '(no route stated)' : r.key),
      incidents: why ? null : counts[i]!,
      suppressed: why,
      records: recordsLink(by, r.key, f),
    };
  });
  const synthetic = rows.some((r) => r.synthetic);
  return {
    by,
    from: f.from,
    to: f.to,
    counted: COUNTED,
    rows: out,
    total: withTotal ? total : null,
    threshold,
    synthetic,
    notes: [
      `Verified incidents by ${by}, ${f.from} to ${f.to}, by date of occurrence (start). Counts of incidents recorded by posts, not of all events.`,
      suppressionNote(threshold),
      ...(by === 'category'
        ? [
            'An incident can have several categories: category counts do not add up to the number of incidents.',
          ]
        : []),
      ...(synthetic ? ['Includes SYNTHETIC demo data.'] : []),
    ],
  };
}

export type RateRow =
  | { country: string; name: string; numeric: string | null; rate: Rate; records: string }
  | {
      country: string;
      name: string;
      numeric: string | null;
      rate: null;
      suppressed: true;
      records: string;
    }
  | {
      country: string;
      name: string;
      numeric: string | null;
      rate: null;
      reason: string;
      incidents: number;
      records: string;
    };

export async function ratesByCountry(db: Database, year: number, threshold = DEFAULT_THRESHOLD) {
  const f = { from: `${year}-01-01`, to: `${year}-12-31` };
  const counts = await q.incidentCounts(db, 'country', f);
  const months = monthsBetween(f.from, f.to);
  const protection = await Protection.load(db, months, threshold);
  const pops = new Map((await q.populationsOfYear(db, year)).map((p) => [p.country_code, p]));
  const names = new Map((await q.countryNames(db)).map((c) => [c.code, c]));
  const rows: RateRow[] = counts.map((c) => {
    const n = Number(c.incidents);
    const pop = pops.get(c.key);
    const meta = names.get(c.key);
    const base = {
      country: c.key,
      name: meta?.name ?? c.key,
      numeric: meta?.numeric ?? null,
      records: recordsLink('country', c.key, f),
    };
    // A numerator is the country's count in the count table: hidden there, hidden here.
    if (protection.figure([c.key], months).suppressed)
      return { ...base, rate: null, suppressed: true as const };
    try {
      return {
        ...base,
        rate: ratePer100k(
          n,
          COUNTED,
          pop
            ? {
                population: Number(pop.population),
                of: `population of ${base.name}`,
                year,
                source: pop.source,
              }
            : null,
        ),
      };
    } catch (err) {
      if (err instanceof NoDenominator)
        return { ...base, rate: null, reason: `${err.message} (${year})`, incidents: n };
      throw err;
    }
  });
  return {
    year,
    counted: COUNTED,
    per: 100_000,
    threshold,
    synthetic: counts.some((c) => c.synthetic),
    rows,
    notes: [
      `Verified incidents in ${year} per 100,000 residents of the country of occurrence; 95% intervals are exact Poisson.`,
      'The denominator is the whole resident population (each rate names its source: the World Bank SP.POP.TOTL series unless a population table was imported since), not the migrant population at risk, which is not known: the rate says how many incidents the posts verified, not how likely an incident is for a migrant.',
      `Rates from fewer than ${threshold} incidents are not shown, nor rates whose count the count table hides so that a small count cannot be worked out.`,
    ],
  };
}

export async function officialSeries(
  db: Database,
  key: string,
  indicator: string,
  area: string | undefined,
) {
  const d = await q.datasetByKey(db, key);
  if (!d) throw new NotFound(`no dataset "${key}"`);
  const rows = await q.series(db, key, indicator, area);
  return {
    dataset: {
      key: d.key,
      publisher: d.publisher,
      title: d.title,
      url: d.url,
      licence: d.licence,
      referencePeriod: d.reference_period,
      counted: d.counted,
      countedDescription: d.counted_description,
      caveats: d.caveats,
      synthetic: d.synthetic,
    },
    indicator,
    points: rows.map((r) => ({
      period: r.period,
      periodStart: r.period_start,
      area: r.area,
      countryCode: r.country_code,
      dimensions: r.dimensions,
      value: r.value === null ? null : Number(r.value),
      flags: r.flags,
      observation: `/api/analytics/observations/${r.id}`,
    })),
    notes: [
      `${d.publisher}: ${d.title}. Counts ${d.counted_description}.`,
      `Caveats: ${d.caveats}`,
      `Licence: ${d.licence}. ${d.url}`,
    ],
  };
}

/** CSV of a counts view: the notes first (as # lines), then the figures, synthetic marked. */
export function countsCsv(v: CountsView): string {
  const mark = v.synthetic ? 'SYNTHETIC' : '';
  const rows = [
    ['key', 'label', 'incidents', 'records', 'synthetic'],
    ...v.rows.map((r) => [
      r.key,
      r.label,
      r.incidents === null ? suppressedLabel(v.threshold) : String(r.incidents),
      r.records,
      mark,
    ]),
    ['', 'Total', v.total === null ? '' : String(v.total), '', mark],
  ];
  // A first cell starting with # would read as another note line: quote it.
  return v.notes.map((n) => `# ${n}\n`).join('') + toCsv(rows, { quoted_match: /^#/ });
}

export async function countsXlsx(v: CountsView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet('Figures');
  if (v.synthetic) data.addRow(['SYNTHETIC DATA']);
  data.addRow(['key', 'label', 'incidents', 'records']);
  for (const r of v.rows)
    data.addRow([r.key, r.label, r.incidents ?? suppressedLabel(v.threshold), r.records]);
  data.addRow(['', 'Total', v.total ?? '']);
  const notes = wb.addWorksheet('Notes');
  for (const n of v.notes) notes.addRow([n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
