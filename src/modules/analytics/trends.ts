// Trends with their exact Poisson 95% band: verified incidents of a country by year or month
// (a count band), and an official series by year as a count or as a rate per 100,000 of the
// group's population (a rate band, each point with its denominator, year and source). Small
// counts are shown as suppressed, never drawn; the incident trend hides exactly what the count
// table, the rates and the comparisons hide (protection/table.ts), and its total only when
// publishing it would give a hidden figure away.
import ExcelJS from 'exceljs';
import type { Database } from '../../db/connection.ts';
import { toCsv } from '../../domain/csv.ts';
import { Invalid, NotFound } from '../../domain/errors.ts';
import { poissonInterval } from '../../domain/stats/poisson.ts';
import { ratePer100k, type Denominator } from '../../domain/stats/rate.ts';
import { suppressedLabel } from '../../domain/stats/suppression.ts';
import { cellsByYear, countryName, denominatorsOf, type Group } from './denominators.ts';
import { monthsBetween, Protection } from './protection/table.ts';
import * as q from './queries.ts';
import { COUNTED, suppressionNote } from './service.ts';

export interface TrendPoint {
  period: string;
  /** null: suppressed, not published, or no figure. */
  count: number | null;
  suppressed: 'primary' | 'complementary' | null;
  /** The drawn value (the count, or the rate per 100,000) and its 95% band; null: not drawn. */
  value: number | null;
  lower: number | null;
  upper: number | null;
  denominator: Denominator | null;
  /** Why there is no value, when there is a count but no rate (or no figure at all). */
  reason: string | null;
  records: string;
  denominatorRecords: string | null;
}

export interface TrendView {
  title: string;
  measure: 'count' | 'rate';
  counted: string;
  per: number | null;
  level: number;
  threshold: number;
  total: number | null;
  synthetic: boolean;
  points: TrendPoint[];
  notes: string[];
}

const MAX_MONTHS = 240;

