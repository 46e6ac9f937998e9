// Pure mapping rules for the IOM Missing Migrants Project files: dates in the three layouts'
// spellings, IOM route names onto our route codes, IOM's source grade onto the Admiralty
// reliability, counts where a blank means "not stated", coordinates, link lists, countries.
// Nothing here reads a file or throws on bad input: every parser returns a result or a reason.
import { ISO_COUNTRIES } from '../../domain/isoCountries.ts';
import type { MIGRATION_ROUTES, SOURCE_RELIABILITY } from '../../domain/vocabularies.ts';

export type RouteCode = (typeof MIGRATION_ROUTES)[number]['code'];
export type Reliability = (typeof SOURCE_RELIABILITY)[number]['code'];

export type Parsed<T> = { ok: true; value: T; note?: string } | { ok: false; reason: string };

const ok = <T>(value: T, note?: string): Parsed<T> =>
  note === undefined ? { ok: true, value } : { ok: true, value, note };
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/** Quotes a cell in a message, cut short so a runaway cell cannot flood an error list. */
export function quoted(text: string): string {
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  return JSON.stringify(shown);
}

// ---------------------------------------------------------------------------------------------
// Dates

/**
 * How each layout writes its date:
 * - `englishMonthDay`: the 2019 export, "December 30, 2019" (zero-padded day); an abbreviated
 *   month ("Dec 30, 2019", "Sept 3, 2019") is read the same way.
 * - `drupal`: the current website export, "Thu, 01/01/2026 - 12:00", US order MM/DD/YYYY. The
 *   12:00 is a placeholder, not a time of day. The weekday must agree with the date, which is
 *   what catches a day/month swap.
 * - `iso`: the curated re-export, "2026-01-01".
 */
export type IomDateFormat = 'englishMonthDay' | 'drupal' | 'iso';

const MONTH_NAMES = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** Month number by full name, three-letter abbreviation, and "sept". */
const MONTHS: Record<string, number> = Object.fromEntries([
  ...MONTH_NAMES.flatMap((name, i) => [
    [name, i + 1],
    [name.slice(0, 3), i + 1],
  ]),
  ['sept', 9],
]);
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
// Years an IOM record can plausibly carry; a typo such as 20190 or 219 is refused.
const FIRST_YEAR = 1900;
const LAST_YEAR = 2100;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** yyyy-mm-dd of a real calendar day, or a reason ("February 30 does not exist"). */
function calendarDate(year: number, month: number, day: number): Parsed<string> {
  if (year < FIRST_YEAR || year > LAST_YEAR)
    return fail(`year ${year} is outside ${FIRST_YEAR}–${LAST_YEAR}`);
  if (month < 1 || month > 12) return fail(`month ${month} does not exist`);
  const date = new Date(Date.UTC(year, month - 1, day));
  if (day < 1 || date.getUTCMonth() !== month - 1)
    return fail(`day ${day} does not exist in ${year}-${pad(month)}`);
  return ok(`${pad(year, 4)}-${pad(month)}-${pad(day)}`);
}

const EXAMPLE: Record<IomDateFormat, string> = {
  englishMonthDay: '"December 30, 2019"',
  drupal: '"Thu, 01/01/2026 - 12:00"',
  iso: '"2026-01-01"',
};

