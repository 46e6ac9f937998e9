import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
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
  type IomDateFormat,
} from './mapping.ts';

const FORMATS: IomDateFormat[] = ['englishMonthDay', 'drupal', 'iso'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number) => String(n).padStart(2, '0');

/** The same day as each layout writes it. */
function spelled(date: Date): Record<IomDateFormat, string> {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  const d = date.getUTCDate();
  return {
    englishMonthDay: `${MONTH_NAMES[m - 1]!} ${pad(d)}, ${y}`,
    drupal: `${WEEKDAY_NAMES[date.getUTCDay()]!}, ${pad(m)}/${pad(d)}/${y} - 12:00`,
    iso: `${y}-${pad(m)}-${pad(d)}`,
  };
}

describe('parseIomDate', () => {
  it('reads the 2019 export’s written-out dates, full or abbreviated months', () => {
    expect(parseIomDate('December 30, 2019', 'englishMonthDay')).toEqual({
      ok: true,
      value: '2019-12-30',
    });
    expect(parseIomDate('January 06, 2014', 'englishMonthDay')).toMatchObject({
      value: '2014-01-06',
    });
    expect(parseIomDate('Dec 30, 2019', 'englishMonthDay')).toMatchObject({ value: '2019-12-30' });
    expect(parseIomDate('Sept 3, 2019', 'englishMonthDay')).toMatchObject({ value: '2019-09-03' });
  });

  it('reads the current export’s Drupal dates month first, checking the weekday', () => {
    expect(parseIomDate('Thu, 01/01/2026 - 12:00', 'drupal')).toEqual({
      ok: true,
      value: '2026-01-01',
    });
    // 01/02 is the 2nd of January (a Friday), not the 1st of February.
    expect(parseIomDate('Fri, 01/02/2026 - 12:00', 'drupal')).toMatchObject({
      value: '2026-01-02',
    });
    const swapped = parseIomDate('Sun, 01/02/2026 - 12:00', 'drupal');
    expect(swapped.ok).toBe(false);
    expect(!swapped.ok && swapped.reason).toMatch(/Sun.*2026-01-02.*Fri/);
  });

  it('reads ISO dates', () => {
    expect(parseIomDate('2026-05-03', 'iso')).toMatchObject({ value: '2026-05-03' });
  });

  it('refuses days that do not exist and text that is not a date, saying why', () => {
    for (const [text, format, why] of [
      ['February 29, 2019', 'englishMonthDay', /day 29 does not exist/],
      ['Smarch 01, 2019', 'englishMonthDay', /expected a date like/],
      ['2026-13-01', 'iso', /month 13/],
      ['1 Jan 2026', 'iso', /expected a date like "2026-01-01"/],
      ['', 'drupal', /missing/],
      ['June 10, 20190', 'englishMonthDay', /expected a date like/],
    ] as const) {
      const result = parseIomDate(text, format);
      expect(result.ok, text).toBe(false);
      expect(!result.ok && result.reason).toMatch(why);
    }
    expect(parseIomDate('February 29, 2016', 'englishMonthDay')).toMatchObject({ ok: true });
  });

  it('never throws on arbitrary text: a date or a reason', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 80 }),
        fc.constantFrom(...FORMATS),
        (text, format) => {
          const result = parseIomDate(text, format);
          if (result.ok) expect(result.value).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          else expect(result.reason.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on date-shaped text either', () => {
    const dateLike = fc
      .tuple(
        fc.constantFrom('Mon', 'Thu', 'Dec', 'December', 'Sept', 'x'),
        fc.integer({ min: -5, max: 40 }),
        fc.integer({ min: -5, max: 40 }),
        fc.integer({ min: 0, max: 99999 }),
      )
      .chain(([word, a, b, y]) =>
        fc.constantFrom(
          `${word}, ${a}/${b}/${y} - 12:00`,
          `${word} ${a}, ${y}`,
          `${y}-${a}-${b}`,
          `${y}-${pad(a)}-${pad(b)}`,
        ),
      );
    fc.assert(
      fc.property(dateLike, fc.constantFrom(...FORMATS), (text, format) => {
        const result = parseIomDate(text, format);
        expect(typeof (result.ok ? result.value : result.reason)).toBe('string');
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back any real day as each layout spells it', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString().slice(0, 10);
          const utcDay = new Date(`${iso}T00:00:00Z`);
          const spellings = spelled(utcDay);
          for (const format of FORMATS)
            expect(parseIomDate(spellings[format], format)).toEqual({ ok: true, value: iso });
        },
      ),
    );
  });
});

