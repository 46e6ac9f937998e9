// Two groups compared on a rate per 100,000 — verified incidents of two countries, or an
// official table's figures for two countries or two breakdown groups (two citizenships) —
// shown only when both counts are published and both groups have a population of the same
// year and kind; otherwise the comparison is refused with the reason, naming the missing
// denominator or the suppressed count. When shown: both rates with their exact Poisson
// intervals, the rate ratio with its exact conditional interval (domain/stats/rateRatio.ts),
// the counts, populations and their sources, and the records behind each figure.
import type { Database } from '../../db/connection.ts';
import { NotFound } from '../../domain/errors.ts';
import { compareRates, type Denominator, type Rate } from '../../domain/stats/rate.ts';
import type { RateRatio } from '../../domain/stats/rateRatio.ts';
import { suppressedLabel } from '../../domain/stats/suppression.ts';
import { cellsByYear, countryName, denominatorsOf, type Group } from './denominators.ts';
import { monthsBetween, Protection } from './protection/table.ts';
import * as q from './queries.ts';
import { COUNTED } from './service.ts';

export interface ComparisonQuery {
  source: 'incidents' | 'series';
  year: number;
  a: string;
  b: string;
  dataset?: string | undefined;
  indicator?: string | undefined;
  dimension?: string | undefined;
  aGroup?: string | undefined;
  bGroup?: string | undefined;
  threshold: number;
}

export interface ComparisonSide {
  label: string;
  /** null: suppressed or no figure. */
  count: number | null;
  suppressed: boolean;
  /** Only in a comparison that is shown. */
  rate: Rate | null;
  records: string | null;
  denominatorRecords: string | null;
}

export interface ComparisonView {
  comparable: boolean;
  /** Why the comparison is not shown. */
  reason: string | null;
  year: number;
  counted: string;
  sides: [ComparisonSide, ComparisonSide];
  ratio: RateRatio | null;
  threshold: number;
  synthetic: boolean;
  notes: string[];
}

interface Resolved {
  side: ComparisonSide;
  /** Why this side cannot be compared: no count, a suppressed count, no population. */
  problem: string | null;
  denominator: Denominator | null;
}

async function resolve(
  db: Database,
  query: ComparisonQuery,
  g: Group,
): Promise<Resolved & { synthetic: boolean }> {
  const name = await countryName(db, g.country);
  const label = g.dimension ? `${name}, ${g.dimension} "${g.group}"` : name;
  let count: number | null = null;
  let records: string | null = null;
  let synthetic = false;
  let problem: string | null = null;
  let protectedCount = false;
  if (query.source === 'incidents') {
    const from = `${query.year}-01-01`;
    const to = `${query.year}-12-31`;
    const [row] = await q.incidentTrend(db, g.country, 'year', { from, to });
    count = Number(row?.incidents ?? 0);
    synthetic = row?.synthetic ?? false;
    records = `/api/incidents?${new URLSearchParams({ status: 'verified', country: g.country, from, to }).toString()}`;
    // The country's year is a figure of the protected table: hidden there (a complement that
    // protects a small count elsewhere), it is not given away through a comparison either.
    const months = monthsBetween(from, to);
    const figure = (await Protection.load(db, months, query.threshold)).figure([g.country], months);
    if (figure.suppressed === 'complementary') {
      protectedCount = true;
      problem = `the count for ${label} is hidden in the published tables (shown as "${suppressedLabel(query.threshold)}") so that a count below ${query.threshold} cannot be worked out from it: a comparison would give it away`;
    }
  } else {
    const cells = cellsByYear(
      await q.annualObservations(db, query.dataset!, query.indicator!, g.country),
      g,
    );
    const cell = cells.get(String(query.year));
    if (!cell) problem = `there is no figure for ${label} in ${query.year}`;
    else {
      records = `/api/analytics/observations/${cell.id}`;
      if (cell.value === null)
        problem = `the figure for ${label} in ${query.year} is not published`;
      else if (!Number.isInteger(Number(cell.value)))
        problem = `the figure for ${label} (${cell.value}) is not a count`;
      else count = Number(cell.value);
    }
  }
  const suppressed = protectedCount || (count !== null && count > 0 && count < query.threshold);
  if (suppressed && !protectedCount)
    problem = `the count for ${label} is below ${query.threshold} (shown as "${suppressedLabel(query.threshold)}"): a comparison would give it away`;
  const dens = await denominatorsOf(db, g, name);
  const found = dens.byYear.get(query.year) ?? null;
  if (!found) {
    const missing = `${dens.missing(query.year)} (a rate needs a denominator)`;
    problem = problem ? `${problem}; ${missing}` : missing;
  }
  return {
    side: {
      label,
      count: suppressed ? null : count,
      suppressed,
      rate: null,
      records,
      denominatorRecords: found?.observation ?? null,
    },
    problem,
    denominator: found?.denominator ?? null,
    synthetic,
  };
}

export async function compareGroups(db: Database, query: ComparisonQuery): Promise<ComparisonView> {
  let counted = COUNTED;
  let datasetNotes: string[] = [];
  let synthetic = false;
  if (query.source === 'series') {
    const d = await q.datasetByKey(db, query.dataset!);
    if (!d) throw new NotFound(`no dataset "${query.dataset}"`);
    counted = d.counted_description;
    synthetic = d.synthetic;
    datasetNotes = [
      `${d.publisher}: ${d.title}. Counts ${d.counted_description}.`,
      `Caveats: ${d.caveats}`,
    ];
  }
  const group = (country: string, value: string | undefined): Group => ({
    country,
    dimension: query.dimension,
    group: query.dimension ? value : undefined,
  });
  const a = await resolve(db, query, group(query.a, query.aGroup));
  const b = await resolve(db, query, group(query.b, query.bGroup));
  synthetic ||= a.synthetic || b.synthetic;
  const notes = [
    ...datasetNotes,
    'Rates are per 100,000 of each group’s population of the same year; intervals are exact Poisson 95%; the rate ratio’s interval is the exact conditional (binomial) one (Breslow & Day 1987, §2.2; as R’s poisson.test).',
    'Age and sex structure differ between populations: a crude rate ratio does not adjust for them.',
    `A comparison is not shown when either count is below ${query.threshold} or either group lacks a population figure of the same year and kind.`,
    ...(synthetic ? ['Includes SYNTHETIC data.'] : []),
  ];
  const base = { year: query.year, counted, threshold: query.threshold, synthetic, notes };
  const problems = [
    a.problem && `first group: ${a.problem}`,
    b.problem && `second group: ${b.problem}`,
  ].filter((p): p is string => !!p);
  if (problems.length > 0)
    return {
      ...base,
      comparable: false,
      reason: `No comparison: ${problems.join('; ')}.`,
      sides: [a.side, b.side],
      ratio: null,
    };
  const c = compareRates(
    { numerator: a.side.count!, counted, denominator: a.denominator },
    { numerator: b.side.count!, counted, denominator: b.denominator },
  );
  if (!c.comparable)
    return {
      ...base,
      comparable: false,
      reason: `No comparison: ${c.reason.replace(/^no comparison: /, '')}.`,
      sides: [a.side, b.side],
      ratio: null,
    };
  const { a: ra, b: rb, comparable: _shown, ...ratio } = c;
  return {
    ...base,
    comparable: true,
    reason: null,
    sides: [
      { ...a.side, rate: ra },
      { ...b.side, rate: rb },
    ],
    ratio,
  };
}