function periodsBetween(by: 'year' | 'month', from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = by === 'month' ? Number(from.slice(5, 7)) : 1;
  const end = by === 'month' ? to.slice(0, 7) : to.slice(0, 4);
  for (;;) {
    const key = by === 'month' ? `${y}-${String(m).padStart(2, '0')}` : String(y);
    if (key > end) break;
    out.push(key);
    if (out.length > MAX_MONTHS)
      throw Invalid.field('from', `at most ${MAX_MONTHS} periods in one trend`);
    if (by === 'year') y++;
    else if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

const periodRange = (p: string) =>
  p.length === 4
    ? { from: `${p}-01-01`, to: `${p}-12-31` }
    : {
        from: `${p}-01`,
        to: new Date(Date.UTC(Number(p.slice(0, 4)), Number(p.slice(5, 7)), 0))
          .toISOString()
          .slice(0, 10),
      };

export async function incidentTrend(
  db: Database,
  o: { country: string; by: 'year' | 'month'; from: string; to: string; threshold: number },
): Promise<TrendView> {
  const name = await countryName(db, o.country);
  const periods = periodsBetween(o.by, o.from, o.to);
  const rows = new Map(
    (await q.incidentTrend(db, o.country, o.by, o)).map((r) => [r.key, r] as const),
  );
  const counts = periods.map((p) => Number(rows.get(p)?.incidents ?? 0));
  // Each point is a figure of the protected country × month tables (a month, or a country's
  // year) or a sum of them (a year cut by the range), hidden exactly as the count table, the
  // rates and the comparisons hide it (protection/table.ts): the views cannot be played
  // against each other, and a year's total never gives away a hidden month.
  const months = monthsBetween(o.from, o.to);
  const protection = await Protection.load(db, months, o.threshold);
  const hiddenBecause = new Map(
    periods.map(
      (p, i) =>
        [
          i,
          protection.figure(
            [o.country],
            o.by === 'month' ? [p] : months.filter((m) => m.startsWith(`${p}-`)),
          ).suppressed,
        ] as const,
    ),
  );
  const total = protection.figure([o.country], months);
  const synthetic = [...rows.values()].some((r) => r.synthetic);
  const points = periods.map((period, i): TrendPoint => {
    const why = hiddenBecause.get(i) ?? null;
    const range = periodRange(period);
    const records = `/api/incidents?${new URLSearchParams({ status: 'verified', country: o.country, from: range.from, to: range.to }).toString()}`;
    const count = why ? null : counts[i]!;
    const ci = count === null ? null : poissonInterval(count);
    return {
      period,
      count,
      suppressed: why,
      value: count,
      lower: ci?.lower ?? null,
      upper: ci?.upper ?? null,
      denominator: null,
      reason: null,
      records,
      denominatorRecords: null,
    };
  });
  return {
    title: `Verified incidents in ${name} by ${o.by}, ${o.from} to ${o.to}`,
    measure: 'count',
    counted: COUNTED,
    per: null,
    level: 0.95,
    threshold: o.threshold,
    total: total.suppressed ? null : total.value,
    synthetic,
    points,
    notes: [
      `Verified incidents in ${name} by ${o.by} of occurrence (start), ${o.from} to ${o.to}. Counts of incidents recorded by posts, not of all events.`,
      'The band is the exact (Garwood) Poisson 95% interval of each count.',
      suppressionNote(o.threshold),
      ...(total.suppressed ? ['The total is not shown: it would give away a hidden figure.'] : []),
      ...(synthetic ? ['Includes SYNTHETIC demo data.'] : []),
    ],
  };
}

export async function seriesTrend(
  db: Database,
  o: Group & {
    dataset: string;
    indicator: string;
    measure: 'count' | 'rate';
    threshold: number;
  },
): Promise<TrendView> {
  const d = await q.datasetByKey(db, o.dataset);
  if (!d) throw new NotFound(`no dataset "${o.dataset}"`);
  const name = await countryName(db, o.country);
  const cells = cellsByYear(await q.annualObservations(db, o.dataset, o.indicator, o.country), o);
  if (cells.size === 0)
    throw new NotFound(
      `no annual figures of "${o.indicator}" for ${name}${o.dimension ? ` with ${o.dimension} "${o.group}"` : ''} in "${o.dataset}"`,
    );
  const denominators = o.measure === 'rate' ? await denominatorsOf(db, o, name) : null;
  const points = [...cells.values()].map((c): TrendPoint => {
    const base = {
      period: c.period,
      records: `/api/analytics/observations/${c.id}`,
      denominator: null,
      denominatorRecords: null,
      suppressed: null,
      value: null,
      lower: null,
      upper: null,
    };
    if (c.value === null)
      return {
        ...base,
        count: null,
        reason: `not published${c.flags ? ` (flag ${c.flags})` : ''}`,
      };
    const count = Number(c.value);
    if (!Number.isInteger(count) || count < 0)
      return { ...base, count: null, reason: `${c.value} is not a count: no interval` };
    if (count > 0 && count < o.threshold)
      return { ...base, count: null, suppressed: 'primary', reason: null };
    if (!denominators) {
      const ci = poissonInterval(count);
      return { ...base, count, value: count, lower: ci.lower, upper: ci.upper, reason: null };
    }
    const found = denominators.byYear.get(Number(c.period));
    if (!found)
      return { ...base, count, reason: `no rate: ${denominators.missing(Number(c.period))}` };
    const r = ratePer100k(count, d.counted_description, found.denominator);
    return {
      ...base,
      count,
      value: r.rate,
      lower: r.lower,
      upper: r.upper,
      denominator: found.denominator,
      denominatorRecords: found.observation,
      reason: null,
    };
  });
  const group = o.dimension ? `, ${o.dimension} "${o.group}"` : '';
  return {
    title: `${o.indicator}${o.measure === 'rate' ? ' per 100,000 population' : ''}: ${name}${group}, by year (${d.publisher})`,
    measure: o.measure,
    counted: d.counted_description,
    per: o.measure === 'rate' ? 100_000 : null,
    level: 0.95,
    threshold: o.threshold,
    total: null,
    synthetic: d.synthetic,
    points,
    notes: [
      `${d.publisher}: ${d.title}. Counts ${d.counted_description}.`,
      `Caveats: ${d.caveats}`,
      ...(o.measure === 'rate'
        ? [
            o.dimension
              ? `Per 100,000 of the population of ${name} with ${o.dimension} "${o.group}", from an imported population table of the same year (each point names it).`
              : `Per 100,000 residents of ${name} in the same year (each point names the population figure and its source): the whole resident population, not the population at risk.`,
            'The band is the exact (Garwood) Poisson 95% interval of the count, divided by the population.',
          ]
        : ['The band is the exact (Garwood) Poisson 95% interval of each count.']),
      `Figures from 1 to ${o.threshold - 1} are shown as "${suppressedLabel(o.threshold)}" and not drawn.`,
      `Licence: ${d.licence}. ${d.url}`,
      ...(d.synthetic ? ['SYNTHETIC data.'] : []),
    ],
  };
}

function trendRows(v: TrendView): string[][] {
  const mark = v.synthetic ? 'SYNTHETIC' : '';
  const f = (x: number | null) => (x === null ? '' : String(x));
  return [
    [
      'period',
      'count',
      v.measure === 'rate' ? 'rate_per_100000' : 'value',
      'lower_95',
      'upper_95',
      'population',
      'population_of',
      'population_year',
      'population_source',
      'note',
      'records',
      'synthetic',
    ],
    ...v.points.map((p) => [
      p.period,
      p.suppressed ? suppressedLabel(v.threshold) : f(p.count),
      f(p.value),
      f(p.lower),
      f(p.upper),
      p.denominator ? String(p.denominator.population) : '',
      p.denominator?.of ?? '',
      p.denominator ? String(p.denominator.year) : '',
      p.denominator?.source ?? '',
      p.reason ?? '',
      p.records,
      mark,
    ]),
    ...(v.total !== null
      ? [['Total', String(v.total), '', '', '', '', '', '', '', '', '', mark]]
      : []),
  ];
}

/** CSV of a trend: the notes first (as # lines), then one row per period, synthetic marked. */
export function trendCsv(v: TrendView): string {
  return (
    [v.title, ...v.notes].map((n) => `# ${n}\n`).join('') +
    toCsv(trendRows(v), { quoted_match: /^#/ })
  );
}

/** XLSX of a trend: a Figures sheet (SYNTHETIC first where it applies) and a Notes sheet. */
export async function trendXlsx(v: TrendView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const data = wb.addWorksheet('Figures');
  if (v.synthetic) data.addRow(['SYNTHETIC DATA']);
  data.addRow([v.title]);
  // Figures as numbers, so a spreadsheet can compute with them; periods and labels ("<5") stay text.
  for (const row of trendRows(v))
    data.addRow(
      row.map((cell, i) => (i > 0 && /^-?\d+(\.\d+)?(e-?\d+)?$/.test(cell) ? Number(cell) : cell)),
    );
  const notes = wb.addWorksheet('Notes');
  for (const n of [v.title, ...v.notes]) notes.addRow([n]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
