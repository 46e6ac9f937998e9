// The extraction engine's rules, each against a fixed publication date (Friday 15 March
// 2024), and two properties over arbitrary text: it never throws, and every span lies inside
// the text it was found in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findActors } from './actors.ts';
import { classifier, registerClassifier } from './classifier.ts';
import { findDates } from './dates.ts';
import { extract } from './engine.ts';
import { findPlaces } from './gazetteer.ts';
import { detectLanguage } from './language.ts';
import { findCodes, LEXICONS } from './lexicon.ts';
import { findCounts } from './numbers.ts';
import { propose } from './proposals.ts';
import { findQuotes } from './quotes.ts';
import { SUPPORTED_LANGUAGES, type Language } from './types.ts';

const PUBLISHED = '2024-03-15'; // a Friday
const dates = (text: string, lang: Language) =>
  findDates(text, lang, PUBLISHED).map((d) => [
    d.value.text,
    d.value.start,
    d.value.end,
    d.value.precision,
  ]);

describe('date expressions resolved against the publication date', () => {
  it('English: last Thursday, on Monday (the past one), early next year, a full date', () => {
    expect(
      dates(
        'Police said last Thursday that on Monday migrants were found; a law comes early next year. On 3 March 2024 …',
        'en',
      ),
    ).toEqual([
      ['last Thursday', '2024-03-14', '2024-03-14', 'day'],
      ['on Monday', '2024-03-11', '2024-03-11', 'day'],
      ['early next year', '2025-01-01', '2025-04-30', 'range'],
      ['On 3 March 2024', '2024-03-03', '2024-03-03', 'day'],
    ]);
  });
  it('English: a month and a year keep their precision', () => {
    expect(dates('In March 2023 and next year', 'en')).toEqual([
      ['March 2023', '2023-03-01', '2023-03-31', 'month'],
      ['next year', '2025-01-01', '2025-12-31', 'year'],
    ]);
  });
  it('German', () => {
    expect(dates('Am Montag wurden Menschen festgenommen; Anfang nächsten Jahres', 'de')).toEqual([
      ['Am Montag', '2024-03-11', '2024-03-11', 'day'],
      ['Anfang nächsten Jahres', '2025-01-01', '2025-04-30', 'range'],
    ]);
  });
  it('French', () => {
    expect(
      dates("Lundi dernier, la police; le 3 mars 2024; début de l'année prochaine", 'fr'),
    ).toEqual([
      ['Lundi dernier', '2024-03-11', '2024-03-11', 'day'],
      ['3 mars 2024', '2024-03-03', '2024-03-03', 'day'],
      ["début de l'année prochaine", '2025-01-01', '2025-04-30', 'range'],
    ]);
  });
  it('Spanish', () => {
    expect(dates('el 3 de marzo de 2024; a principios del próximo año', 'es')).toEqual([
      ['3 de marzo de 2024', '2024-03-03', '2024-03-03', 'day'],
      ['principios del próximo año', '2025-01-01', '2025-04-30', 'range'],
    ]);
  });
  it('Swedish, with "i måndags" and "igår" from the added rules', () => {
    expect(dates('I måndags greps tre personer, den 3 mars 2024; igår', 'sv')).toEqual([
      ['I måndags', '2024-03-11', '2024-03-11', 'day'],
      ['den 3 mars 2024', '2024-03-03', '2024-03-03', 'day'],
      ['igår', '2024-03-14', '2024-03-14', 'day'],
    ]);
  });
  it('Polish, which chrono lacks: dates, weekdays, months, yesterday, year parts', () => {
    expect(
      dates(
        'W zeszły czwartek; 3 marca 2024 r.; w poniedziałek; wczoraj; w lutym 2024; na początku przyszłego roku',
        'pl',
      ),
    ).toEqual([
      ['W zeszły czwartek', '2024-03-14', '2024-03-14', 'day'],
      ['3 marca 2024 r.', '2024-03-03', '2024-03-03', 'day'],
      ['w poniedziałek', '2024-03-11', '2024-03-11', 'day'],
      ['wczoraj', '2024-03-14', '2024-03-14', 'day'],
      ['lutym 2024', '2024-02-01', '2024-02-29', 'month'],
      ['początku przyszłego roku', '2025-01-01', '2025-04-30', 'range'],
    ]);
  });
});

describe('gazetteer', () => {
  const places = (text: string, lang: Language) =>
    findPlaces(text, lang).map((p) => [p.value.name, p.value.countryCode, p.value.kind]);
  it('finds countries, capitals, cities and demonyms, longest name first', () => {
    expect(
      places(
        "Libyan coast guard off Zuwara; the United States of America; Côte d'Ivoire; Athens",
        'en',
      ),
    ).toEqual([
      ['Libyan', 'LY', 'demonym'],
      ['Zuwara', 'LY', 'city'],
      ['United States of America', 'US', 'country'],
      ["Côte d'Ivoire", 'CI', 'country'],
      ['Athens', 'GR', 'capital'],
    ]);
  });
  it('knows the names in the other languages, German genitives and Polish case endings', () => {
    expect(places('Polens Regierung und die Türkei', 'de')).toEqual([
      ['Polens', 'PL', 'country'],
      ['Türkei', 'TR', 'country'],
    ]);
    expect(places('w Polsce, w Libii i w Niemczech', 'pl').map((p) => p[1])).toEqual([
      'PL',
      'LY',
      'DE',
    ]);
  });
  it('wants proper nouns: "turkey" the bird is no country', () => {
    expect(places('they ate turkey and chad', 'en')).toEqual([]);
  });
});

