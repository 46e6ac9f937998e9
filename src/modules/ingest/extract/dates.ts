// Date expressions resolved against the publication date. chrono-node parses English, German,
// French, Spanish and Swedish; small rule sets here add Polish (which chrono lacks), Swedish
// "i måndags", the year parts ("early next year") that chrono reads as a single day, and
// ranges written "between 1 July and 31 December 2025", which chrono reads as two days.
// News reports speak of the past: a bare weekday ("on Monday") is the latest such day on or
// before the publication date unless the words say "next".
import * as chrono from 'chrono-node';
import type { DateValue, Found, Language } from './types.ts';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);
const lastDayOf = (y: number, m: number) => utc(y, m + 1, 0).getUTCDate();

const PARSERS: Partial<Record<Language, chrono.Chrono>> = {
  en: chrono.en.GB,
  de: chrono.de.casual,
  fr: chrono.fr.casual,
  es: chrono.es.casual,
  sv: chrono.sv.casual,
};

const FUTURE_WORDS =
  /\b(next|coming|nächste[nmrs]?|kommende[nmrs]?|prochain|prochaine|próximo|próxima|que viene|nästa|kommande|przyszł\w*|najbliższ\w*)\b/iu;

function fromChrono(r: chrono.ParsedResult, ref: Date): DateValue | null {
  const s = r.start;
  let start = utc(s.get('year')!, s.get('month')!, s.get('day')!);
  if (Number.isNaN(start.getTime())) return null;
  const weekdayOnly = s.isCertain('weekday') && !s.isCertain('day');
  if (weekdayOnly && start > ref && !FUTURE_WORDS.test(r.text)) start = addDays(start, -7);
  if (r.end) {
    const e = r.end;
    const end = utc(e.get('year')!, e.get('month')!, e.get('day')!);
    if (end < start) return null;
    return { text: r.text, start: iso(start), end: iso(end), precision: 'range' };
  }
  if (s.isCertain('day') || weekdayOnly || /\d/.test(r.text) === false) {
    // Casual words ("yesterday", "last Thursday") name a day; "next year" names a year.
    if (
      !s.isCertain('day') &&
      !weekdayOnly &&
      !s.isCertain('month') &&
      /year|jahr|année|\ban\b|año|år/iu.test(r.text)
    ) {
      const y = start.getUTCFullYear();
      return { text: r.text, start: `${y}-01-01`, end: `${y}-12-31`, precision: 'year' };
    }
    return { text: r.text, start: iso(start), end: iso(start), precision: 'day' };
  }
  const y = start.getUTCFullYear();
  if (s.isCertain('month')) {
    const m = start.getUTCMonth() + 1;
    return {
      text: r.text,
      start: iso(utc(y, m, 1)),
      end: iso(utc(y, m, lastDayOf(y, m))),
      precision: 'month',
    };
  }
  return { text: r.text, start: `${y}-01-01`, end: `${y}-12-31`, precision: 'year' };
}

// ---- year parts, every language ---------------------------------------------------------
type Part = 'early' | 'mid' | 'late';
const PART_MONTHS: Record<Part, [number, number]> = { early: [1, 4], mid: [5, 8], late: [9, 12] };

const YEAR_PARTS: { re: RegExp; part: (w: string) => Part; rel: (w: string) => number }[] = [
  {
    re: /\b(early|late|mid|at the (?:beginning|end|start) of|in the middle of|by the end of)[- ](next|this|last) year\b/giu,
    part: (w) =>
      /early|beginning|start/i.test(w) ? 'early' : /mid|middle/i.test(w) ? 'mid' : 'late',
    rel: (w) => (/next/i.test(w) ? 1 : /last/i.test(w) ? -1 : 0),
  },
  {
    re: /\b(Anfang|Ende|Mitte) (nächsten|kommenden|diesen|dieses|letzten|vergangenen) Jahres\b/giu,
    part: (w) => (/anfang/i.test(w) ? 'early' : /mitte/i.test(w) ? 'mid' : 'late'),
    rel: (w) => (/nächst|kommend/i.test(w) ? 1 : /letzt|vergangen/i.test(w) ? -1 : 0),
  },
  {
    re: /(début|fin|milieu) (?:de )?l'année (prochaine|dernière|en cours)/giu,
    part: (w) => (/début/i.test(w) ? 'early' : /milieu/i.test(w) ? 'mid' : 'late'),
    rel: (w) => (/prochaine/i.test(w) ? 1 : /dernière/i.test(w) ? -1 : 0),
  },
  {
    re: /\b(principios|finales|mediados) del? (próximo|este|pasado) año\b/giu,
    part: (w) => (/principios/i.test(w) ? 'early' : /mediados/i.test(w) ? 'mid' : 'late'),
    rel: (w) => (/próximo/i.test(w) ? 1 : /pasado/i.test(w) ? -1 : 0),
  },
  {
    re: /\b(början|slutet|mitten) av (nästa|detta|förra) år\b/giu,
    part: (w) => (/början/i.test(w) ? 'early' : /mitten/i.test(w) ? 'mid' : 'late'),
    rel: (w) => (/nästa/i.test(w) ? 1 : /förra/i.test(w) ? -1 : 0),
  },
  {
    re: /(początku|końcu|połowie) (przyszłego|tego|zeszłego|ubiegłego) roku/giu,
    part: (w) => (/początku/i.test(w) ? 'early' : /połowie/i.test(w) ? 'mid' : 'late'),
    rel: (w) => (/przyszłego/i.test(w) ? 1 : /zeszłego|ubiegłego/i.test(w) ? -1 : 0),
  },
];

