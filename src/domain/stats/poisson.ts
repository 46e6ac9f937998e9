// Exact (Garwood) Poisson confidence interval for an observed count k: the chi-square
// quantiles χ²(α/2; 2k)/2 and χ²(1−α/2; 2k+2)/2, from jStat's chi-square inverse. For k = 0 the
// lower bound is 0. These are the intervals public-health agencies publish beside small counts.
import jstatModule from 'jstat';

const { jStat } = jstatModule;

export interface Interval {
  lower: number;
  upper: number;
  level: number;
}

export function poissonInterval(count: number, level = 0.95): Interval {
  if (!Number.isInteger(count) || count < 0)
    throw new RangeError('a count is a non-negative integer');
  if (!(level > 0 && level < 1)) throw new RangeError('the level is between 0 and 1');
  const alpha = 1 - level;
  const lower = count === 0 ? 0 : jStat.chisquare.inv(alpha / 2, 2 * count) / 2;
  const upper = jStat.chisquare.inv(1 - alpha / 2, 2 * count + 2) / 2;
  return { lower, upper, level };
}
