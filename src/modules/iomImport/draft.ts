// One data row of an IOM file → an incident draft with its source, or the row's problems.
// Title and narrative are built only from the row's own cells (counts, cause of death as
// reported, location as described); nothing is inferred that the row does not say.
import {
  countryCodeOf,
  cumulativePeriod,
  isCumulative,
  mapRoute,
  mapSourceQuality,
  parseCoordinatePair,
  parseCount,
  parseIomDate,
  parseLatLon,
  periodOfPrecision,
  splitList,
  splitUrls,
  quoted,
  type LatLon,
  type Parsed,
  type Period,
} from './mapping.ts';
import type { DetectedLayout, IomLayoutSpec } from './layouts.ts';
import {
  IOM_PUBLISHER,
  iomIncidentDraftSchema,
  type IomIncidentDraft,
  type IomRowProblem,
  type IomRowResult,
} from './types.ts';

type Columns = IomLayoutSpec['columns'];
type CountField = 'dead' | 'missing' | 'survivors' | 'females' | 'males' | 'children';
const COUNT_FIELDS: readonly CountField[] = [
  'dead',
  'missing',
  'survivors',
  'females',
  'males',
  'children',
];

const MONTH_SHORT = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');
const MONTH_LONG =
  'January February March April May June July August September October November December'.split(
    ' ',
  );

