// Median and the bootstrap percentile interval of a difference of medians, on a seeded
// generator (pure-rand's xoroshiro128+) so that a published figure can be recomputed exactly.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new RangeError('the median of nothing');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** The p-quantile by linear interpolation between order statistics (R type 7). */
export function quantile(sorted: readonly number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface MedianDifference {
  /** median(a) − median(b) */
  difference: number;
  lower: number;
  upper: number;
  level: number;
  iterations: number;
  seed: number;
  n: [number, number];
}

export function bootstrapMedianDifference(
  a: readonly number[],
  b: readonly number[],
  options: { seed: number; iterations?: number; level?: number },
): MedianDifference {
  if (a.length === 0 || b.length === 0) throw new RangeError('both samples need values');
  const iterations = options.iterations ?? 2000;
  const level = options.level ?? 0.95;
  const rng = xoroshiro128plus(options.seed);
  const resample = (xs: readonly number[]) => {
    const out = new Array<number>(xs.length);
    for (let i = 0; i < xs.length; i++) out[i] = xs[uniformInt(rng, 0, xs.length - 1)]!;
    return out;
  };
  const diffs = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) diffs[i] = median(resample(a)) - median(resample(b));
  diffs.sort((x, y) => x - y);
  const alpha = 1 - level;
  return {
    difference: median(a) - median(b),
    lower: quantile(diffs, alpha / 2),
    upper: quantile(diffs, 1 - alpha / 2),
    level,
    iterations,
    seed: options.seed,
    n: [a.length, b.length],
  };
}