/** Reads one date cell; never throws. The result is an ISO yyyy-mm-dd date. */
export function parseIomDate(text: string, format: IomDateFormat): Parsed<string> {
  const cell = text.trim();
  if (cell === '') return fail('the date is missing');
  const expected = `expected a date like ${EXAMPLE[format]}, found ${quoted(cell)}`;
  if (format === 'englishMonthDay') {
    const m = /^([A-Za-z]+)\.? (\d{1,2}), (\d{4})$/.exec(cell);
    const month = m ? MONTHS[m[1]!.toLowerCase()] : undefined;
    if (!m || month === undefined) return fail(expected);
    return calendarDate(Number(m[3]), month, Number(m[2]));
  }
  if (format === 'drupal') {
    const m = /^([A-Za-z]{3}), (\d{1,2})\/(\d{1,2})\/(\d{4})(?: - (\d{1,2}):(\d{2}))?$/.exec(cell);
    if (!m) return fail(expected);
    const date = calendarDate(Number(m[4]), Number(m[2]), Number(m[3]));
    if (!date.ok) return date;
    const weekday = WEEKDAYS[new Date(`${date.value}T00:00:00Z`).getUTCDay()]!;
    if (m[1]!.toLowerCase() !== weekday.toLowerCase())
      return fail(`${quoted(cell)} says ${m[1]!} but ${date.value} (MM/DD) is a ${weekday}`);
    return date;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(cell);
  if (!m) return fail(expected);
  return calendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export interface Period {
  start: string;
  end: string;
  precision: 'day' | 'month' | 'range' | 'year';
}

/**
 * The period a cumulative row covers. IOM's cumulative rows carry the date they were recorded
 * on, not the date of one event. Where the text states the period ("Cumulative total 1 Jan -
 * 20 Dec 2019") it becomes a range; otherwise the honest reading is "some time in that year".
 */
export function cumulativePeriod(text: string, recordedOn: string): Period {
  const year = Number(recordedOn.slice(0, 4));
  const m = /(\d{1,2})\s+([A-Za-z]+)\.?\s*[-–]\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})/.exec(text);
  const startMonth = m ? MONTHS[m[2]!.toLowerCase()] : undefined;
  const endMonth = m ? MONTHS[m[4]!.toLowerCase()] : undefined;
  if (m && startMonth !== undefined && endMonth !== undefined) {
    const endYear = Number(m[5]);
    const startYear = startMonth > endMonth ? endYear - 1 : endYear;
    const start = calendarDate(startYear, startMonth, Number(m[1]));
    const end = calendarDate(endYear, endMonth, Number(m[3]));
    if (start.ok && end.ok && start.value <= end.value)
      return { start: start.value, end: end.value, precision: 'range' };
  }
  return { start: `${pad(year, 4)}-01-01`, end: `${pad(year, 4)}-12-31`, precision: 'year' };
}

/**
 * The period a date stands for, when the file states its precision (the curated re-export's
 * `incident_date_precision`): a day is itself; a month or year runs from its first to its last
 * day. A blank precision is a day, as in the files that state none.
 */
export function periodOfPrecision(date: string, precision: string | null): Parsed<Period> {
  const [y, m] = date.split('-').map(Number) as [number, number];
  switch ((precision ?? 'day').trim().toLowerCase()) {
    case 'day':
      return ok({ start: date, end: date, precision: 'day' });
    case 'month': {
      const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
      const month = `${pad(y, 4)}-${pad(m)}`;
      return ok({ start: `${month}-01`, end: `${month}-${pad(last)}`, precision: 'month' });
    }
    case 'year':
      return ok({ start: `${pad(y, 4)}-01-01`, end: `${pad(y, 4)}-12-31`, precision: 'year' });
    default:
      return fail(`expected a precision of day, month or year, found ${quoted(precision ?? '')}`);
  }
}

/** A cumulative row: the curated file's Incident Type says so, or the location text does. */
export function isCumulative(incidentType: string | null, locationText: string | null): boolean {
  return /cumulative/i.test(incidentType ?? '') || /^\s*cumulative\b/i.test(locationText ?? '');
}

// ---------------------------------------------------------------------------------------------
// Routes

const normalise = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2010-\u2015]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();

// IOM's route names across its exports (the legacy export's names first, then the current
// ones), onto the route vocabulary of DATA-STANDARDS.md. A name not listed here maps to
// `other` with its text kept, never to the nearest-sounding code.
const ROUTE_BY_NAME: Record<string, RouteCode> = {
  'central mediterranean': 'central_mediterranean',
  'western mediterranean': 'western_mediterranean',
  'eastern mediterranean': 'eastern_mediterranean',
  'western balkans': 'western_balkans',
  'belarus-eu border': 'belarus_eu',
  'english channel': 'english_channel',
  'english channel to the uk': 'english_channel',
  'mainland europe to the uk': 'english_channel',
  'calais to united kingdom': 'english_channel',
  'western africa / atlantic route to the canary islands': 'atlantic_canary',
  'atlantic route to the canary islands': 'atlantic_canary',
  // The legacy export's name for the same Atlantic route (its rows are off Mauritania, Western
  // Sahara, Morocco's Atlantic coast and the Canaries).
  'western african': 'atlantic_canary',
  'sahara desert crossing': 'sahara_crossing',
  'eastern route to/from ehoa': 'horn_of_africa_yemen',
  'horn africa to yemen': 'horn_of_africa_yemen',
  'afghanistan to iran': 'afghanistan_iran',
  darien: 'darien',
  'darien gap': 'darien',
  'us-mexico border crossing': 'us_mexico_border',
  // Routes within and out of the Caribbean, sea crossings and Hispaniola's land border alike.
  'caribbean to central america': 'caribbean',
  'dominican republic to puerto rico': 'caribbean',
  'haiti to dominican republic': 'caribbean',
  'from haiti to dajabon, dominican republic': 'caribbean',
  'venezuela to curacao': 'caribbean',
};