describe('cumulative rows', () => {
  it('reads a stated period as a range, and otherwise the year', () => {
    const text =
      'Cumulative total 1 Jan - 20 Dec 2019 for Webb County Medical Examiner’s Office, Texas';
    expect(isCumulative(null, text)).toBe(true);
    expect(cumulativePeriod(text, '2019-12-20')).toEqual({
      start: '2019-01-01',
      end: '2019-12-20',
      precision: 'range',
    });
    expect(cumulativePeriod('Cumulative total, Pima County', '2018-06-30')).toEqual({
      start: '2018-01-01',
      end: '2018-12-31',
      precision: 'year',
    });
    expect(isCumulative('Cumulative Incident', 'Off Lampedusa')).toBe(true);
    expect(isCumulative('Split Incident', 'Total of 3 bodies near Ceuta')).toBe(false);
  });
});

describe('periodOfPrecision', () => {
  it('widens a date to the month or year the file says it stands for', () => {
    expect(periodOfPrecision('2024-02-10', 'day')).toEqual({
      ok: true,
      value: { start: '2024-02-10', end: '2024-02-10', precision: 'day' },
    });
    expect(periodOfPrecision('2024-02-10', null)).toMatchObject({ value: { precision: 'day' } });
    expect(periodOfPrecision('2024-02-10', 'month')).toEqual({
      ok: true,
      value: { start: '2024-02-01', end: '2024-02-29', precision: 'month' },
    });
    expect(periodOfPrecision('2024-02-10', 'year')).toMatchObject({
      value: { start: '2024-01-01', end: '2024-12-31', precision: 'year' },
    });
    expect(periodOfPrecision('2024-02-10', 'fortnight').ok).toBe(false);
  });
});

describe('mapRoute', () => {
  it('maps IOM route names onto the route vocabulary and keeps the text', () => {
    expect(mapRoute('Central Mediterranean')).toEqual({
      route: 'central_mediterranean',
      routeText: 'Central Mediterranean',
    });
    expect(mapRoute('English Channel to the UK').route).toBe('english_channel');
    expect(mapRoute('Mainland Europe to the UK').route).toBe('english_channel');
    expect(mapRoute('Calais to United Kingdom').route).toBe('english_channel');
    expect(mapRoute('US-Mexico border crossing').route).toBe('us_mexico_border');
    expect(mapRoute('Western Africa / Atlantic route to the Canary Islands').route).toBe(
      'atlantic_canary',
    );
    expect(mapRoute('Darién').route).toBe('darien');
    expect(mapRoute('Eastern Route to/from EHOA').route).toBe('horn_of_africa_yemen');
  });

  it('places the legacy "Central America to US" by the row’s own IOM region', () => {
    expect(mapRoute('Central America to US', 'US-Mexico Border').route).toBe('us_mexico_border');
    expect(mapRoute('Central America to US', 'Central America').route).toBe(
      'central_america_mexico',
    );
  });

  it('sends unknown names to other, blanks to null, disagreeing lists to other', () => {
    expect(mapRoute('Sea crossings to Mayotte')).toEqual({
      route: 'other',
      routeText: 'Sea crossings to Mayotte',
    });
    expect(mapRoute('  ')).toEqual({ route: null, routeText: null });
    expect(mapRoute('Central Mediterranean,Sahara Desert crossing').route).toBe('other');
    expect(mapRoute('Central Mediterranean, Central Mediterranean').route).toBe(
      'central_mediterranean',
    );
  });
});

describe('mapSourceQuality (IOM 1–5 → Admiralty reliability)', () => {
  it('maps 5→A … 1→E and missing→F, keeping the original grade', () => {
    expect(['5', '4', '3', '2', '1'].map((g) => mapSourceQuality(g))).toEqual(
      ['A', 'B', 'C', 'D', 'E'].map((reliability, i) => ({
        ok: true,
        value: { originalGrade: String(5 - i), reliability },
      })),
    );
    expect(mapSourceQuality('')).toEqual({
      ok: true,
      value: { originalGrade: null, reliability: 'F' },
    });
    expect(mapSourceQuality('NA', ['', 'NA'])).toMatchObject({ value: { reliability: 'F' } });
  });

  it('grades a joined "45" by its weakest part and refuses other text', () => {
    expect(mapSourceQuality('45')).toEqual({
      ok: true,
      value: { originalGrade: '45', reliability: 'B' },
    });
    expect(mapSourceQuality('134')).toMatchObject({ value: { reliability: 'E' } });
    expect(mapSourceQuality('6').ok).toBe(false);
    expect(mapSourceQuality('high').ok).toBe(false);
  });
});

