// Charts rendered on the server as SVG, so that pages, exports and report documents embed the
// same figure: a bar chart with optional interval whiskers, and a choropleth by country from
// the shipped world-atlas boundaries (topojson-client + d3-geo, no tile server). Every chart
// carries its title, notes (denominator, source, caveats, suppression) and, where the data are
// synthetic, a visible "SYNTHETIC DATA" mark.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { geoArea, geoEqualEarth, geoPath } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { Topology } from 'topojson-specification';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface Bar {
  label: string;
  /** null: suppressed (shown as "<threshold"). */
  value: number | null;
  lower?: number | undefined;
  upper?: number | undefined;
}

export interface ChartText {
  title: string;
  valueLabel: string;
  notes: string[];
  synthetic: boolean;
  suppressedLabel?: string;
}

function footer(text: ChartText, width: number, y: number): string {
  let out = '';
  text.notes.forEach((n, i) => {
    out += `<text x="10" y="${y + 16 * i}" font-size="11" fill="#1b1b1b">${esc(n)}</text>`;
  });
  if (text.synthetic)
    out += `<text x="${width - 10}" y="22" text-anchor="end" font-size="14" font-weight="bold" fill="#b50909">SYNTHETIC DATA</text>`;
  return out;
}

export function barChartSvg(bars: Bar[], text: ChartText): string {
  const width = 760;
  const left = 160;
  const barH = 18;
  const top = 44;
  const plotW = width - left - 80;
  const height = top + bars.length * (barH + 6) + 30 + text.notes.length * 16;
  const max = Math.max(1, ...bars.map((b) => b.upper ?? b.value ?? 0));
  const x = (v: number) => left + (v / max) * plotW;
  let body = '';
  bars.forEach((b, i) => {
    const y = top + i * (barH + 6);
    body += `<text x="${left - 6}" y="${y + 13}" text-anchor="end" font-size="12">${esc(b.label)}</text>`;
    if (b.value === null) {
      body += `<text x="${left + 4}" y="${y + 13}" font-size="12" font-style="italic">${esc(text.suppressedLabel ?? 'suppressed')}</text>`;
      return;
    }
    body += `<rect x="${left}" y="${y}" width="${Math.max(0, x(b.value) - left).toFixed(1)}" height="${barH}" fill="#005ea2"><title>${esc(`${b.label}: ${b.value}`)}</title></rect>`;
    if (b.lower !== undefined && b.upper !== undefined)
      body += `<line x1="${x(b.lower).toFixed(1)}" x2="${x(b.upper).toFixed(1)}" y1="${y + barH / 2}" y2="${y + barH / 2}" stroke="#1b1b1b" stroke-width="1.5"/>`;
    body += `<text x="${x(b.upper ?? b.value) + 4}" y="${y + 13}" font-size="11">${esc(formatNumber(b.value))}</text>`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(text.title)}" font-family="sans-serif">
<title>${esc(text.title)}</title><rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="15" font-weight="bold">${esc(text.title)}</text>
<text x="10" y="38" font-size="11">${esc(text.valueLabel)}</text>${body}${footer(text, width, height - text.notes.length * 16 + 4)}</svg>`;
}

export function formatNumber(v: number): string {
  return Number.isInteger(v)
    ? v.toLocaleString('en')
    : v.toLocaleString('en', { maximumSignificantDigits: 3 });
}

// ─── choropleth ──────────────────────────────────────────────────────────────────────────────

type CountryProps = { name: string; isoA2?: string | null };
let world: FeatureCollection<Geometry, CountryProps> | null = null;

function worldFeatures(): FeatureCollection<Geometry, CountryProps> {
  if (world) return world;
  // One copy of the boundaries ships with the app, in the web app's public folder, for the
  // browser's incident map and this server-side choropleth alike.
  const file = path.join(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../web/public/maps/world-countries-50m.topo.json',
  );
  const topo = JSON.parse(readFileSync(file, 'utf8')) as Topology;
  world = feature(topo, topo.objects['countries']!) as unknown as FeatureCollection<
    Geometry,
    CountryProps
  >;
  return world;
}

/** Sequential blues (ColorBrewer), light to dark; grey for no data. */
const CLASSES = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];
const NO_DATA = '#e6e6e6';
const SUPPRESSED = '#fdd49e';

export interface MapValue {
  /** null: suppressed. */
  value: number | null;
  label: string;
}

/**
 * A country's largest polygon: the frame of a regional map follows France, not French Guiana,
 * and the Netherlands, not Bonaire.
 */
function mainland(f: Feature<Geometry, CountryProps>): Feature<Geometry, CountryProps> {
  if (f.geometry.type !== 'MultiPolygon') return f;
  const parts = f.geometry.coordinates.map((coordinates) => ({
    coordinates,
    area: geoArea({ type: 'Polygon', coordinates }),
  }));
  const largest = parts.reduce((a, b) => (b.area > a.area ? b : a));
  return { ...f, geometry: { type: 'Polygon', coordinates: largest.coordinates } };
}

const isoNumeric = (f: Feature) => (f.id === undefined ? null : String(f.id).padStart(3, '0'));

/**
 * `values` by ISO numeric code ("250"). `measure` says what the colour encodes, and the
 * legend says it in words (a count is not a rate). `focus` (ISO numeric codes) frames the map
 * on those countries, e.g. a region's; countries outside the frame are left out.
 */
export function choroplethSvg(
  values: Map<string, MapValue>,
  measure: 'count' | 'rate',
  text: ChartText,
  focus?: ReadonlySet<string>,
): string {
  const width = 960;
  const mapH = 470;
  const world = worldFeatures();
  const framed = focus
    ? world.features.filter((f) => focus.has(isoNumeric(f) ?? '')).map(mainland)
    : world.features;
  const fc = framed.length > 0 ? { ...world, features: framed } : world;
  const projection = geoEqualEarth().fitExtent(
    [
      [10, 50],
      [width - 10, mapH],
    ],
    fc,
  );
  // A framed map clips the neighbours at the frame: only what shows is drawn.
  if (focus)
    projection.clipExtent([
      [0, 40],
      [width, mapH + 10],
    ]);
  const pathOf = geoPath(projection).digits(1);
  const shown = [...values.values()]
    .map((v) => v.value)
    .filter((v): v is number => v !== null && v > 0);
  const max = Math.max(...shown, 0);
  // Equal-interval classes from 0 to the largest value (stated in the legend).
  const breaks = CLASSES.map((_, i) => (max * (i + 1)) / CLASSES.length);
  const colour = (v: number) =>
    CLASSES[
      Math.min(
        CLASSES.length - 1,
        breaks.findIndex((b) => v <= b),
      )
    ] ?? CLASSES[CLASSES.length - 1]!;
  let shapes = '';
  for (const f of world.features as Feature<Geometry, CountryProps>[]) {
    const id = isoNumeric(f);
    const v = id ? values.get(id) : undefined;
    const d = pathOf(f);
    if (!d) continue;
    const fill = !v
      ? NO_DATA
      : v.value === null
        ? SUPPRESSED
        : v.value === 0
          ? '#ffffff'
          : colour(v.value);
    const tip = v
      ? `${v.label}: ${v.value === null ? (text.suppressedLabel ?? 'suppressed') : formatNumber(v.value)}`
      : `${f.properties.name}: no data`;
    shapes += `<path d="${d}" fill="${fill}" stroke="#757575" stroke-width="0.3"><title>${esc(tip)}</title></path>`;
  }
  const legendY = mapH + 20;
  let legend = `<text x="10" y="${legendY}" font-size="12" font-weight="bold">${esc(measure === 'rate' ? `Rate: ${text.valueLabel}` : `Count: ${text.valueLabel}`)}</text>`;
  let lx = 10;
  let prev = 0;
  CLASSES.forEach((c, i) => {
    legend += `<rect x="${lx}" y="${legendY + 8}" width="16" height="12" fill="${c}" stroke="#757575"/><text x="${lx + 20}" y="${legendY + 18}" font-size="11">${esc(`${formatNumber(prev)}–${formatNumber(breaks[i]!)}`)}</text>`;
    prev = breaks[i]!;
    lx += 130;
  });
  legend += `<rect x="${lx}" y="${legendY + 8}" width="16" height="12" fill="${SUPPRESSED}" stroke="#757575"/><text x="${lx + 20}" y="${legendY + 18}" font-size="11">${esc(text.suppressedLabel ?? 'suppressed')}</text>`;
  // The next key starts after the suppressed label, however long ("<5", "fewer than 5").
  const noDataX = lx + 40 + (text.suppressedLabel ?? 'suppressed').length * 7;
  legend += `<rect x="${noDataX}" y="${legendY + 8}" width="16" height="12" fill="${NO_DATA}" stroke="#757575"/><text x="${noDataX + 20}" y="${legendY + 18}" font-size="11">no data</text>`;
  const height = legendY + 34 + text.notes.length * 16;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(text.title)}" font-family="sans-serif">
<title>${esc(text.title)}</title><rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="15" font-weight="bold">${esc(text.title)}</text>${shapes}${legend}${footer(text, width, legendY + 44)}</svg>`;
}

// ─── trend with its interval band ────────────────────────────────────────────────────────────

export interface TrendChartPoint {
  period: string;
  /** null: not drawn (suppressed, unpublished, or no rate); `note` says which. */
  value: number | null;
  lower: number | null;
  upper: number | null;
  note?: string | undefined;
}

/**
 * A line of values by period over its 95% band (shaded). Gaps — suppressed points, figures not
 * published, years without a denominator — break the line and the band and are labelled at the
 * axis, never drawn as zero. `<desc>` lists every point, so a screen reader gets the figures.
 */
export function trendChartSvg(points: TrendChartPoint[], text: ChartText): string {
  const width = 760;
  const left = 70;
  const right = 20;
  const top = 50;
  const plotH = 260;
  const bottom = top + plotH;
  const plotW = width - left - right;
  const max = Math.max(1e-9, ...points.map((p) => p.upper ?? p.value ?? 0));
  const step = points.length > 1 ? plotW / (points.length - 1) : 0;
  const x = (i: number) => left + (points.length > 1 ? i * step : plotW / 2);
  const y = (v: number) => bottom - (v / max) * plotH;
  const f = (n: number) => n.toFixed(1);
  // Runs of consecutive drawn points: each gets its own band and line.
  const runs: number[][] = [];
  points.forEach((p, i) => {
    if (p.value === null || p.lower === null || p.upper === null) return;
    const last = runs.at(-1);
    if (last && last.at(-1) === i - 1) last.push(i);
    else runs.push([i]);
  });
  let body = '';
  for (let t = 0; t <= 4; t++) {
    const v = (max * t) / 4;
    body += `<line x1="${left}" x2="${width - right}" y1="${f(y(v))}" y2="${f(y(v))}" stroke="#dfe1e2"/><text x="${left - 6}" y="${f(y(v) + 4)}" text-anchor="end" font-size="11">${esc(formatNumber(v))}</text>`;
  }
  for (const run of runs) {
    const upper = run.map((i) => `${f(x(i))},${f(y(points[i]!.upper!))}`);
    const lower = run.map((i) => `${f(x(i))},${f(y(points[i]!.lower!))}`).reverse();
    body +=
      run.length > 1
        ? `<polygon points="${[...upper, ...lower].join(' ')}" fill="#73b3e7" fill-opacity="0.45" class="band"/>`
        : `<line x1="${f(x(run[0]!))}" x2="${f(x(run[0]!))}" y1="${f(y(points[run[0]!]!.lower!))}" y2="${f(y(points[run[0]!]!.upper!))}" stroke="#73b3e7" stroke-width="6" class="band"/>`;
    body += `<polyline points="${run.map((i) => `${f(x(i))},${f(y(points[i]!.value!))}`).join(' ')}" fill="none" stroke="#005ea2" stroke-width="2"/>`;
  }
  const labelEvery = Math.max(1, Math.ceil(points.length / 12));
  points.forEach((p, i) => {
    if (p.value !== null)
      body += `<circle cx="${f(x(i))}" cy="${f(y(p.value))}" r="3" fill="#005ea2"><title>${esc(`${p.period}: ${formatNumber(p.value)} (95% ${formatNumber(p.lower ?? 0)}–${formatNumber(p.upper ?? 0)})`)}</title></circle>`;
    else
      body += `<text x="${f(x(i))}" y="${bottom - 4}" text-anchor="middle" font-size="11" font-style="italic" fill="#b50909" class="gap"><title>${esc(`${p.period}: ${p.note ?? 'not shown'}`)}</title>${esc(p.note === text.suppressedLabel ? (p.note ?? '') : '×')}</text>`;
    if (i % labelEvery === 0)
      body += `<text x="${f(x(i))}" y="${bottom + 16}" text-anchor="middle" font-size="11">${esc(p.period)}</text>`;
  });
  body += `<line x1="${left}" x2="${width - right}" y1="${bottom}" y2="${bottom}" stroke="#1b1b1b"/>`;
  const legendY = bottom + 36;
  body += `<rect x="10" y="${legendY - 10}" width="16" height="10" fill="#73b3e7" fill-opacity="0.45"/><text x="30" y="${legendY}" font-size="11">95% interval (exact Poisson)</text>`;
  body += `<text x="230" y="${legendY}" font-size="11">${esc(`${text.suppressedLabel ?? 'suppressed'}: suppressed, not drawn; ×: no figure or no denominator`)}</text>`;
  const desc = points
    .map((p) =>
      p.value === null
        ? `${p.period}: ${p.note ?? 'not shown'}`
        : `${p.period}: ${formatNumber(p.value)} (95% interval ${formatNumber(p.lower ?? 0)} to ${formatNumber(p.upper ?? 0)})`,
    )
    .join('; ');
  const height = legendY + 20 + text.notes.length * 16;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="trend-title trend-desc" font-family="sans-serif">
<title id="trend-title">${esc(text.title)}</title><desc id="trend-desc">${esc(`${text.valueLabel}. ${desc}.`)}</desc><rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="15" font-weight="bold">${esc(text.title)}</text>
<text x="10" y="38" font-size="11">${esc(text.valueLabel)}</text>${body}${footer(text, width, legendY + 24)}</svg>`;
}
