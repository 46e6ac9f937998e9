// The sentencing comparison between two defendant groups among comparable cases: conviction
// counts with their denominators, the distribution of custodial sentence lengths side by side,
// and the difference of medians with a seeded bootstrap interval — or, when either side has
// fewer cases than the minimum, a refusal that says why (DATA-STANDARDS, honesty rule 6).
// Sentence length is read only from convictions with a custodial sentence: acquittals have no
// sentence, and months of a fine or a suspended term do not measure the same thing.
import { bootstrapMedianDifference, quantile, type MedianDifference } from './bootstrap.ts';

export interface SentencingCase {
  id: string;
  outcome: string;
  sentenceType: string | null;
  sentenceMonths: number | null;
}

export interface HistogramBin {
  fromMonths: number;
  /** Exclusive upper bound; null for the open last bin. */
  toMonths: number | null;
  count: number;
}

export interface SentenceDistribution {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  histogram: HistogramBin[];
}

export interface SideSummary {
  defendantGroup: string;
  cases: number;
  convictions: number;
  acquittals: number;
  sentenceTypes: { sentenceType: string; count: number }[];
  /** Convictions with a custodial sentence and its length: the n of the sentence figures. */
  custodialCases: number;
  /** Withheld (null) while the comparison is refused: two small samples side by side invite the comparison we refuse. */
  distribution: SentenceDistribution | null;
  caseIds: string[];
}

export type DifferenceStatement =
  ({ stated: true } & MedianDifference) | { stated: false; reason: string };

export interface SentencingComparison {
  sides: [SideSummary, SideSummary];
  minCases: number;
  medianDifference: DifferenceStatement;
}

/** Bins wide where sentences are short, so both sides are read against the same scale. */
export const HISTOGRAM_EDGES = [0, 6, 12, 24, 36, 60, 120] as const;

export function histogram(months: readonly number[]): HistogramBin[] {
  return HISTOGRAM_EDGES.map((from, i) => {
    const to = HISTOGRAM_EDGES[i + 1] ?? null;
    return {
      fromMonths: from,
      toMonths: to,
      count: months.filter((m) => m >= from && (to === null || m < to)).length,
    };
  });
}

export function distributionOf(months: readonly number[]): SentenceDistribution | null {
  if (months.length === 0) return null;
  const s = [...months].sort((a, b) => a - b);
  return {
    min: s[0]!,
    q1: quantile(s, 0.25),
    median: quantile(s, 0.5),
    q3: quantile(s, 0.75),
    max: s[s.length - 1]!,
    histogram: histogram(s),
  };
}

const custodialMonths = (cases: readonly SentencingCase[]) =>
  cases
    .filter((c) => c.outcome === 'conviction' && c.sentenceType === 'custodial')
    .map((c) => c.sentenceMonths)
    .filter((m): m is number => m !== null);

function summarise(defendantGroup: string, cases: readonly SentencingCase[]) {
  const convictions = cases.filter((c) => c.outcome === 'conviction');
  const types = new Map<string, number>();
  for (const c of convictions)
    if (c.sentenceType) types.set(c.sentenceType, (types.get(c.sentenceType) ?? 0) + 1);
  return {
    defendantGroup,
    cases: cases.length,
    convictions: convictions.length,
    acquittals: cases.filter((c) => c.outcome === 'acquittal').length,
    sentenceTypes: [...types].map(([sentenceType, count]) => ({ sentenceType, count })),
    months: custodialMonths(cases),
    caseIds: cases.map((c) => c.id),
  };
}

export function compareSentences(
  a: { defendantGroup: string; cases: readonly SentencingCase[] },
  b: { defendantGroup: string; cases: readonly SentencingCase[] },
  options: { minCases: number; seed: number; iterations?: number },
): SentencingComparison {
  const sa = summarise(a.defendantGroup, a.cases);
  const sb = summarise(b.defendantGroup, b.cases);
  const enough = sa.months.length >= options.minCases && sb.months.length >= options.minCases;
  const side = (s: ReturnType<typeof summarise>): SideSummary => ({
    defendantGroup: s.defendantGroup,
    cases: s.cases,
    convictions: s.convictions,
    acquittals: s.acquittals,
    sentenceTypes: s.sentenceTypes,
    custodialCases: s.months.length,
    distribution: enough ? distributionOf(s.months) : null,
    caseIds: s.caseIds,
  });
  const medianDifference: DifferenceStatement = enough
    ? {
        stated: true,
        ...bootstrapMedianDifference(sa.months, sb.months, {
          seed: options.seed,
          ...(options.iterations ? { iterations: options.iterations } : {}),
        }),
      }
    : {
        stated: false,
        reason:
          `No difference is stated: "${sa.defendantGroup}" has ${sa.months.length} and ` +
          `"${sb.defendantGroup}" ${sb.months.length} custodial sentences among comparable cases; ` +
          `each side needs at least ${options.minCases}.`,
      };
  return { sides: [side(sa), side(sb)], minCases: options.minCases, medianDifference };
}
