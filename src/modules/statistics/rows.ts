// Turns a table's rows into observations as its mapping says: finds the header, resolves the
// columns named by the mapping, parses periods and values, names every problem by row and
// column. Pure: no I/O.
import { ISO_COUNTRIES } from '../../domain/isoCountries.ts';
import type { StatMapping } from './mapping.ts';

export interface RowError {
  row: number;
  column: string;
  reason: string;
}

export interface Observation {
  sourceRow: number;
  area: string;
  countryCode: string | null;
  period: string;
  periodStart: string;
  periodEnd: string;
  indicator: string;
  dimensions: Record<string, string>;
  /** Decimal text as PostgreSQL `numeric` reads it; null = the publisher's missing marker. */
  value: string | null;
  flags: string | null;
}

export interface ParsedPeriod {
  period: string;
  start: string;
  end: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const MAX_YEAR = new Date().getUTCFullYear() + 1;

function yearOk(y: number) {
  return y >= 1800 && y <= MAX_YEAR;
}

/** 2023 · 2023 Q4 / 2023-Q4 / 2023Q4 · 2023-11 / 2023M11 · 2023-11-30. Null if none of these. */
export function parsePeriod(text: string): ParsedPeriod | null {
  const t = text.trim();
  let m: RegExpMatchArray | null;
  if ((m = /^(\d{4})(?:\.0+)?$/.exec(t))) {
    const y = Number(m[1]);
    return yearOk(y) ? { period: `${y}`, start: `${y}-01-01`, end: `${y}-12-31` } : null;
  }
  if ((m = /^(\d{4})\s*[-\s]?\s*Q([1-4])$/i.exec(t))) {
    const y = Number(m[1]);
    const q = Number(m[2]);
    if (!yearOk(y)) return null;
    const endMonth = q * 3;
    return {
      period: `${y}-Q${q}`,
      start: `${y}-${pad(endMonth - 2)}-01`,
      end: `${y}-${pad(endMonth)}-${pad(lastDay(y, endMonth))}`,
    };
  }
  if ((m = /^(\d{4})(?:-|M)(\d{2})$/.exec(t))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    if (!yearOk(y) || mo < 1 || mo > 12) return null;
    return {
      period: `${y}-${pad(mo)}`,
      start: `${y}-${pad(mo)}-01`,
      end: `${y}-${pad(mo)}-${pad(lastDay(y, mo))}`,
    };
  }
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t))) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    if (!yearOk(y) || mo < 1 || mo > 12 || d < 1 || d > lastDay(y, mo)) return null;
    return { period: t, start: t, end: t };
  }
  return null;
}

/** A year column and a quarter column: "1"…"4" or "Q1"…"Q4"; "Total"/blank = the year. */
export function parseYearQuarter(year: string, quarter: string): ParsedPeriod | null {
  const q = quarter.trim();
  if (q === '' || /^(total|all|year)$/i.test(q)) return parsePeriod(year);
  const qm = /^Q?([1-4])$/i.exec(q);
  if (qm) return parsePeriod(`${year.trim()} Q${qm[1]}`);
  const whole = parsePeriod(q); // "2018 Q1" already says the year
  return whole && whole.period.startsWith(year.trim()) ? whole : null;
}

export interface ValueParsing {
  thousandsSeparator: string;
  decimalSeparator: string;
  missing: string[];
  inlineFlags: boolean;
}

export type ParsedValue =
  { ok: true; value: string | null; flags: string | null } | { ok: false; reason: string };