// The legacy "Central America to US" covers the whole corridor; the row's own IOM region says
// which part: "US-Mexico Border" rows are on the border, the rest (IOM's "Central America"
// includes Mexico) are on the way through Central America and Mexico.
const LEGACY_CORRIDOR = 'central america to us';

function routeOfName(name: string, regionText: string | null): RouteCode | undefined {
  const key = normalise(name);
  if (key === LEGACY_CORRIDOR)
    return normalise(regionText ?? '') === 'us-mexico border'
      ? 'us_mexico_border'
      : 'central_america_mexico';
  return ROUTE_BY_NAME[key];
}

/**
 * IOM's "Migration Route" text onto a route code. Blank → null (the row names no route). A
 * multi-valued cell ("Central Mediterranean,Sahara Desert crossing") gets a code only if all
 * its parts agree; otherwise `other`, as does any name outside the vocabulary. The text is
 * always kept, so nothing the file said is lost.
 */
export function mapRoute(
  text: string,
  regionText: string | null = null,
): { route: RouteCode | null; routeText: string | null } {
  const routeText = text.trim();
  if (routeText === '') return { route: null, routeText: null };
  const whole = routeOfName(routeText, regionText);
  if (whole) return { route: whole, routeText };
  const parts = routeText.split(',').filter((p) => p.trim() !== '');
  const codes = new Set(parts.map((p) => routeOfName(p, regionText)));
  const [only] = codes;
  return { route: parts.length > 1 && codes.size === 1 && only ? only : 'other', routeText };
}

// ---------------------------------------------------------------------------------------------
// Source grade

/**
 * Domain rule: IOM grades each record's sourcing 1–5 ("Source Quality", higher = better
 * sourced). We read it as the Admiralty reliability of the IOM record as a source:
 *   5 → A, 4 → B, 3 → C, 2 → D, 1 → E, missing → F (cannot be judged).
 * The original grade is always kept beside it (DATA-STANDARDS: "importers map such scales
 * onto the pair and keep the original value"). The curated re-export joins the grades of a
 * split incident's parts without a separator ("45" = parts graded 4 and 5); the record is only
 * as reliable as its weakest part, so the lowest digit decides.
 */
const RELIABILITY_BY_GRADE: Record<string, Reliability> = {
  '5': 'A',
  '4': 'B',
  '3': 'C',
  '2': 'D',
  '1': 'E',
};

export function mapSourceQuality(
  text: string,
  unknown: readonly string[] = [''],
): Parsed<{ originalGrade: string | null; reliability: Reliability }> {
  const cell = text.trim();
  if (unknown.includes(cell)) return ok({ originalGrade: null, reliability: 'F' });
  if (!/^[1-5]+$/.test(cell)) return fail(`expected a grade 1–5, found ${quoted(cell)}`);
  const weakest = String(Math.min(...[...cell].map(Number)));
  return ok({ originalGrade: cell, reliability: RELIABILITY_BY_GRADE[weakest]! });
}

// ---------------------------------------------------------------------------------------------
// Counts, coordinates, lists

/**
 * A count cell. A blank (or the layout's marker, "NA") is "not stated": null, never 0.
 * IOM writes corrections to a linked record as negative numbers (a split incident's part with
 * missing -5 after five of the missing were found dead); that is not a count of people, so it
 * becomes null with a note saying what the file held.
 */
export function parseCount(text: string, unknown: readonly string[] = ['']): Parsed<number | null> {
  const cell = text.trim();
  if (unknown.includes(cell)) return ok(null);
  if (!/^-?\d{1,8}$/.test(cell)) return fail(`expected a whole number, found ${quoted(cell)}`);
  const n = Number(cell);
  if (n < 0)
    return ok(null, `held ${cell}, a correction to a linked IOM record rather than a count`);
  return ok(n);
}

const NUMBER = /^[-+]?\d{1,3}(?:\.\d+)?$/;

function coordinate(text: string, max: number, name: string): Parsed<number> {
  if (!NUMBER.test(text)) return fail(`${name} ${quoted(text)} is not a number`);
  const n = Number(text);
  if (Math.abs(n) > max) return fail(`${name} ${text} is outside ±${max}`);
  return ok(n);
}