describe('counts, coordinates and lists', () => {
  it('reads a blank or NA count as unknown, never zero', () => {
    expect(parseCount('')).toEqual({ ok: true, value: null });
    expect(parseCount('NA', ['', 'NA'])).toEqual({ ok: true, value: null });
    expect(parseCount('0')).toEqual({ ok: true, value: 0 });
    expect(parseCount(' 83 ')).toEqual({ ok: true, value: 83 });
    expect(parseCount('1.5').ok).toBe(false);
    expect(parseCount('NA').ok).toBe(false);
  });

  it('keeps a negative correction out of the counts, with a note', () => {
    const result = parseCount('-5');
    expect(result).toMatchObject({ ok: true, value: null });
    expect(result.ok && result.note).toMatch(/-5.*correction/);
  });

  it('reads coordinates in one cell or two, and refuses impossible ones', () => {
    expect(parseCoordinatePair('35.568972356329, -1.289773129748')).toEqual({
      ok: true,
      value: { latitude: 35.568972356329, longitude: -1.289773129748 },
    });
    expect(parseCoordinatePair('')).toEqual({ ok: true, value: null });
    expect(parseCoordinatePair('91.2, 10').ok).toBe(false);
    expect(parseCoordinatePair('35.5').ok).toBe(false);
    expect(parseLatLon('37.2832', '27', ['', 'NA'])).toEqual({
      ok: true,
      value: { latitude: 37.2832, longitude: 27 },
    });
    expect(parseLatLon('NA', 'NA', ['', 'NA'])).toEqual({ ok: true, value: null });
    expect(parseLatLon('37.2', 'NA', ['', 'NA']).ok).toBe(false);
  });

  it('splits link lists on commas, spaces, non-breaking spaces and slashes', () => {
    expect(
      splitUrls('http://bit.ly/2sCnBz1, http://bit.ly/2sEra83, http://bit.ly/2MJk88F').urls,
    ).toHaveLength(3);
    expect(splitUrls('https://bit.ly/2Ch5DGy\u00a0https://bit.ly/2LXMTv4').urls).toEqual([
      'https://bit.ly/2Ch5DGy',
      'https://bit.ly/2LXMTv4',
    ]);
    expect(splitUrls('https://a.example/x / https://b.example/').urls).toEqual([
      'https://a.example/x',
      'https://b.example/',
    ]);
    expect(splitUrls('https://a.example/?q=1,2, https://b.example').urls).toEqual([
      'https://a.example/?q=1,2',
      'https://b.example',
    ]);
    expect(splitUrls('NA', ['', 'NA'])).toEqual({ urls: [], leftover: '' });
    expect(splitUrls('see IOM Libya').leftover).toBe('see IOM Libya');
  });

  it('splits a multi-valued country of origin as stated', () => {
    expect(splitList('Morocco,Unknown')).toEqual(['Morocco', 'Unknown']);
    expect(splitList('Congo, Morocco,Unknown')).toEqual(['Congo', 'Morocco', 'Unknown']);
    expect(splitList('NA', ['', 'NA'])).toEqual([]);
  });
});

describe('countryCodeOf', () => {
  it('knows the UN spellings IOM uses and the notes the curated file trails', () => {
    expect(countryCodeOf('Iran (Islamic Republic of)')).toBe('IR');
    expect(countryCodeOf('Türkiye')).toBe('TR');
    expect(countryCodeOf('United Kingdom of Great Britain and Northern Ireland')).toBe('GB');
    expect(countryCodeOf('Syrian Arab Republic')).toBe('SY');
    expect(countryCodeOf('Cabo Verde')).toBe('CV');
    expect(countryCodeOf('Libya - presumed departure on 12-14 April')).toBe('LY');
    expect(countryCodeOf('Morocco (en route to Ceuta)')).toBe('MA');
    expect(countryCodeOf('012 52E')).toBeNull();
  });
});