const NUMBER = /^[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

export function parseValue(raw: string, p: ValueParsing): ParsedValue {
  const text = raw.trim();
  if (p.missing.includes(text)) return { ok: true, value: null, flags: null };
  let body = text;
  let flags: string | null = null;
  if (p.inlineFlags) {
    const m = /^(.*?\d)\s*([a-z]{1,4})$/.exec(text);
    if (m) {
      body = m[1]!;
      flags = m[2]!;
    } else if (/^:\s*[a-z]{1,4}$/.exec(text)) {
      return { ok: true, value: null, flags: text.slice(1).trim() };
    }
  }
  if (p.thousandsSeparator) body = body.split(p.thousandsSeparator).join('');
  if (p.thousandsSeparator !== ' ') body = body.replace(/[\s\u00a0\u202f]/g, '');
  if (p.decimalSeparator === ',') body = body.replace(',', '.');
  if (!NUMBER.test(body)) return { ok: false, reason: `"${raw}" is not a number` };
  const n = Number(body);
  if (!Number.isFinite(n)) return { ok: false, reason: `"${raw}" is not a finite number` };
  return { ok: true, value: body.replace(/^\+/, ''), flags };
}

/** Header text as the mapping names it: whitespace collapsed, soft hyphens and line breaks gone. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/\u00ad/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

// ─── areas ──────────────────────────────────────────────────────────────────────────────────

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

/** Labels publishers use that the ISO list does not spell that way. */
const AREA_ALIASES: Record<string, string> = {
  'czech republic': 'CZ',
  'former yugoslav republic of macedonia the': 'MK',
  'former yugoslav republic of macedonia': 'MK',
  macedonia: 'MK',
  kosovo: 'XK',
  'united kingdom': 'GB',
  russia: 'RU',
  turkey: 'TR',
  'ivory coast': 'CI',
  'cote d ivoire': 'CI',
  'korea rep': 'KR',
  'korea dem people s rep': 'KP',
  'iran islamic rep': 'IR',
  'egypt arab rep': 'EG',
  'congo dem rep': 'CD',
  'congo rep': 'CG',
  'gambia the': 'GM',
  'bahamas the': 'BS',
  'venezuela rb': 'VE',
  'yemen rep': 'YE',
  'lao pdr': 'LA',
  'kyrgyz republic': 'KG',
  'slovak republic': 'SK',
  'micronesia fed sts': 'FM',
  'st lucia': 'LC',
  'st kitts and nevis': 'KN',
  'st vincent and the grenadines': 'VC',
  'west bank and gaza': 'PS',
  'hong kong sar china': 'HK',
  'macao sar china': 'MO',
  turkiye: 'TR',
};

let byName: Map<string, string> | null = null;
let byAlpha3: Map<string, string> | null = null;
const alpha2s = new Set(ISO_COUNTRIES.map((c) => c.cca2));

function nameIndex(): Map<string, string> {
  if (byName) return byName;
  byName = new Map(Object.entries(AREA_ALIASES));
  for (const c of ISO_COUNTRIES) {
    for (const n of [c.name.common, c.name.official, ...c.altSpellings])
      if (!byName.has(fold(n))) byName.set(fold(n), c.cca2);
  }
  return byName;
}

/** The ISO alpha-2 code a label names, or null (aggregates such as "EU28", "World"). */
export function countryOfArea(label: string, codes: 'name' | 'alpha2' | 'alpha3'): string | null {
  const t = label.trim();
  if (codes === 'alpha2') return alpha2s.has(t.toUpperCase()) ? t.toUpperCase() : null;
  if (codes === 'alpha3') {
    byAlpha3 ??= new Map(ISO_COUNTRIES.map((c) => [c.cca3, c.cca2]));
    return byAlpha3.get(t.toUpperCase()) ?? null;
  }
  const index = nameIndex();
  const direct = index.get(fold(t));
  if (direct) return direct;
  // "Germany (until 1990 former territory of the FRG)", "Kosovo (under UNSCR 1244/99)"
  const bare = t.replace(/\s*\(.*\)\s*$/, '');
  return bare !== t ? (index.get(fold(bare)) ?? null) : null;
}

// ─── rows → observations ────────────────────────────────────────────────────────────────────

export type RowOutcome =
  | { kind: 'before-header' }
  | { kind: 'header' }
  | { kind: 'end'; reason: 'blank' | 'footer' }
  | { kind: 'data'; observations: Observation[]; errors: RowError[] };

/**
 * Reads one table. Feed it the rows in order; it finds the header at the mapping's row,
 * checks that every column the mapping names exists, then maps each data row.
 */
export class TableMapper {
  private columns: string[] | null = null;
  private index = new Map<string, number>();
  private ended = false;
  private readonly footer: RegExp | null;

  constructor(private readonly mapping: StatMapping) {
    this.footer = mapping.footerPattern ? new RegExp(mapping.footerPattern, 'i') : null;
  }

  get headerSeen(): boolean {
    return this.columns !== null;
  }

  // Resolved once per column reference, kept for the file: mapping a row must stay cheap.
  private readonly resolved = new Map<string, number>();
  private readonly countries = new Map<string, string | null>();
  private readonly periods = new Map<string, ParsedPeriod | null>();

  private col(ref: string): number {
    const known = this.resolved.get(ref);
    if (known !== undefined) return known;
    const m = /^#(\d+)$/.exec(ref);
    const i = m ? Number(m[1]) - 1 : (this.index.get(normaliseHeader(ref)) ?? -1);
    if (this.columns) this.resolved.set(ref, i);
    return i;
  }

  /** Tables repeat few labels many times: each is looked up once (the cache is bounded). */
  private country(label: string, codes: 'name' | 'alpha2' | 'alpha3'): string | null {
    let c = this.countries.get(label);
    if (c === undefined) {
      if (this.countries.size > 50_000) this.countries.clear();
      c = countryOfArea(label, codes);
      this.countries.set(label, c);
    }
    return c;
  }

  private period(text: string): ParsedPeriod | null {
    let p = this.periods.get(text);
    if (p === undefined) {
      if (this.periods.size > 50_000) this.periods.clear();
      p = parsePeriod(text);
      this.periods.set(text, p);
    }
    return p;
  }

  /** Header problems (a named column that isn't there) end the import before any row. */
  private readHeader(cells: string[]): RowError[] {
    this.columns = cells.map(normaliseHeader);
    this.columns.forEach((c, i) => {
      if (c && !this.index.has(c)) this.index.set(c, i);
    });
    const m = this.mapping;
    const refs: string[] = [
      ...('column' in m.area
        ? [m.area.column, ...(m.area.codeColumn ? [m.area.codeColumn] : [])]
        : []),
      ...('column' in m.period ? [m.period.column] : []),
      ...('yearColumn' in m.period ? [m.period.yearColumn, m.period.quarterColumn] : []),
      ...('column' in m.indicator ? [m.indicator.column] : []),
      ...m.values.map((v) => v.column),
      ...m.dimensions.map((d) => d.column),
      ...(m.flags ? [m.flags.column] : []),
    ];
    const errors: RowError[] = [];
    for (const ref of refs) {
      const i = this.col(ref);
      if (i < 0 || (ref.startsWith('#') && i >= Math.max(cells.length, 1) + 1))
        errors.push({
          row: this.mapping.headerRow,
          column: ref,
          reason: `the header has no column "${ref}" (columns: ${this.columns.filter(Boolean).join(', ')})`,
        });
    }
    return errors;
  }

  /** Label of a column for error messages: its header text, or its position. */
  private label(ref: string): string {
    const i = this.col(ref);
    return (i >= 0 && this.columns?.[i]) || ref;
  }

  accept(row: number, cells: string[]): RowOutcome | { kind: 'header-errors'; errors: RowError[] } {
    const m = this.mapping;
    if (this.ended) return { kind: 'end', reason: 'blank' };
    if (!this.columns) {
      if (row < m.headerRow) return { kind: 'before-header' };
      const errors = this.readHeader(cells);
      return errors.length > 0 ? { kind: 'header-errors', errors } : { kind: 'header' };
    }
    const firstText = cells.find((c) => c.trim() !== '')?.trim();
    if (firstText === undefined) {
      if (m.stopAtBlankRow) {
        this.ended = true;
        return { kind: 'end', reason: 'blank' };
      }
      return { kind: 'data', observations: [], errors: [] };
    }
    if (this.footer?.test(firstText)) {
      this.ended = true;
      return { kind: 'end', reason: 'footer' };
    }
    return this.mapRow(row, cells);
  }

  private cell(cells: string[], ref: string): string {
    return (cells[this.col(ref)] ?? '').trim();
  }

  private mapRow(row: number, cells: string[]): RowOutcome {
    const m = this.mapping;
    const errors: RowError[] = [];

    let area: string;
    let countryCode: string | null;
    if ('fixed' in m.area) {
      area = m.area.fixed;
      countryCode = m.area.countryCode ?? m.countryCode ?? null;
    } else {
      area = this.cell(cells, m.area.column);
      if (!area)
        errors.push({ row, column: this.label(m.area.column), reason: 'the area is blank' });
      const code = m.area.codeColumn ? this.cell(cells, m.area.codeColumn) : area;
      countryCode = m.countryCode ?? this.country(code, m.area.codes);
    }

    let period: ParsedPeriod | null = null;
    if ('fixed' in m.period) period = parsePeriod(m.period.fixed);
    else if ('column' in m.period) {
      const text = this.cell(cells, m.period.column);
      period = this.period(text);
      if (!period)
        errors.push({
          row,
          column: this.label(m.period.column),
          reason: `"${text}" is not a period (expected e.g. 2023, 2023 Q4, 2023-11 or 2023-11-30)`,
        });
    } else {
      const y = this.cell(cells, m.period.yearColumn);
      const q = this.cell(cells, m.period.quarterColumn);
      period = parseYearQuarter(y, q);
      if (!period)
        errors.push({
          row,
          column: `${this.label(m.period.yearColumn)}, ${this.label(m.period.quarterColumn)}`,
          reason: `"${y}" "${q}" is not a year and quarter`,
        });
    }

    const dimensions: Record<string, string> = {};
    for (const d of m.dimensions)
      dimensions[d.name ?? this.label(d.column)] = this.cell(cells, d.column);
    const flagsColumn = m.flags ? this.cell(cells, m.flags.column) || null : null;

    const baseIndicator =
      'fixed' in m.indicator ? m.indicator.fixed : this.cell(cells, m.indicator.column);
    if (!baseIndicator && 'column' in m.indicator)
      errors.push({
        row,
        column: this.label(m.indicator.column),
        reason: 'the indicator is blank',
      });

    const observations: Observation[] = [];
    for (const v of m.values) {
      const parsed = parseValue(cells[this.col(v.column)] ?? '', m.parsing);
      if (!parsed.ok) {
        errors.push({ row, column: this.label(v.column), reason: parsed.reason });
        continue;
      }
      if (errors.length > 0 || !period) continue;
      const flags = [flagsColumn, parsed.flags].filter(Boolean).join(' ') || null;
      observations.push({
        sourceRow: row,
        area,
        countryCode,
        period: period.period,
        periodStart: period.start,
        periodEnd: period.end,
        indicator: v.indicator ?? (m.values.length > 1 ? this.label(v.column) : baseIndicator),
        dimensions,
        value: parsed.value,
        flags,
      });
    }
    return errors.length > 0
      ? { kind: 'data', observations: [], errors }
      : { kind: 'data', observations, errors };
  }
}
