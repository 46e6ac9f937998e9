import { describe, expect, it } from 'vitest';
import { BUREAUS, bureauForCountry, type BureauCode } from './bureaus.ts';
import { ISO_COUNTRIES } from './isoCountries.ts';

const byAlpha2 = new Map(ISO_COUNTRIES.map((c) => [c.cca2, c]));
const bureauOf = (alpha2: string): BureauCode => {
  const country = byAlpha2.get(alpha2);
  if (!country) throw new Error(`${alpha2} is not in world-countries`);
  return bureauForCountry(country);
};
const countriesIn = (bureau: BureauCode): string[] =>
  ISO_COUNTRIES.filter((c) => bureauForCountry(c) === bureau)
    .map((c) => c.cca2)
    .sort();

describe('regional bureaus', () => {
  it('lists the six bureaus by code and name', () => {
    expect(BUREAUS).toEqual([
      { code: 'AF', name: 'Africa' },
      { code: 'EAP', name: 'East Asia and Pacific' },
      { code: 'EUR', name: 'Europe and Eurasia' },
      { code: 'NEA', name: 'Near East' },
      { code: 'SCA', name: 'South and Central Asia' },
      { code: 'WHA', name: 'Western Hemisphere' },
    ]);
  });

  it('places every one of the 250 ISO 3166-1 entries in a bureau', () => {
    expect(ISO_COUNTRIES).toHaveLength(250);
    const codes = new Set(BUREAUS.map((b) => b.code));
    for (const country of ISO_COUNTRIES) {
      expect(codes.has(bureauForCountry(country)), country.cca2).toBe(true);
    }
  });

  it.each([
    ['FR', 'EUR'],
    ['CA', 'WHA'],
    ['EG', 'NEA'],
    ['KZ', 'SCA'],
    ['MR', 'AF'],
    ['FJ', 'EAP'],
    ['SD', 'AF'],
    ['SS', 'AF'],
    ['IR', 'NEA'],
    ['TR', 'EUR'],
    ['CY', 'EUR'],
    ['RU', 'EUR'],
    ['GL', 'EUR'],
    ['FO', 'EUR'],
    ['MN', 'EAP'],
    ['IO', 'SCA'],
    ['CU', 'WHA'],
    ['UM', 'EAP'],
  ] as const)('puts %s in %s', (alpha2, bureau) => {
    expect(bureauOf(alpha2)).toBe(bureau);
  });

  it('gives the Near East exactly the Maghreb, the Levant, Iraq, Iran and the Gulf', () => {
    expect(countriesIn('NEA')).toEqual(
      ['DZ', 'EG', 'LY', 'MA', 'TN', 'EH', 'IL', 'PS', 'JO', 'LB', 'SY', 'IQ', 'IR', 'SA', 'KW']
        .concat(['BH', 'QA', 'AE', 'OM', 'YE'])
        .sort(),
    );
  });

  it('gives South and Central Asia exactly South Asia, the five Central Asian states and BIOT', () => {
    expect(countriesIn('SCA')).toEqual(
      ['AF', 'BD', 'BT', 'IN', 'MV', 'NP', 'PK', 'LK', 'KZ', 'KG', 'TJ', 'TM', 'UZ', 'IO'].sort(),
    );
  });

  it('keeps all of Europe in EUR and all of the Americas but Greenland in WHA', () => {
    for (const country of ISO_COUNTRIES) {
      if (country.region === 'Europe') expect(bureauForCountry(country), country.cca2).toBe('EUR');
      if (country.region === 'Americas' && country.cca2 !== 'GL' && country.cca2 !== 'UM') {
        expect(bureauForCountry(country), country.cca2).toBe('WHA');
      }
    }
  });

  it('refuses to guess for a region no rule covers', () => {
    expect(() =>
      bureauForCountry({ cca2: 'ZZ', region: 'Moon', subregion: 'Mare Tranquillitatis' }),
    ).toThrow(/No bureau rule for ZZ/);
  });
});