function yearParts(text: string, ref: Date): Found<DateValue>[] {
  const out: Found<DateValue>[] = [];
  for (const rule of YEAR_PARTS) {
    for (const m of text.matchAll(rule.re)) {
      const y = ref.getUTCFullYear() + rule.rel(m[2]!);
      const [from, to] = PART_MONTHS[rule.part(m[1]!)];
      out.push({
        value: {
          text: m[0],
          start: iso(utc(y, from, 1)),
          end: iso(utc(y, to, lastDayOf(y, to))),
          precision: 'range',
        },
        span: { start: m.index, end: m.index + m[0].length },
        confidence: 0.6,
        rule: 'rule:year-part',
      });
    }
  }
  return out;
}

// ---- Polish (chrono has no Polish) and Swedish additions ----------------------------------
const PL_MONTHS_GEN = [
  'stycznia',
  'lutego',
  'marca',
  'kwietnia',
  'maja',
  'czerwca',
  'lipca',
  'sierpnia',
  'września',
  'października',
  'listopada',
  'grudnia',
];
const PL_MONTHS_LOC = [
  'styczniu',
  'lutym',
  'marcu',
  'kwietniu',
  'maju',
  'czerwcu',
  'lipcu',
  'sierpniu',
  'wrześniu',
  'październiku',
  'listopadzie',
  'grudniu',
];
// Sunday = 0, as Date.getUTCDay.
const PL_WEEKDAYS: Record<string, number> = {
  niedziel: 0,
  poniedziałek: 1,
  wtorek: 2,
  środ: 3,
  czwartek: 4,
  piątek: 5,
  sobot: 6,
};
const SV_WEEKDAYS: Record<string, number> = {
  söndags: 0,
  måndags: 1,
  tisdags: 2,
  onsdags: 3,
  torsdags: 4,
  fredags: 5,
  lördags: 6,
};

function lastWeekday(ref: Date, weekday: number, strictlyBefore: boolean): Date {
  let back = (ref.getUTCDay() - weekday + 7) % 7;
  if (back === 0 && strictlyBefore) back = 7;
  return addDays(ref, -back);
}

function day(
  text: string,
  index: number,
  date: Date,
  confidence: number,
  rule: string,
): Found<DateValue> {
  return {
    value: { text, start: iso(date), end: iso(date), precision: 'day' },
    span: { start: index, end: index + text.length },
    confidence,
    rule,
  };
}

function polish(text: string, ref: Date): Found<DateValue>[] {
  const out: Found<DateValue>[] = [];
  const gen = new RegExp(
    `\\b(\\d{1,2})\\s+(${PL_MONTHS_GEN.join('|')})(?:\\s+(\\d{4}))?(?:\\s*r\\.)?`,
    'giu',
  );
  for (const m of text.matchAll(gen)) {
    const month = PL_MONTHS_GEN.indexOf(m[2]!.toLowerCase()) + 1;
    let y = m[3] ? Number(m[3]) : ref.getUTCFullYear();
    if (!m[3] && utc(y, month, Number(m[1])) > addDays(ref, 31)) y -= 1;
    const d = utc(y, month, Number(m[1]));
    if (d.getUTCMonth() + 1 !== month) continue;
    out.push(day(m[0], m.index, d, m[3] ? 0.9 : 0.8, 'rule:pl-date'));
  }
  const loc = new RegExp(`(${PL_MONTHS_LOC.join('|')})\\s+(\\d{4})`, 'giu');
  for (const m of text.matchAll(loc)) {
    const month = PL_MONTHS_LOC.indexOf(m[1]!.toLowerCase()) + 1;
    const y = Number(m[2]);
    out.push({
      value: {
        text: m[0],
        start: iso(utc(y, month, 1)),
        end: iso(utc(y, month, lastDayOf(y, month))),
        precision: 'month',
      },
      span: { start: m.index, end: m.index + m[0].length },
      confidence: 0.8,
      rule: 'rule:pl-month',
    });
  }
  const wd =
    /\bw\s+(?:(zeszł[yą]|ubiegł[yą]|ostatni[ą]?|przyszł[yą]|najbliższ[yą])\s+)?(poniedziałek|wtorek|środę|czwartek|piątek|sobotę|niedzielę)/giu;
  for (const m of text.matchAll(wd)) {
    const key = Object.keys(PL_WEEKDAYS).find((k) => m[2]!.toLowerCase().startsWith(k))!;
    const future = m[1] && /przyszł|najbliższ/i.test(m[1]);
    const past = lastWeekday(ref, PL_WEEKDAYS[key]!, Boolean(m[1]));
    out.push(day(m[0], m.index, future ? addDays(past, 7) : past, 0.7, 'rule:pl-weekday'));
  }
  for (const m of text.matchAll(/\b(przedwczoraj|wczoraj|dzisiaj|dziś)\b/giu)) {
    const back =
      { przedwczoraj: 2, wczoraj: 1, dzisiaj: 0, dziś: 0 }[m[1]!.toLowerCase() as 'wczoraj'] ?? 0;
    out.push(day(m[0], m.index, addDays(ref, -back), 0.8, 'rule:pl-relative'));
  }
  return out;
}

