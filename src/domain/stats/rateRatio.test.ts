// The rate ratio's exact interval against values computed elsewhere: R's documented
// poisson.test example, and SciPy 1.17 (scipy.stats.beta.ppf for the Clopper–Pearson limits of
// k1 out of k1 + k2, turned into ratios). An independent check in the test itself finds the
// same limits by bisection on binomial tail sums, without jStat.
import { describe, expect, it } from 'vitest';
import { compareRates } from './rate.ts';
import { rateRatio } from './rateRatio.ts';

/** P(X ≥ k) and P(X ≤ k) for X ~ Binomial(n, p), by summing terms. */
function binomialTail(n: number, k: number, p: number, upper: boolean): number {
  let sum = 0;
  let logC = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    const term = Math.exp(logC + i * Math.log(p) + (n - i) * Math.log1p(-p));
    if (upper ? i >= k : i <= k) sum += term;
  }
  return sum;
}

function bisect(f: (p: number) => number, target: number): number {
  let lo = 1e-12;
  let hi = 1 - 1e-12;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    // f increases with p.
    if (f(mid) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

describe('rate ratio, exact conditional interval', () => {
  it("reproduces R's poisson.test example (11 of 800 against 21 of 3011)", () => {
    // R: poisson.test(c(11, 6+8+7), c(800, 1083+1050+878)) → 1.971488 [0.8584264, 4.2772659]
    const r = rateRatio({ count: 11, population: 800 }, { count: 21, population: 3011 });
    expect(r.ratio).toBeCloseTo(1.971488, 6);
    expect(r.lower).toBeCloseTo(0.8584264, 6);
    expect(r.upper).toBeCloseTo(4.2772659, 6);
  });

  it.each([
    // k1, N1, k2, N2 → SciPy: ratio, lower, upper
    [30, 1e6, 10, 2e6, 6, 2.8548169403, 13.758603542],
    [12, 68_000_000, 7, 59_000_000, 1.487394958, 0.539906453, 4.459070644],
  ])('%i / %d against %i / %d', (k1, n1, k2, n2, ratio, lower, upper) => {
    const r = rateRatio({ count: k1, population: n1 }, { count: k2, population: n2 });
    expect(r.ratio).toBeCloseTo(ratio, 8);
    expect(r.lower).toBeCloseTo(lower, 7);
    expect(r.upper).toBeCloseTo(upper, 7);
  });

  it('agrees with limits found by bisection on binomial tail sums', () => {
    const [k1, n1, k2, n2] = [17, 250_000, 9, 400_000];
    const n = k1 + k2;
    // Lower p: P(X ≥ k1 | p) = 0.025; upper p: P(X ≤ k1 | p) = 0.025.
    const pl = bisect((p) => binomialTail(n, k1, p, true), 0.025);
    const pu = bisect((p) => -binomialTail(n, k1, p, false), -0.025);
    const r = rateRatio({ count: k1, population: n1 }, { count: k2, population: n2 });
    expect(r.lower).toBeCloseTo((pl / (1 - pl)) * (n2 / n1), 6);
    expect(r.upper).toBeCloseTo((pu / (1 - pu)) * (n2 / n1), 6);
  });

  it('has a lower limit of 0 for no events in the first group, and refuses none in the second', () => {
    expect(rateRatio({ count: 0, population: 1e5 }, { count: 8, population: 1e5 })).toMatchObject({
      ratio: 0,
      lower: 0,
    });
    expect(() => rateRatio({ count: 3, population: 1e5 }, { count: 0, population: 1e5 })).toThrow(
      RangeError,
    );
  });

  it('comes with a comparison only over populations of the same kind', () => {
    const pop = { population: 1e6, of: 'X', year: 2020, source: 'S' };
    expect(
      compareRates(
        { numerator: 10, counted: 'c', denominator: pop },
        { numerator: 10, counted: 'c', denominator: { ...pop, kind: 'Citizenship: Syria' } },
      ),
    ).toMatchObject({ comparable: false, reason: expect.stringMatching(/different kinds/) });
    const ok = compareRates(
      { numerator: 30, counted: 'c', denominator: pop },
      { numerator: 10, counted: 'c', denominator: { ...pop, population: 2e6 } },
    );
    expect(ok).toMatchObject({ comparable: true, ratio: 6 });
    expect(ok.comparable && ok.lower).toBeCloseTo(2.8548169403, 7);
  });
});
