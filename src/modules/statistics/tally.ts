// What the preview shows of an import — per indicator the observations, the missing ones and
// the exact total, and the first observations of the file — counted as the rows stream past,
// so that no query has to read the imported rows again. Totals are exact decimals (as
// PostgreSQL's `sum(numeric)` gives them): a published total must be checkable to the unit.
import type { Observation } from './rows.ts';

interface Decimal {
  units: bigint;
  scale: number;
}

const SMALL_WHOLE = /^-?\d{1,15}$/;
const DECIMAL = /^([-+]?)(\d*)(?:\.(\d*))?(?:[eE]([-+]?\d+))?$/;

/** Decimal text (as the value parser gives it: digits, a point, an exponent) → exact decimal. */
export function parseDecimal(text: string): Decimal {
  const m = DECIMAL.exec(text);
  if (!m) throw new Error(`not a decimal: ${text}`);
  const frac = m[3] ?? '';
  let units = BigInt(`${m[2] || '0'}${frac}`);
  let scale = frac.length - Number(m[4] ?? 0);
  if (scale < 0) {
    units *= 10n ** BigInt(-scale);
    scale = 0;
  }
  return { units: m[1] === '-' ? -units : units, scale };
}

export function formatDecimal(d: Decimal): string {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const text =
    d.scale === 0
      ? digits
      : `${digits.slice(0, -d.scale)}.${digits.slice(digits.length - d.scale)}`;
  return negative ? `-${text}` : text;
}

function add(a: Decimal, b: Decimal): Decimal {
  if (a.scale === b.scale) return { units: a.units + b.units, scale: a.scale };
  const [lo, hi] = a.scale < b.scale ? [a, b] : [b, a];
  return { units: lo.units * 10n ** BigInt(hi.scale - lo.scale) + hi.units, scale: hi.scale };
}

export interface IndicatorTally {
  indicator: string;
  observations: number;
  missing: number;
  /** Null when every value is missing (as `sum` of nothing but NULLs). */
  total: string | null;
}

export type SampleObservation = Observation & { value: string | null };

export class ImportTally {
  // Whole numbers of up to 15 digits (nearly every published count) are summed as doubles,
  // exact while the running sum stays below 2^53; it is moved into the decimal before then.
  private readonly byIndicator = new Map<
    string,
    { observations: number; missing: number; total: Decimal | null; small: number }
  >();
  private readonly first: Observation[] = [];
  private sampleClosed = false;

  constructor(private readonly sampleSize = 20) {}

  add(o: Observation) {
    let t = this.byIndicator.get(o.indicator);
    if (!t) {
      t = { observations: 0, missing: 0, total: null, small: 0 };
      this.byIndicator.set(o.indicator, t);
    }
    t.observations += 1;
    if (o.value === null) t.missing += 1;
    else if (SMALL_WHOLE.test(o.value)) {
      t.small += Number(o.value);
      t.total ??= { units: 0n, scale: 0 };
      if (Math.abs(t.small) > 2 ** 52) {
        t.total = add(t.total, { units: BigInt(t.small), scale: 0 });
        t.small = 0;
      }
    } else {
      const v = parseDecimal(o.value);
      t.total = t.total ? add(t.total, v) : v;
    }
    if (!this.sampleClosed) {
      // Rows arrive in file order: once the sample is full, a later row cannot enter it.
      const last = this.first[this.first.length - 1];
      if (this.first.length >= this.sampleSize && last && o.sourceRow > last.sourceRow)
        this.sampleClosed = true;
      else this.first.push(o);
    }
  }

  indicators(): IndicatorTally[] {
    return [...this.byIndicator]
      .map(([indicator, t]) => ({
        indicator,
        observations: t.observations,
        missing: t.missing,
        total: t.total ? formatDecimal(add(t.total, { units: BigInt(t.small), scale: 0 })) : null,
      }))
      .sort((a, b) => (a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : 0));
  }

  /** The first observations of the file (by row, then indicator), values as decimals. */
  sample(): SampleObservation[] {
    return [...this.first]
      .sort(
        (a, b) =>
          a.sourceRow - b.sourceRow ||
          (a.indicator < b.indicator ? -1 : a.indicator > b.indicator ? 1 : 0),
      )
      .slice(0, this.sampleSize)
      .map((o) => ({
        ...o,
        value: o.value === null ? null : formatDecimal(parseDecimal(o.value)),
      }));
  }
}
