// The statistics library against published reference values: exact Poisson limits (the table
// in Ulm 1990 / Garwood 1936, as printed by public-health agencies), medians, a seeded
// bootstrap that reproduces itself, and small-cell suppression that no chain of subtractions
// along rows and columns can undo (fast-check).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bootstrapMedianDifference, median } from './bootstrap.ts';
import { poissonInterval } from './poisson.ts';
import { compareRates, describeRate, NoDenominator, ratePer100k } from './rate.ts';
import { suppressTable } from './suppression.ts';

describe('exact Poisson 95% interval', () => {
  // k: [lower, upper], published to 3–4 decimals.
  const reference: [number, number, number][] = [
    [0, 0, 3.689],
    [1, 0.0253, 5.5716],
    [2, 0.2422, 7.2247],
    [5, 1.6235, 11.6683],
    [10, 4.7954, 18.3904],
    [20, 12.2165, 30.8884],
    [100, 81.3639, 121.627],
  ];
  it.each(reference)('k = %i → [%f, %f]', (k, lower, upper) => {
    const ci = poissonInterval(k);
    expect(ci.lower).toBeCloseTo(lower, 3);
    expect(ci.upper).toBeCloseTo(upper, 2);
  });
  it('refuses what is not a count', () => {
    expect(() => poissonInterval(-1)).toThrow(RangeError);
    expect(() => poissonInterval(2.5)).toThrow(RangeError);
  });
});

describe('rates per 100,000', () => {
  const france = {
    population: 68_170_228,
    of: 'France',
    year: 2023,
    source: 'World Bank SP.POP.TOTL',
  };
  it('carry numerator, denominator, year and source, with the interval scaled', () => {
    const r = ratePer100k(10, 'verified incidents', france);
    expect(r).toMatchObject({ numerator: 10, denominator: france, per: 100_000 });
    expect(r.rate).toBeCloseTo((10 / 68_170_228) * 100_000, 10);
    expect(r.lower).toBeCloseTo((4.7954 / 68_170_228) * 100_000, 6);
    expect(describeRate(r, 3)).toContain(
      '10 verified incidents of 68,170,228, France 2023, World Bank SP.POP.TOTL',
    );
  });
  it('are refused without a denominator', () => {
    expect(() => ratePer100k(3, 'incidents', null)).toThrow(NoDenominator);
    expect(() => ratePer100k(3, 'incidents', { ...france, population: 0 })).toThrow(NoDenominator);
  });
  it('compare two groups only with denominators of the same year, else say why not', () => {
    expect(
      compareRates(
        { numerator: 3, counted: 'x', denominator: france },
        { numerator: 4, counted: 'x', denominator: null },
      ),
    ).toEqual({
      comparable: false,
      reason: expect.stringMatching(/second group has no population/) as string,
    });
    const other = { ...france, of: 'Spain', year: 2022 };
    expect(
      compareRates(
        { numerator: 3, counted: 'x', denominator: france },
        { numerator: 4, counted: 'x', denominator: other },
      ),
    ).toMatchObject({ comparable: false });
    const ok = compareRates(
      { numerator: 30, counted: 'x', denominator: france },
      {
        numerator: 10,
        counted: 'x',
        denominator: { ...france, of: 'Y', population: france.population },
      },
    );
    expect(ok.comparable && ok.ratio).toBeCloseTo(3, 10);
  });
});

