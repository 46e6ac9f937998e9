// Small-cell suppression that holds across every view of verified-incident counts (the count
// table by country, region or month, the trends by month or year, the rates and their map, the
// comparisons), so that no suppressed count can be worked out by subtracting figures one view
// shows from figures another shows.
//
// The rule (docs/statistics.md, "Suppression across views"):
// 1. The protected table of a calendar year is its verified incidents by country × month, with
//    the margins every view can publish: each country's year, each month over all countries,
//    and the year's total. It is suppressed once, by suppressTable: counts 1…threshold−1 are
//    hidden (primary), then complements until no row, column or margin line has exactly one
//    hidden figure; a zero is never a complement (views show zeros, or list none).
// 2. Every view publishes only (a) figures of these tables, hidden exactly where the table hides
//    them, or (b) sums of such figures (a range of months, several years, a region's countries)
//    when none of the figures summed is hidden; a sum with a hidden part is hidden. A sum of
//    published figures says nothing the figures did not, so everything published is what the
//    protected tables publish, whichever views are combined and whatever ranges are asked for.
// 3. A request may raise the threshold, never lower it below the minimum: the figures hidden at
//    the minimum stay hidden at any threshold (the hidden sets are united), so two requests at
//    different thresholds cannot be played against each other either.
import type { Database } from '../../../db/connection.ts';
import { DEFAULT_THRESHOLD, suppressTable } from '../../../domain/stats/suppression.ts';
import { countryMonthCells } from './queries.ts';

/** The least threshold any request gets (a request may ask for more). */
export const MIN_THRESHOLD = DEFAULT_THRESHOLD;

export type Hidden = 'primary' | 'complementary' | null;

export interface Figure {
  value: number;
  /** Why it is not shown; null: shown. */
  suppressed: Hidden;
}

interface YearTable {
  countries: Map<string, number>;
  cells: number[][];
  rowTotals: number[];
  columnTotals: number[];
  grand: number;
  hidden: Map<string, 'primary' | 'complementary'>;
}

/** The months (YYYY-MM) a range of dates covers, as the rollup reads it (by month). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const end = to.slice(0, 7);
  for (;;) {
    const key = `${y}-${String(m).padStart(2, '0')}`;
    if (key > end) break;
    out.push(key);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export class Protection {
  private constructor(
    private readonly years: Map<number, YearTable>,
    private readonly regions: Map<string, Set<string>>,
    readonly threshold: number,
  ) {}

  /** The protected tables of the years a range of months touches, at the given threshold. */
  static async load(db: Database, months: string[], threshold: number): Promise<Protection> {
    if (threshold < MIN_THRESHOLD)
      throw new RangeError(`the suppression threshold is at least ${MIN_THRESHOLD}`);
    const years = new Map<number, YearTable>();
    const regions = new Map<string, Set<string>>();
    if (months.length === 0) return new Protection(years, regions, threshold);
    const first = Number(months[0]!.slice(0, 4));
    const last = Number(months[months.length - 1]!.slice(0, 4));
    const cells = await countryMonthCells(db, first, last);
    const byYear = new Map<number, typeof cells>();
    for (const c of cells) {
      const y = Number(c.month.slice(0, 4));
      const list = byYear.get(y);
      if (list) list.push(c);
      else byYear.set(y, [c]);
      if (!regions.has(c.region)) regions.set(c.region, new Set());
      regions.get(c.region)!.add(c.country);
    }
    for (const [year, rows] of byYear) {
      const countries = new Map(
        [...new Set(rows.map((r) => r.country))].sort().map((c, i) => [c, i] as const),
      );
      const table = Array.from({ length: countries.size }, () => Array<number>(12).fill(0));
      for (const r of rows)
        table[countries.get(r.country)!]![Number(r.month.slice(5, 7)) - 1]! += Number(r.incidents);
      const at = (t: number) => suppressTable(table, t, { zeroComplements: false });
      const s = at(MIN_THRESHOLD);
      const hidden = new Map(s.reasons);
      // Hidden at the minimum stays hidden at any higher threshold (rule 3).
      if (threshold > MIN_THRESHOLD)
        for (const [k, why] of at(threshold).reasons)
          if (hidden.get(k) !== 'primary') hidden.set(k, why);
      const rowTotals = table.map((r) => r.reduce((a, b) => a + b, 0));
      years.set(year, {
        countries,
        cells: table,
        rowTotals,
        columnTotals: Array.from({ length: 12 }, (_, m) => table.reduce((a, r) => a + r[m]!, 0)),
        grand: rowTotals.reduce((a, b) => a + b, 0),
        hidden,
      });
    }
    return new Protection(years, regions, threshold);
  }

  /** The countries of a region that have incidents in the years loaded. */
  countriesOf(region: string): string[] {
    return [...(this.regions.get(region) ?? [])];
  }

  /**
   * The published figure for some countries ('all': every country) over some months: a figure
   * of a protected table, or a sum of them (rule 2), hidden where the rule hides it.
   */
  figure(countries: string[] | 'all', months: string[]): Figure {
    const parts: Figure[] = [];
    const byYear = new Map<number, number[]>();
    for (const m of months) {
      const y = Number(m.slice(0, 4));
      byYear.set(y, [...(byYear.get(y) ?? []), Number(m.slice(5, 7)) - 1]);
    }
    for (const [year, ms] of byYear) {
      const t = this.years.get(year);
      if (!t) continue; // no incidents that year: zeros, published as such
      const whole = new Set(ms).size === 12;
      const part = (key: string, value: number) =>
        parts.push({ value, suppressed: t.hidden.get(key) ?? null });
      if (countries === 'all') {
        if (whole) part('g', t.grand);
        else for (const m of ms) part(`k${m}`, t.columnTotals[m]!);
        continue;
      }
      for (const c of countries) {
        const r = t.countries.get(c);
        if (r === undefined) continue;
        if (whole) part(`r${r}`, t.rowTotals[r]!);
        else for (const m of ms) part(`c${r},${m}`, t.cells[r]![m]!);
      }
    }
    if (parts.length === 1) return parts[0]!;
    const value = parts.reduce((a, p) => a + p.value, 0);
    const small = value > 0 && value < this.threshold;
    const anyHidden = parts.some((p) => p.suppressed !== null);
    return {
      value,
      suppressed: small ? 'primary' : anyHidden ? 'complementary' : null,
    };
  }
}
