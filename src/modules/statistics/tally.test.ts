import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDecimal, ImportTally, parseDecimal } from './tally.ts';
import type { Observation } from './rows.ts';

const obs = (sourceRow: number, indicator: string, value: string | null): Observation => ({
  sourceRow,
  area: 'Germany',
  countryCode: 'DE',
  period: '2023',
  periodStart: '2023-01-01',
  periodEnd: '2023-12-31',
  indicator,
  dimensions: {},
  value,
  flags: null,
});

describe('the import tally', () => {
  it('writes decimals as PostgreSQL numeric does', () => {
    const cases: [string, string][] = [
      ['1234', '1234'],
      ['-0.50', '-0.50'],
      ['1e3', '1000'],
      ['1.50e1', '15.0'],
      ['1.5e-3', '0.0015'],
      ['007', '7'],
    ];
    for (const [input, text] of cases) expect(formatDecimal(parseDecimal(input))).toBe(text);
  });

  it('totals each indicator exactly, past the precision of a double, and counts missing values', () => {
    const t = new ImportTally();
    t.add(obs(2, 'Population', '9007199254740993'));
    t.add(obs(3, 'Population', '1'));
    t.add(obs(4, 'Population', null));
    t.add(obs(4, 'Share', '0.1'));
    t.add(obs(5, 'Share', '0.25'));
    t.add(obs(6, 'Empty', null));
    expect(t.indicators()).toEqual([
      { indicator: 'Empty', observations: 1, missing: 1, total: null },
      { indicator: 'Population', observations: 3, missing: 1, total: '9007199254740994' },
      { indicator: 'Share', observations: 2, missing: 0, total: '0.35' },
    ]);
  });

  it('totals any decimals the value parser accepts exactly, whatever their notation', () => {
    const decimal = fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 6 }))
      .map(([units, scale]) => ({ units, scale }));
    fc.assert(
      fc.property(fc.array(decimal, { maxLength: 30 }), fc.boolean(), (ds, exponent) => {
        const t = new ImportTally();
        // Written as plain decimals, or in exponent notation ("12345e-2"): the same numbers.
        ds.forEach((d, i) =>
          t.add(obs(i + 2, 'x', exponent ? `${d.units}e-${d.scale}` : formatDecimal(d))),
        );
        const scale = Math.max(0, ...ds.map((d) => d.scale));
        const sum = ds.reduce((acc, d) => acc + d.units * 10n ** BigInt(scale - d.scale), 0n);
        const expected = ds.length ? formatDecimal({ units: sum, scale }) : undefined;
        expect(t.indicators()[0]?.total ?? undefined).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('stays exact when many large whole numbers add up past 2^53', () => {
    const t = new ImportTally();
    for (let i = 0; i < 10; i++) t.add(obs(2 + i, 'Big', '999999999999999'));
    t.add(obs(12, 'Big', '-1'));
    expect(t.indicators()[0]?.total).toBe('9999999999999989');
  });

  it('keeps the first observations of the file by row, then indicator', () => {
    const t = new ImportTally(3);
    t.add(obs(2, 'b', '1'));
    t.add(obs(2, 'a', '2'));
    t.add(obs(3, 'b', '3'));
    t.add(obs(3, 'a', '4'));
    t.add(obs(4, 'a', '5'));
    expect(t.sample().map((o) => [o.sourceRow, o.indicator])).toEqual([
      [2, 'a'],
      [2, 'b'],
      [3, 'a'],
    ]);
  });
});
