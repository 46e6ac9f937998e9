// Rates per 100,000 that cannot be separated from what they were computed from: every Rate
// carries its numerator, its denominator with the denominator's year and source, and the exact
// Poisson interval. No denominator, no rate (DATA-STANDARDS.md, statistical honesty rule 1).
import { poissonInterval } from './poisson.ts';
import { rateRatio, type RateRatio } from './rateRatio.ts';

export const PER = 100_000;

export interface Denominator {
  /** The population the count is out of. */
  population: number;
  /** Whose population ("resident population of France"). */
  of: string;
  year: number;
  source: string;
  /**
   * What kind of population it is ("country": a whole country's residents; "Citizenship:
   * Syria": a group a population table provides). Two rates are compared only over the same kind.
   */
  kind?: string;
}

export interface Rate {
  numerator: number;
  /** What the numerator counts, in the publisher's words. */
  counted: string;
  denominator: Denominator;
  per: number;
  rate: number;
  lower: number;
  upper: number;
  level: number;
}

export class NoDenominator extends Error {
  constructor(readonly reason: string) {
    super(`no rate: ${reason}`);
    this.name = 'NoDenominator';
  }
}

export function ratePer100k(
  numerator: number,
  counted: string,
  denominator: Denominator | null | undefined,
  level = 0.95,
): Rate {
  if (!denominator)
    throw new NoDenominator('there is no population figure for this group, place and year');
  if (!(denominator.population > 0))
    throw new NoDenominator(`the population of ${denominator.of} is not positive`);
  if (!denominator.source.trim()) throw new NoDenominator('the population figure has no source');
  const ci = poissonInterval(numerator, level);
  const scale = PER / denominator.population;
  return {
    numerator,
    counted,
    denominator,
    per: PER,
    rate: numerator * scale,
    lower: ci.lower * scale,
    upper: ci.upper * scale,
    level,
  };
}

/** "12.3 per 100,000 (95% CI 8.1–17.9; 42 of 341,000, Population of X 2023, World Bank)". */
export function describeRate(r: Rate, digits = 1): string {
  const f = (x: number) => x.toFixed(digits);
  return `${f(r.rate)} per ${r.per.toLocaleString('en')} (${Math.round(r.level * 100)}% CI ${f(r.lower)}–${f(r.upper)}; ${r.numerator.toLocaleString('en')} ${r.counted} of ${r.denominator.population.toLocaleString('en')}, ${r.denominator.of} ${r.denominator.year}, ${r.denominator.source})`;
}

export type Comparison =
  ({ comparable: true; a: Rate; b: Rate } & RateRatio) | { comparable: false; reason: string };

/**
 * Two groups are compared only when both have a denominator of the same year (and the same
 * kind of count); otherwise the reason is returned for the page to show.
 */
export function compareRates(
  a: { numerator: number; counted: string; denominator: Denominator | null | undefined },
  b: { numerator: number; counted: string; denominator: Denominator | null | undefined },
): Comparison {
  if (!a.denominator || !b.denominator)
    return {
      comparable: false,
      reason: `no comparison: ${!a.denominator ? 'the first' : 'the second'} group has no population figure (a rate needs a denominator)`,
    };
  if (a.denominator.year !== b.denominator.year)
    return {
      comparable: false,
      reason: `no comparison: the populations are of different years (${a.denominator.year}, ${b.denominator.year})`,
    };
  if (a.counted !== b.counted)
    return {
      comparable: false,
      reason: `no comparison: the counts are of different things (${a.counted}; ${b.counted})`,
    };
  if ((a.denominator.kind ?? 'country') !== (b.denominator.kind ?? 'country'))
    return {
      comparable: false,
      reason: `no comparison: the populations are of different kinds (${a.denominator.of}; ${b.denominator.of})`,
    };
  if (b.numerator === 0)
    return {
      comparable: false,
      reason: 'no comparison: the second group has no events, so the rate ratio is not defined',
    };
  const ra = ratePer100k(a.numerator, a.counted, a.denominator);
  const rb = ratePer100k(b.numerator, b.counted, b.denominator);
  return {
    comparable: true,
    a: ra,
    b: rb,
    ...rateRatio(
      { count: a.numerator, population: a.denominator.population },
      { count: b.numerator, population: b.denominator.population },
    ),
  };
}
