// The ratio of two Poisson rates with its exact conditional 95% interval. Given the two counts,
// the first count out of their sum is binomial with p = RR·N1 / (RR·N1 + N2); the Clopper–
// Pearson limits of p, turned back into ratios (p / (1 − p) · N2 / N1), bound the rate ratio.
// This is the exact method of Breslow & Day (Statistical Methods in Cancer Research, vol. II,
// IARC 1987, §2.2) and Rothman & Greenland (Modern Epidemiology, 3rd ed., ch. 14), and what R's
// poisson.test(c(k1, k2), c(N1, N2)) reports. It keeps its coverage for the small counts the
// dashboard deals in, where the log-normal approximation does not.
import jstatModule from 'jstat';

const { jStat } = jstatModule;

export interface RateRatio {
  /** (k1 / N1) / (k2 / N2) */
  ratio: number;
  lower: number;
  /** null: unbounded (the first group holds every event). */
  upper: number | null;
  level: number;
  method: string;
}

export const RATE_RATIO_METHOD =
  'exact conditional (binomial) interval: Clopper–Pearson limits of k1 out of k1 + k2 (Breslow & Day 1987, §2.2; as R poisson.test)';

export function rateRatio(
  a: { count: number; population: number },
  b: { count: number; population: number },
  level = 0.95,
): RateRatio {
  for (const g of [a, b]) {
    if (!Number.isInteger(g.count) || g.count < 0)
      throw new RangeError('a count is a non-negative integer');
    if (!(g.population > 0)) throw new RangeError('a population is positive');
  }
  if (b.count === 0) throw new RangeError('the second group has no events: no ratio');
  const n = a.count + b.count;
  const alpha = 1 - level;
  const pLower = a.count === 0 ? 0 : jStat.beta.inv(alpha / 2, a.count, n - a.count + 1);
  const pUpper = a.count === n ? 1 : jStat.beta.inv(1 - alpha / 2, a.count + 1, n - a.count);
  const scale = b.population / a.population;
  const odds = (p: number) => (p / (1 - p)) * scale;
  return {
    ratio: a.count / a.population / (b.count / b.population),
    lower: odds(pLower),
    upper: pUpper >= 1 ? null : odds(pUpper),
    level,
    method: RATE_RATIO_METHOD,
  };
}