export type LatLon = { latitude: number; longitude: number } | null;

/** Latitude and longitude from two cells (the curated layout); both blank → null. */
export function parseLatLon(
  latText: string,
  lonText: string,
  unknown: readonly string[] = [''],
): Parsed<LatLon> {
  const lat = latText.trim();
  const lon = lonText.trim();
  const latUnknown = unknown.includes(lat);
  const lonUnknown = unknown.includes(lon);
  if (latUnknown && lonUnknown) return ok(null);
  if (latUnknown || lonUnknown) return fail('only one of latitude and longitude is given');
  const latitude = coordinate(lat, 90, 'latitude');
  if (!latitude.ok) return latitude;
  const longitude = coordinate(lon, 180, 'longitude');
  if (!longitude.ok) return longitude;
  return ok({ latitude: latitude.value, longitude: longitude.value });
}

/** "lat, lon" in one cell (the 2019 and 2026 layouts); blank → null. */
export function parseCoordinatePair(
  text: string,
  unknown: readonly string[] = [''],
): Parsed<LatLon> {
  const cell = text.trim();
  if (unknown.includes(cell)) return ok(null);
  const parts = cell.split(',');
  if (parts.length !== 2) return fail(`expected "latitude, longitude", found ${quoted(cell)}`);
  return parseLatLon(parts[0]!, parts[1]!, []);
}

/**
 * The links of a URL cell. IOM separates them with ", "; the curated file also with plain or
 * non-breaking spaces and " / ". Cutting before each "http(s)://" rather than at each comma
 * keeps a comma inside a link's query intact. Text that is not a link is returned apart, so the
 * caller can say so rather than lose it silently.
 */
export function splitUrls(
  text: string,
  unknown: readonly string[] = [''],
): { urls: string[]; leftover: string } {
  const cell = text.trim();
  if (unknown.includes(cell)) return { urls: [], leftover: '' };
  const pieces = cell.split(/(?=https?:\/\/)/i);
  const urls: string[] = [];
  let leftover = '';
  for (const piece of pieces) {
    const trimmed = piece.replace(/(?:\s+\/)?[\s,;]*$/u, '').trim();
    if (/^https?:\/\//i.test(trimmed)) urls.push(trimmed);
    else leftover += trimmed.replace(/^[\s,;/]+/u, '');
  }
  return { urls, leftover };
}

/** A comma-joined list cell ("Morocco,Unknown", "Mali, Niger") as its stated items. */
export function splitList(text: string, unknown: readonly string[] = ['']): string[] {
  const cell = text.trim();
  if (unknown.includes(cell)) return [];
  return cell
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '' && !unknown.includes(item));
}

// ---------------------------------------------------------------------------------------------
// Countries

// UN (M49) spellings IOM uses that the ISO list spells differently.
const COUNTRY_ALIASES: Record<string, string> = {
  'cabo verde': 'CV',
  'state of palestine': 'PS',
  'palestinian territories': 'PS',
  'viet nam': 'VN',
};

let countryIndex: Map<string, string> | undefined;

function countryByName(): Map<string, string> {
  if (countryIndex) return countryIndex;
  countryIndex = new Map(Object.entries(COUNTRY_ALIASES));
  for (const c of ISO_COUNTRIES) {
    for (const name of [c.name.common, c.name.official, ...c.altSpellings]) {
      const key = normalise(name);
      if (!countryIndex.has(key)) countryIndex.set(key, c.cca2);
    }
  }
  return countryIndex;
}

/**
 * ISO 3166-1 alpha-2 of a country named as IOM names it ("Iran (Islamic Republic of)",
 * "Türkiye", "United Kingdom of Great Britain and Northern Ireland"), or null. Curated cells
 * sometimes trail a note ("Libya - presumed departure on 12-14 April", "Morocco (en route to
 * Ceuta)"); the name before the note is tried next. Anything else stays unmapped.
 */
export function countryCodeOf(text: string): string | null {
  const index = countryByName();
  const name = text.trim();
  const candidates = [name];
  const qualified = /^(.+?)\s*\(([^)]+ of)\)$/i.exec(name);
  if (qualified) candidates.push(`${qualified[2]} ${qualified[1]}`);
  candidates.push(name.split(/\s+-\s+/)[0]!, name.replace(/\s*\([^)]*\)\s*$/, ''));
  for (const candidate of candidates) {
    const code = index.get(normalise(candidate));
    if (code && candidate.length > 2) return code;
  }
  return null;
}
