// The sentencing comparison's statistics: quantiles against R's type-7 reference values, the
// seeded bootstrap pinned to its published figures (anyone can recompute them from the same
// cases and seed), an interval that covers a difference we built into the data, coverage
// close to the nominal 95% over repeated samples, and the refusal below the minimum.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { describe, expect, it } from 'vitest';
import { bootstrapMedianDifference, median, quantile } from './bootstrap.ts';
import { compareSentences, distributionOf, histogram, type SentencingCase } from './sentencing.ts';

const custodial = (months: number[], prefix: string): SentencingCase[] =>
  months.map((m, i) => ({
    id: `${prefix}${i}`,
    outcome: 'conviction',
    sentenceType: 'custodial',
    sentenceMonths: m,
  }));

describe('quantiles and medians', () => {
  it('match R quantile(type = 7) and median()', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // R: quantile(1:10, c(.25, .5, .75)) → 3.25 5.50 7.75
    expect([quantile(x, 0.25), quantile(x, 0.5), quantile(x, 0.75)]).toEqual([3.25, 5.5, 7.75]);
    // R: median(c(36, 12, 24, 60, 18, 30)) → 27
    expect(median([36, 12, 24, 60, 18, 30])).toBe(27);
    expect(distributionOf([36, 12, 24, 60, 18, 30])).toMatchObject({
      min: 12,
      q1: 19.5,
      median: 27,
      q3: 34.5,
      max: 60,
    });
  });
  it('put every sentence in exactly one bin of the shared scale', () => {
    const bins = histogram([0, 5.9, 6, 11, 12, 24, 59, 60, 119, 120, 300]);
    expect(bins.map((b) => b.count)).toEqual([2, 2, 1, 1, 1, 2, 2]);
    expect(bins.at(-1)).toEqual({ fromMonths: 120, toMonths: null, count: 2 });
  });
});

describe('bootstrap of the difference of medians', () => {
  // 40 sentences spread evenly from 6 to 64.5 months, and the same shifted by 12 months.
  const b = Array.from({ length: 40 }, (_, i) => 6 + i * 1.5);
  const a = b.map((x) => x + 12);

  it('is pinned on a fixed seed: the published interval can be recomputed exactly', () => {
    expect(bootstrapMedianDifference(a, b, { seed: 20260101 })).toEqual({
      difference: 12,
      lower: 0,
      upper: 25.5,
      level: 0.95,
      iterations: 2000,
      seed: 20260101,
      n: [40, 40],
    });
  });

  it('covers the difference built into a constructed sample', () => {
    for (const seed of [1, 2, 3, 99, 20260101]) {
      const r = bootstrapMedianDifference(a, b, { seed });
      expect(r.difference).toBe(12);
      expect(r.lower).toBeLessThanOrEqual(12);
      expect(r.upper).toBeGreaterThanOrEqual(12);
    }
    // A larger shift on the same spread: the interval excludes no difference at all.
    const far = bootstrapMedianDifference(
      b.map((x) => x + 60),
      b,
      { seed: 5 },
    );
    expect(far.lower).toBeGreaterThan(0);
  });

  it('covers the true difference in about 95% of repeated samples', () => {
    // Sentences drawn from two known discrete distributions whose medians differ by 12.
    const rng = xoroshiro128plus(314159);
    const draw = (n: number, shift: number) =>
      Array.from({ length: n }, () => 6 * uniformInt(rng, 1, 11) + shift);
    // Population medians: 6 × 6 = 36 and 36 + 12 = 48.
    let covered = 0;
    const replicates = 200;
    for (let r = 0; r < replicates; r++) {
      const ci = bootstrapMedianDifference(draw(41, 12), draw(41, 0), {
        seed: r + 1,
        iterations: 500,
      });
      if (ci.lower <= 12 && 12 <= ci.upper) covered++;
    }
    // Percentile intervals of a median from discrete data run a little wide or narrow; the
    // nominal 95% must be near, not exact.
    expect(covered / replicates).toBeGreaterThanOrEqual(0.88);
  }, 30_000);
});

describe('compareSentences', () => {
  const acquitted = (n: number, prefix: string): SentencingCase[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}q${i}`,
      outcome: 'acquittal',
      sentenceType: null,
      sentenceMonths: null,
    }));
  const fined = (n: number, prefix: string): SentencingCase[] =>
    Array.from({ length: n }, (_, i) => ({
      id: `${prefix}f${i}`,
      outcome: 'conviction',
      sentenceType: 'fine',
      sentenceMonths: null,
    }));

  it('refuses to state a difference when either side is below the minimum', () => {
    const thirty = Array.from({ length: 30 }, (_, i) => 12 + i);
    const r = compareSentences(
      { defendantGroup: 'foreign nationals', cases: custodial(thirty, 'a') },
      {
        defendantGroup: 'German nationals',
        cases: [...custodial(thirty.slice(0, 29), 'b'), ...fined(5, 'b')],
      },
      { minCases: 30, seed: 1 },
    );
    expect(r.medianDifference).toEqual({
      stated: false,
      reason: expect.stringContaining('"German nationals" 29 custodial sentences') as string,
    });
    expect(r.sides.map((s) => s.distribution)).toEqual([null, null]);
    // The counts are still given, with their denominators.
    expect(r.sides[1]).toMatchObject({ cases: 34, convictions: 34, custodialCases: 29 });
  });

  it('states the difference with its interval at the minimum, over custodial sentences only', () => {
    const a = Array.from({ length: 30 }, (_, i) => 24 + i);
    const b = Array.from({ length: 30 }, (_, i) => 12 + i);
    const r = compareSentences(
      {
        defendantGroup: 'A',
        cases: [...custodial(a, 'a'), ...acquitted(10, 'a'), ...fined(3, 'a')],
      },
      { defendantGroup: 'B', cases: [...custodial(b, 'b'), ...acquitted(2, 'b')] },
      { minCases: 30, seed: 7 },
    );
    expect(r.sides[0]).toMatchObject({
      cases: 43,
      convictions: 33,
      acquittals: 10,
      custodialCases: 30,
    });
    expect(r.sides[0].sentenceTypes).toEqual(
      expect.arrayContaining([
        { sentenceType: 'custodial', count: 30 },
        { sentenceType: 'fine', count: 3 },
      ]),
    );
    expect(r.sides[0].distribution?.median).toBe(median(a));
    expect(r.medianDifference).toMatchObject({ stated: true, difference: 12, n: [30, 30] });
    const again = compareSentences(
      { defendantGroup: 'A', cases: custodial(a, 'a') },
      { defendantGroup: 'B', cases: custodial(b, 'b') },
      { minCases: 30, seed: 7 },
    );
    expect(again.medianDifference).toEqual(r.medianDifference);
  });
});