function swedish(text: string, ref: Date): Found<DateValue>[] {
  const out: Found<DateValue>[] = [];
  for (const m of text.matchAll(
    /\bi (söndags|måndags|tisdags|onsdags|torsdags|fredags|lördags)\b/giu,
  ))
    out.push(
      day(
        m[0],
        m.index,
        lastWeekday(ref, SV_WEEKDAYS[m[1]!.toLowerCase()]!, true),
        0.75,
        'rule:sv-weekday',
      ),
    );
  for (const m of text.matchAll(/\b(i förrgår|i går|igår)\b/giu))
    out.push(
      day(m[0], m.index, addDays(ref, /förr/i.test(m[1]!) ? -2 : -1), 0.8, 'rule:sv-relative'),
    );
  return out;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

/**
 * Every date expression in the text, resolved against `reference` (the publication date,
 * YYYY-MM-DD). Rule matches win over chrono's where they overlap (they know the year parts).
 */
export function findDates(text: string, language: Language, reference: string): Found<DateValue>[] {
  const ref = new Date(`${reference}T12:00:00Z`);
  if (Number.isNaN(ref.getTime())) return [];
  const ruled = [
    ...yearParts(text, ref),
    ...(language === 'pl' ? polish(text, ref) : []),
    ...(language === 'sv' ? swedish(text, ref) : []),
  ];
  const parser = PARSERS[language];
  const parsed: Found<DateValue>[] = [];
  if (parser) {
    for (const r of parser.parse(text, { instant: ref, timezone: 0 })) {
      const span = { start: r.index, end: r.index + r.text.length };
      if (ruled.some((x) => overlaps(x.span, span))) continue;
      // chrono's short weekday names match inside words (Swedish "fr" in "frågan"): a date
      // expression starts and ends at word boundaries.
      if (/\p{L}/u.test(text[span.start - 1] ?? '') || /\p{L}/u.test(text[span.end] ?? ''))
        continue;
      const value = fromChrono(r, ref);
      if (!value) continue;
      const certain =
        r.start.isCertain('day') && r.start.isCertain('month') && r.start.isCertain('year');
      parsed.push({ value, span, confidence: certain ? 0.9 : 0.7, rule: 'chrono' });
    }
  }
  return joinRanges(
    text,
    [...ruled, ...parsed].sort((a, b) => a.span.start - b.span.start),
  );
}

const RANGE_OPENING =
  /(?:between|from|zwischen|vom|von|entre|du|del|desde|mellan|från|między|od)\s+$/iu;
const RANGE_JOIN = /^\s*(?:and|to|und|bis|et|au|y|al|a|och|till|i|do|[-–])\s*$/iu;

/**
 * "between 1 July and 31 December 2025": a day without its year, joined to a dated day, is one
 * range in that year (the year before when the first day would fall after the second).
 */
function joinRanges(text: string, dates: Found<DateValue>[]): Found<DateValue>[] {
  const out: Found<DateValue>[] = [];
  for (let i = 0; i < dates.length; i++) {
    const a = dates[i]!;
    const b = dates[i + 1];
    if (
      b &&
      a.value.precision === 'day' &&
      b.value.precision === 'day' &&
      !/\d{4}/.test(a.value.text) &&
      /\d{4}/.test(b.value.text) &&
      RANGE_JOIN.test(text.slice(a.span.end, b.span.start)) &&
      RANGE_OPENING.test(text.slice(Math.max(0, a.span.start - 12), a.span.start))
    ) {
      const year = Number(b.value.start.slice(0, 4));
      let start = `${year}${a.value.start.slice(4)}`;
      if (start > b.value.end) start = `${year - 1}${a.value.start.slice(4)}`;
      out.push({
        value: {
          text: text.slice(a.span.start, b.span.end),
          start,
          end: b.value.end,
          precision: 'range',
        },
        span: { start: a.span.start, end: b.span.end },
        confidence: Math.min(a.confidence, b.confidence),
        rule: 'rule:range',
      });
      i++;
    } else out.push(a);
  }
  return out;
}

/**
 * The publication date the text states: a complete date (day, month, year) near the start,
 * where datelines and bylines put it. `null` when there is none.
 */
export function findPublicationDate(
  text: string,
  language: Language,
  today: string,
): Found<string> | null {
  const head = text.slice(0, 400);
  const first = findDates(head, language, today).find(
    (d) => d.value.precision === 'day' && /\d{4}/.test(d.value.text) && d.value.start <= today,
  );
  return first
    ? {
        value: first.value.start,
        span: first.span,
        confidence: 0.7,
        rule: `dateline:${first.rule}`,
      }
    : null;
}