describe('median and bootstrap', () => {
  it('median of odd and even samples', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
  it('a fixed seed reproduces the interval exactly; the interval holds the estimate', () => {
    const a = [12, 18, 24, 24, 30, 36, 36, 48, 60, 6, 12, 24, 30, 42, 18];
    const b = [6, 12, 12, 18, 18, 24, 24, 30, 6, 9, 12, 15, 18, 24];
    const one = bootstrapMedianDifference(a, b, { seed: 42 });
    const two = bootstrapMedianDifference(a, b, { seed: 42 });
    expect(two).toEqual(one);
    expect(one.difference).toBe(24 - 16.5);
    expect(one.lower).toBeLessThanOrEqual(one.difference);
    expect(one.upper).toBeGreaterThanOrEqual(one.difference);
    expect(bootstrapMedianDifference(a, b, { seed: 7 })).not.toEqual(one);
  });
  it('two identical constant samples give a zero-width interval at 0', () => {
    const r = bootstrapMedianDifference([5, 5, 5], [5, 5, 5], { seed: 1, iterations: 200 });
    expect([r.difference, r.lower, r.upper]).toEqual([0, 0, 0]);
  });
});

/** What an attacker can work out by subtraction: repeatedly solve any line with one unknown. */
function recoverBySubtraction(t: ReturnType<typeof suppressTable>) {
  const cells = t.cells.map((row) => [...row]);
  const rowT = [...t.rowTotals];
  const colT = [...t.columnTotals];
  let grand = t.grandTotal;
  type Slot = { get: () => number | null; set: (v: number) => void };
  const lines: { members: Slot[]; total: Slot }[] = [];
  const R = cells.length;
  const C = R ? cells[0]!.length : 0;
  const cell = (r: number, c: number): Slot => ({
    get: () => cells[r]![c]!,
    set: (v) => (cells[r]![c] = v),
  });
  for (let r = 0; r < R; r++)
    lines.push({
      members: Array.from({ length: C }, (_, c) => cell(r, c)),
      total: { get: () => rowT[r]!, set: (v) => (rowT[r] = v) },
    });
  for (let c = 0; c < C; c++)
    lines.push({
      members: Array.from({ length: R }, (_, r) => cell(r, c)),
      total: { get: () => colT[c]!, set: (v) => (colT[c] = v) },
    });
  const g: Slot = { get: () => grand, set: (v) => (grand = v) };
  lines.push({
    members: Array.from({ length: C }, (_, c) => ({
      get: () => colT[c]!,
      set: (v: number) => (colT[c] = v),
    })),
    total: g,
  });
  lines.push({
    members: Array.from({ length: R }, (_, r) => ({
      get: () => rowT[r]!,
      set: (v: number) => (rowT[r] = v),
    })),
    total: g,
  });
  for (let progress = true; progress;) {
    progress = false;
    for (const l of lines) {
      const all = [...l.members, l.total];
      const unknown = all.filter((s) => s.get() === null);
      if (unknown.length !== 1) continue;
      const sumMembers = l.members.reduce((a, s) => a + (s.get() ?? 0), 0);
      if (l.total.get() === null) l.total.set(sumMembers);
      else unknown[0]!.set(l.total.get()! - sumMembers);
      progress = true;
    }
  }
  return cells;
}

describe('small-cell suppression', () => {
  it('hides counts 1–4 and a complement in each line, shows "<5" material nowhere', () => {
    const t = suppressTable([
      [10, 3, 20],
      [15, 12, 8],
    ]);
    expect(t.cells[0]![1]).toBeNull();
    expect(t.reasons.get('c0,1')).toBe('primary');
    // Row 0 and column 1 each got a second hidden figure.
    expect(t.cells[0]!.filter((x) => x === null).length).toBeGreaterThanOrEqual(2);
    expect([t.cells[0]![1], t.cells[1]![1]].filter((x) => x === null).length).toBe(2);
  });
  it('with zeroComplements: false a zero is never the complement', () => {
    // By default the smallest other figure (the zero) would protect the 3: useless where zeros
    // are shown, or where a list leaves them out and so shows them.
    expect(suppressTable([[3, 0, 12]]).cells[0]).toEqual([null, null, 12]);
    const t = suppressTable([[3, 0, 12]], 5, { zeroComplements: false });
    expect(t.cells[0]).toEqual([null, 0, null]);
    expect(t.rowTotals[0]).toBe(15);
  });
  it('a threshold is configurable', () => {
    expect(suppressTable([[8, 20, 30]], 10).cells[0]![0]).toBeNull();
    expect(suppressTable([[8, 20, 30]], 5).cells[0]![0]).toBe(8);
  });
  it('no primary-suppressed count can be recovered by subtraction (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 5 })
          .chain((r) =>
            fc
              .integer({ min: 1, max: 5 })
              .chain((c) =>
                fc.array(
                  fc.array(
                    fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 200 })),
                    { minLength: c, maxLength: c },
                  ),
                  { minLength: r, maxLength: r },
                ),
              ),
          ),
        fc.integer({ min: 2, max: 10 }),
        (table, threshold) => {
          const t = suppressTable(table, threshold);
          const recovered = recoverBySubtraction(t);
          for (const [k, why] of t.reasons) {
            const m = /^c(\d+),(\d+)$/.exec(k);
            if (why === 'primary' && m) expect(recovered[Number(m[1])]![Number(m[2])]).toBeNull();
          }
          // Every primary-suppressed total stays hidden too.
          for (const [k, why] of t.reasons)
            if (why === 'primary' && k.startsWith('r'))
              expect(t.rowTotals[Number(k.slice(1))]).toBeNull();
        },
      ),
      { numRuns: 500 },
    );
  });
});
