// A report's figures show only what the text may print: a category or month below the
// suppression threshold is never drawn with its value, a month that would give one away by
// subtraction is hidden too, and a chart resting on a synthetic record says so.
import { describe, expect, it } from 'vitest';
import { compilationMap, countryFigures, figurePng } from './figures.ts';
import type { CitedIncident } from './queries.ts';

let next = 0;
function incident(values: Partial<CitedIncident> & { categories: string[]; on: string }) {
  next++;
  return {
    id: `id-${next}`,
    reference: `INC-2025-${next}`,
    title: `Case ${next}`,
    occurredStart: values.on,
    occurredEnd: values.on,
    datePrecision: 'day',
    marking: 'sbu',
    synthetic: false,
    status: 'verified',
    sources: [],
    ...values,
  } satisfies CitedIncident & { on: string };
}

const times = (n: number, make: () => CitedIncident) => Array.from({ length: n }, make);

/** The text of every <text> element and tooltip of an SVG, i.e. everything a reader sees. */
const shownText = (svg: string) =>
  [...svg.matchAll(/<(?:text|title)[^>]*>([^<]*)<\/(?:text|title)>/g)].map((m) => m[1]!);

describe('report figures', () => {
  const six = times(6, () => incident({ categories: ['trafficking'], on: '2025-03-04' }));
  const two = times(2, () => incident({ categories: ['forced_labour'], on: '2025-05-09' }));

  it('draws a category below the threshold as "fewer than 5", never with its count', () => {
    const [byCategory] = countryFigures('Poland', 2025, [...six, ...two], 5);
    expect(byCategory!.caption).toBe('Verified incidents by category, Poland, 2025');
    const text = shownText(byCategory!.svg);
    expect(text).toContain('Trafficking in persons');
    expect(text).toContain('6');
    expect(text).toContain('fewer than 5');
    expect(text.some((t) => /\b2\b/.test(t) && !t.includes('2025'))).toBe(false);
    expect(byCategory!.description).toContain('Forced labour: fewer than 5');
    expect(byCategory!.description).not.toMatch(/Forced labour: 2/);
  });

  it('hides a small month and the month that would reveal it from the total', () => {
    const [, byMonth] = countryFigures(
      'Poland',
      2025,
      [...six, ...six.map((i) => ({ ...i, id: `${i.id}-b`, occurredStart: '2025-07-01' })), ...two],
      5,
    );
    // May has 2; the total (14) may be printed on a compilation's map, so one more month is
    // hidden (the smaller of March and July, not an empty month) and May cannot be worked out.
    expect(byMonth!.description).toContain('May: suppressed');
    expect(byMonth!.description).toContain('Mar: suppressed');
    expect(byMonth!.description).toContain('Jul: 6');
    expect(byMonth!.description).toContain('Jan: 0');
    const text = shownText(byMonth!.svg).join(' | ');
    expect(text).not.toMatch(/May 2025: 2/);
    expect(text).not.toMatch(/Mar 2025: 6/);
  });

  it('counts only verified records of the report year and leaves out a chart with nothing to show', () => {
    const figures = countryFigures(
      'Poland',
      2025,
      [
        ...two,
        incident({ categories: ['trafficking'], on: '2024-12-30' }),
        incident({ categories: ['trafficking'], on: '2025-02-01', status: 'draft' }),
      ],
      5,
    );
    // Two May incidents: the category is "fewer than 5" and every month is suppressed.
    expect(figures.map((f) => f.caption)).toEqual(['Verified incidents by category, Poland, 2025']);
    expect(figures[0]!.description).not.toContain('Trafficking');
    expect(countryFigures('Poland', 2025, [], 5)).toEqual([]);
  });

  it('marks a chart synthetic when a cited record or its source is', () => {
    const real = countryFigures('Poland', 2025, six, 5);
    expect(real[0]!.svg).not.toContain('SYNTHETIC DATA');
    const withSyntheticSource = [
      ...six.slice(1),
      {
        ...six[0]!,
        sources: [
          {
            id: 's',
            publisher: 'p',
            title: 't',
            url: null,
            publishedOn: null,
            synthetic: true,
          },
        ],
      },
    ];
    for (const f of countryFigures('Poland', 2025, withSyntheticSource, 5))
      expect(f.svg).toContain('SYNTHETIC DATA');
  });

  it('maps each country of a compilation with small counts, and totals that would reveal one, suppressed', () => {
    const map = compilationMap(
      'Europe',
      2025,
      [
        { name: 'Poland', numeric: '616', incidents: six },
        { name: 'Germany', numeric: '276', incidents: two },
        // 8 in all, but forced labour is "fewer than 5" in the report: 8 − 6 would reveal it.
        { name: 'Spain', numeric: '724', incidents: [...six, ...two] },
        { name: 'France', numeric: '250', incidents: [] },
      ],
      5,
      new Set(['616', '276', '724', '250']),
    )!;
    expect(map.description).toBe(
      'Map. Poland: 6; Germany: suppressed; Spain: suppressed; France: 0.',
    );
    const text = shownText(map.svg);
    expect(text).toContain('Germany: suppressed');
    expect(text).toContain('Spain: suppressed');
    expect(text).not.toContain('Germany: 2');
    expect(text).not.toContain('Spain: 8');
    expect(text).toContain('Poland: 6');
  });

  it('rasterises a figure once to an opaque PNG', () => {
    const [figure] = countryFigures('Łódź', 2025, six, 5);
    const png = figurePng(figure!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width, height and colour type 2 (RGB, no alpha) at byte 25.
    expect(png.readUInt32BE(16)).toBe(Math.round(figure!.width * 1.5));
    expect(png[25]).toBe(2);
    expect(figurePng({ ...figure! })).toBe(png);
  });
});