/** "2019-12-30" → "30 Dec 2019" (or "30 December 2019" with `long`). */
function readableDate(iso: string, long = false): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${(long ? MONTH_LONG : MONTH_SHORT)[m - 1]!} ${y}`;
}

function readablePeriod(period: Period, long = false): string {
  if (period.precision === 'year') return period.start.slice(0, 4);
  if (period.precision === 'month') return readableDate(period.start, long).replace(/^\d+ /, '');
  if (period.precision === 'range') {
    const start = readableDate(period.start, long);
    const sameYear = period.start.slice(0, 4) === period.end.slice(0, 4);
    return `${sameYear ? start.replace(/ \d{4}$/, '') : start} – ${readableDate(period.end, long)}`;
  }
  return readableDate(period.start, long);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "12 dead and missing", "3 dead", "5 missing", or "Dead and missing not stated". */
function headcount(dead: number | null, missing: number | null): string {
  const d = dead ?? 0;
  const m = missing ?? 0;
  if (d > 0 && m > 0) return `${d + m} dead and missing`;
  if (d > 0) return `${d} dead`;
  if (m > 0) return `${m} missing`;
  return 'Dead and missing not stated';
}

/** The row's cells by field, with the layout's "not stated" markers turned into null. */
class RowCells {
  constructor(
    private readonly record: readonly string[],
    private readonly detected: DetectedLayout,
  ) {}
  raw(column: string | undefined): string {
    if (column === undefined) return '';
    const i = this.detected.indexOf.get(column);
    return i === undefined ? '' : (this.record[i] ?? '');
  }
  /** Trimmed text, or null when blank or a "not stated" marker. */
  text(column: string | undefined): string | null {
    const cell = this.raw(column).trim();
    return this.detected.spec.unknown.includes(cell) ? null : cell;
  }
}

interface Collected {
  problems: IomRowProblem[];
  notes: string[];
}

function take<T>(result: Parsed<T>, column: string, into: Collected): T | undefined {
  if (!result.ok) {
    into.problems.push({ column, reason: result.reason });
    return undefined;
  }
  if (result.note) into.notes.push(`${column} ${result.note}`);
  return result.value;
}

function narrativeOf(
  d: Omit<IomIncidentDraft, 'narrative' | 'title' | 'source'>,
  period: Period,
  informationSources: string | null,
): string {
  const lines: string[] = [];
  const when = readablePeriod(period, true);
  lines.push(
    d.cumulative
      ? `IOM Missing Migrants Project cumulative record ${d.externalId}: a total over ${when}, not a single event.`
      : `IOM Missing Migrants Project record ${d.externalId}, ${when}.`,
  );
  if (d.mainId && d.mainId !== d.externalId)
    lines.push(`Recorded by IOM under main ID ${d.mainId} (incident ID ${d.externalId}).`);
  const counts = (
    [
      ['dead', d.dead],
      ['missing', d.missing],
      ['survivors', d.survivors],
      ['females', d.females],
      ['males', d.males],
      ['children', d.children],
    ] as const
  )
    .filter(([, n]) => n !== null)
    .map(([label, n]) => `${label} ${n}`);
  lines.push(
    counts.length > 0 ? `Counts as reported: ${counts.join(', ')}.` : 'No counts are stated.',
  );
  if (d.causeOfDeath) lines.push(`Cause of death as reported: ${d.causeOfDeath}.`);
  if (d.locationText) lines.push(`Location as described: ${d.locationText.trim()}.`);
  if (d.countryText) lines.push(`Country of incident: ${d.countryText}.`);
  if (d.regionText) lines.push(`IOM region of incident: ${d.regionText}.`);
  if (d.routeText) lines.push(`Migration route: ${d.routeText}.`);
  if (d.countriesOfOrigin.length > 0)
    lines.push(`Country of origin as stated: ${d.countriesOfOrigin.join(', ')}.`);
  if (informationSources) lines.push(`Information source: ${informationSources}.`);
  return lines.join('\n');
}

/** Builds and validates the draft of one data row (`row` is 1-based, header not counted). */
export function draftFromRow(
  record: readonly string[],
  row: number,
  detected: DetectedLayout,
): IomRowResult {
  const { spec, header } = detected;
  const c: Columns = spec.columns;
  const cells = new RowCells(record, detected);
  const into: Collected = { problems: [], notes: [] };
  const externalId = cells.text(c.externalId);
  const failed = (): IomRowResult => ({
    ok: false,
    row,
    column: into.problems[0]!.column,
    reason: into.problems[0]!.reason,
    externalId,
    problems: into.problems,
  });

  // relax_column_count lets a short or long row through to here, so it is reported with its
  // row number instead of stopping the whole file.
  if (record.length !== header.length) {
    into.problems.push({
      column: '(row)',
      reason: `has ${plural(record.length, 'field', 'fields')}; the header has ${header.length}`,
    });
    return failed();
  }
  if (externalId === null) into.problems.push({ column: c.externalId, reason: 'is missing' });

  const recordedOn = take(parseIomDate(cells.raw(c.date), spec.dateFormat), c.date, into);
  const counts = {} as Record<CountField, number | null>;
  for (const field of COUNT_FIELDS) {
    counts[field] = take(parseCount(cells.raw(c[field]), spec.unknown), c[field], into) ?? null;
  }
  let coordinates: LatLon | undefined;
  if (c.coordinates) {
    coordinates = take(
      parseCoordinatePair(cells.raw(c.coordinates), spec.unknown),
      c.coordinates,
      into,
    );
  } else if (c.latitude && c.longitude) {
    coordinates = take(
      parseLatLon(cells.raw(c.latitude), cells.raw(c.longitude), spec.unknown),
      c.latitude,
      into,
    );
  }
  const grade = take(
    mapSourceQuality(cells.raw(c.sourceQuality), spec.unknown),
    c.sourceQuality,
    into,
  );
  const stated =
    recordedOn === undefined
      ? undefined
      : take(
          periodOfPrecision(recordedOn, cells.text(c.datePrecision)),
          c.datePrecision ?? c.date,
          into,
        );
  if (into.problems.length > 0 || !recordedOn || !stated || !grade) return failed();

  const locationRaw = cells.raw(c.location);
  const locationText = spec.unknown.includes(locationRaw.trim()) ? null : locationRaw;
  const cumulative = isCumulative(cells.text(c.incidentType), locationText);
  const period = cumulative ? cumulativePeriod(locationText ?? '', recordedOn) : stated;

  const regionText = cells.text(c.region);
  const { route, routeText } = mapRoute(cells.text(c.route) ?? '', regionText);
  const countryText = c.countryOfIncident ? cells.text(c.countryOfIncident) : null;
  const countryCode = countryText === null ? null : countryCodeOf(countryText);
  if (countryText !== null && countryCode === null)
    into.notes.push(
      `${c.countryOfIncident!} ${quoted(countryText)} names no ISO 3166 country; country left empty`,
    );
  const links = splitUrls(cells.raw(c.url), spec.unknown);
  if (links.leftover !== '')
    into.notes.push(`${c.url} also holds text that is not a link: ${quoted(links.leftover)}`);
  const informationSources = cells.text(c.informationSource);

  const fields = {
    sourceRowNumber: row,
    externalId: externalId ?? '',
    mainId: c.mainId ? cells.text(c.mainId) : null,
    layout: spec.layout,
    categories: ['abuse_in_transit'] as ['abuse_in_transit'],
    occurredStart: period.start,
    occurredEnd: period.end,
    datePrecision: period.precision,
    latitude: coordinates?.latitude ?? null,
    longitude: coordinates?.longitude ?? null,
    geoPrecision: coordinates ? (2 as const) : null,
    countryCode,
    countryText,
    regionText,
    locationText,
    route,
    routeText,
    causeOfDeath: cells.text(c.cause),
    ...counts,
    countriesOfOrigin: c.countriesOfOrigin
      ? splitList(cells.raw(c.countriesOfOrigin), spec.unknown)
      : [],
    cumulative,
    importNotes: into.notes,
  };
  const place = routeText ?? regionText ?? countryText;
  const title = [headcount(counts.dead, counts.missing), place, readablePeriod(period)]
    .filter((part): part is string => part !== null)
    .join(', ');
  const draft = {
    ...fields,
    title,
    narrative: narrativeOf(fields, period, informationSources),
    source: {
      type: 'ngo_io_report' as const,
      publisher: IOM_PUBLISHER,
      title: `${IOM_PUBLISHER}, record ${fields.externalId}`,
      url: links.urls[0] ?? null,
      urls: links.urls,
      informationSources,
      originalGrade: grade.originalGrade,
      reliability: grade.reliability,
    },
  };

  const checked = iomIncidentDraftSchema.safeParse(draft);
  if (checked.success) return { ok: true, draft: checked.data };
  for (const issue of checked.error.issues) {
    into.problems.push({ column: columnOf(issue.path, c), reason: issue.message });
  }
  return failed();
}

/** The file's column behind a draft field, so a schema failure names what the user can fix. */
function columnOf(path: readonly PropertyKey[], c: Columns): string {
  const [first, second] = path.map(String);
  const byField: Record<string, string | undefined> = {
    externalId: c.externalId,
    mainId: c.mainId,
    occurredStart: c.date,
    occurredEnd: c.date,
    latitude: c.coordinates ?? c.latitude,
    longitude: c.coordinates ?? c.longitude,
    regionText: c.region,
    locationText: c.location,
    routeText: c.route,
    causeOfDeath: c.cause,
    dead: c.dead,
    missing: c.missing,
    survivors: c.survivors,
    females: c.females,
    males: c.males,
    children: c.children,
    countriesOfOrigin: c.countriesOfOrigin,
    countryText: c.countryOfIncident,
  };
  if (first === 'source') {
    if (second === 'url' || second === 'urls') return c.url;
    if (second === 'informationSources') return c.informationSource;
    if (second === 'originalGrade' || second === 'reliability') return c.sourceQuality;
  }
  return byField[first ?? ''] ?? `(${path.map(String).join('.')})`;
}