describe('lexicons', () => {
  it('has every category and topic term list for each of the six languages', () => {
    for (const lang of SUPPORTED_LANGUAGES) {
      expect(Object.keys(LEXICONS[lang].categories).length).toBeGreaterThanOrEqual(14);
      expect(Object.keys(LEXICONS[lang].topics).length).toBe(10);
    }
  });
  it('matches inflected forms through the * ending', () => {
    const found = findCodes(
      'Die Schleuser wurden wegen Menschenhandels angeklagt.',
      LEXICONS.de.categories,
      'test',
    );
    expect(found.map((f) => f.value)).toEqual(['migrant_smuggling', 'trafficking']);
  });
  it('the default classifier is the lexicon; a registered one can be chosen by name', () => {
    expect(classifier().name).toBe('lexicon');
    registerClassifier({ name: 'fixed', classify: () => [] });
    expect(classifier('fixed').name).toBe('fixed');
    expect(classifier('unknown').name).toBe('lexicon');
  });
});

describe('numbers with what they count', () => {
  const counts = (text: string, lang: Language) =>
    findCounts(text, lang).map((c) => [c.value.count, c.value.approximate, c.value.role]);
  it('digits, words and vague amounts, with the role from the noun or the verb after it', () => {
    expect(
      counts(
        '34 migrants drowned; dozens of people; three suspects; 1,200 refugees; in 2023 people',
        'en',
      ),
    ).toEqual([
      [34, false, 'dead'],
      [24, true, 'persons'],
      [3, false, 'arrested'],
      [1200, false, 'persons'],
    ]);
  });
  it('in other languages', () => {
    expect(counts('45 Menschen ertranken, zwölf Tote', 'de')).toEqual([
      [45, false, 'persons'],
      [12, false, 'dead'],
    ]);
    expect(counts('31 migrantów', 'pl')).toEqual([[31, false, 'persons']]);
  });
});

describe('quotes and actors', () => {
  it('a quote with its speaker after or before it', () => {
    const q = findQuotes(
      '"We found the bodies at dawn," said spokesperson Nikos Alexiou. Minister Jane Doe said: "The law will change soon."',
      'en',
    );
    expect(q.map((x) => [x.value.statement, x.value.speaker])).toEqual([
      ['We found the bodies at dawn,', 'spokesperson Nikos Alexiou'],
      ['The law will change soon.', 'Minister Jane Doe'],
    ]);
  });
  it('organisations and officials', () => {
    const a = findActors(
      'The Hellenic Coast Guard and UNHCR; Interior Minister Jane Doe told reporters.',
      'en',
    );
    expect(a.map((x) => [x.value.name, x.value.kind])).toEqual([
      ['Hellenic Coast Guard', 'organisation'],
      ['UNHCR', 'organisation'],
      ['Interior Minister Jane Doe', 'official'],
    ]);
  });
});

describe('language detection', () => {
  it('tells the six languages apart and calls others unsupported', () => {
    expect(
      detectLanguage(
        'Police said on Monday that 34 migrants were found in a truck near the border.',
      ).language,
    ).toBe('en');
    expect(
      detectLanguage('Policja znalazła w poniedziałek 34 migrantów w ciężarówce przy granicy.')
        .language,
    ).toBe('pl');
    expect(
      detectLanguage('Poliisi löysi maanantaina 34 siirtolaista kuorma-autosta rajan läheltä.'),
    ).toMatchObject({ language: null, detected: 'fin' });
    expect(detectLanguage('ok').detected).toBe('und');
  });
});

describe('properties over any text', () => {
  const inside = (len: number) => (s: { start: number; end: number } | null) =>
    s === null || (s.start >= 0 && s.end <= len && s.start <= s.end);
  it('never throws, and every span lies inside the text', () => {
    const words = fc.constantFrom(
      'Monday',
      'Libya',
      '34',
      'migrants',
      '"',
      '„',
      'drowned',
      'said',
      'Minister',
      'Jane',
      'Doe',
      'w',
      'poniedziałek',
      '\n',
      '.',
      'early next year',
      'Ü',
      '😀',
    );
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.array(words, { maxLength: 60 }).map((w) => w.join(' ')),
    );
    fc.assert(
      fc.property(text, fc.constantFrom(...SUPPORTED_LANGUAGES), (t, language) => {
        const x = extract(t, { language, today: PUBLISHED });
        const ok = inside(t.length);
        const all = [
          x.publicationDate,
          ...x.dates,
          ...x.places,
          ...x.categories,
          ...x.topics,
          ...x.actors,
          ...x.quotes,
          ...x.counts,
          ...x.engagements,
          ...x.directives,
        ];
        for (const f of all) if (f) expect(ok(f.span)).toBe(true);
        for (const p of propose({ text: t, language }, x))
          for (const f of p.fields) expect(ok(f.span)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
