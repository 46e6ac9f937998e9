// The extraction engine's rules, each against a fixed publication date (Friday 15 March
// 2024), the engagement and directive proposals built from them, and two properties over
// arbitrary text: it never throws, and every span lies inside the text it was found in.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findActors } from './actors.ts';
import { classifier, registerClassifier } from './classifier.ts';
import { findDates } from './dates.ts';
import { extract, sentences } from './engine.ts';
import { findPlaces } from './gazetteer.ts';
import { detectLanguage } from './language.ts';
import { findCodes, LEXICONS } from './lexicon.ts';
import { findCounts } from './numbers.ts';
import { propose, type Directory, type Proposal } from './proposals.ts';
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

const DIRECTORY: Directory = {
  regions: [
    { code: 'EUR', name: 'Europe and Eurasia' },
    { code: 'AF', name: 'Africa' },
  ],
  posts: [
    { code: 'EMB-GR', name: 'Embassy Athens', city: 'Athens' },
    { code: 'EMB-IT', name: 'Embassy Rome', city: 'Rome' },
  ],
};
const proposalsOf = (text: string, language: Language, kind: Proposal['kind']) =>
  propose(
    { text, language, postCode: 'EMB-XX' },
    extract(text, { language, today: PUBLISHED }),
    DIRECTORY,
  ).filter((p) => p.kind === kind);
const values = (p: Proposal | undefined) =>
  Object.fromEntries((p?.fields ?? []).map((f) => [f.field, f.value]));
const spanText = (text: string, p: Proposal | undefined, name: string) => {
  const f = p?.fields.find((x) => x.field === name);
  return f?.span ? text.slice(f.span.start, f.span.end) : null;
};

describe('sentences, ranges and names of offices', () => {
  it('does not end a sentence after a day number or a one-letter abbreviation', () => {
    const text = 'Bis zum 30. April 2026 zu berichten. Die Posten 2026 r. — melden. Neu.';
    expect(sentences(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'Bis zum 30. April 2026 zu berichten.',
      'Die Posten 2026 r. — melden.',
      'Neu.',
    ]);
  });

  it('reads "between 1 July and 31 December 2025" as one range in that year', () => {
    expect(dates('to report between 1 July and 31 December 2023.', 'en')).toEqual([
      ['1 July and 31 December 2023', '2023-07-01', '2023-12-31', 'range'],
    ]);
    expect(dates('im Zeitraum zwischen 1. Juli und 31. Dezember 2023', 'de')).toEqual([
      ['1. Juli und 31. Dezember 2023', '2023-07-01', '2023-12-31', 'range'],
    ]);
  });

  it('takes no date from inside a word (Swedish "fr" for Friday in "frågan")', () => {
    expect(dates('Ambassadören tog upp frågan vid ett möte den 12 mars 2024.', 'sv')).toEqual([
      ['den 12 mars 2024', '2024-03-12', '2024-03-12', 'day'],
    ]);
  });

  it('ends an office opened by "Ministry of" at its last capitalised word', () => {
    const names = (text: string, lang: Language) =>
      findActors(text, lang)
        .filter((a) => a.value.kind === 'organisation')
        .map((a) => a.value.name);
    expect(names('concerns to the Ministry of Migration on Tuesday about it', 'en')).toEqual([
      'Ministry of Migration',
    ]);
    expect(names('met the Ministry of the Interior and Police officials', 'en')).toEqual([
      'Ministry of the Interior and Police',
    ]);
    expect(names('al Ministerio del Interior de Marruecos durante', 'es')).toEqual([
      'Ministerio del Interior de Marruecos',
    ]);
    expect(names("au ministère de l'Intérieur le 2 avril", 'fr')).toEqual([
      "ministère de l'Intérieur",
    ]);
  });
});

describe('engagement proposals', () => {
  it('English: the host from beside its ministry, not from the dateline nor our side', () => {
    const text =
      'Ambassador raises pushbacks\nATHENS, 12 March 2024 — The German ambassador conveyed concerns to the Greek Ministry of Migration on Tuesday about pushbacks of asylum seekers at the border with Turkey.';
    const [p, ...more] = proposalsOf(text, 'en', 'engagement');
    expect(more).toEqual([]); // the headline repeats the sentence
    expect(values(p)).toEqual({
      post: 'EMB-XX',
      countryCode: 'GR',
      occurredOn: '2024-03-12',
      kind: 'demarche',
      counterpartOffice: 'Ministry of Migration',
      counterpartLevel: 'senior_official',
      topics: ['border_management', 'asylum_procedure'],
      concernsRaised: expect.stringMatching(/^The German ambassador conveyed/),
    });
    expect(spanText(text, p, 'countryCode')).toBe('Greek');
    expect(spanText(text, p, 'occurredOn')).toBe('on Tuesday');
    expect(p!.fields.find((f) => f.field === 'kind')!.rule).toBe('default:conveyed-concerns');
  });

  it('German: the office from a compound word, the level and kind from the lexicon', () => {
    const text =
      'Die Botschafterin hat am 12. März 2024 in einem Gespräch mit dem Staatssekretär im Innenministerium Besorgnis geäußert über Zurückweisungen.';
    expect(values(proposalsOf(text, 'de', 'engagement')[0])).toMatchObject({
      occurredOn: '2024-03-12',
      kind: 'meeting',
      counterpartOffice: 'Innenministerium',
      counterpartLevel: 'deputy_minister',
      topics: ['border_management'],
    });
  });

  it('Spanish and Polish: a named ministry and its country, a deputy minister', () => {
    expect(
      values(
        proposalsOf(
          'La embajadora expresó su preocupación al Ministerio del Interior de Marruecos durante una reunión el 11 de marzo de 2024 sobre las devoluciones en caliente.',
          'es',
          'engagement',
        )[0],
      ),
    ).toMatchObject({
      countryCode: 'MA',
      occurredOn: '2024-03-11',
      kind: 'meeting',
      counterpartOffice: 'Ministerio del Interior de Marruecos',
    });
    expect(
      values(
        proposalsOf(
          'Ambasador wyraził zaniepokojenie w rozmowie z wiceministrem spraw wewnętrznych Litwy 5 marca 2024 r. w sprawie push-backów na granicy z Białorusią.',
          'pl',
          'engagement',
        )[0],
      ),
    ).toMatchObject({
      countryCode: 'LT',
      occurredOn: '2024-03-05',
      kind: 'meeting',
      counterpartLevel: 'deputy_minister',
    });
  });

  it('leaves what the text does not say empty, for the reviewer to enter', () => {
    const [p] = proposalsOf('Officials expressed concern about the reports.', 'en', 'engagement');
    expect(values(p)).toMatchObject({ countryCode: null, counterpartOffice: null, topics: null });
    expect(p!.fields.find((f) => f.field === 'topics')).toMatchObject({
      span: null,
      confidence: 0,
      rule: 'not-found',
    });
  });
});

describe('directive proposals', () => {
  const text = `Reporting instruction on pushbacks
BRUSSELS, 1 March 2024 — The Directorate for Migration Affairs instructs all posts in Greece, Italy and Spain to report on pushbacks covering the period from 1 January to 30 June 2024. Posts are asked to submit their reports by 15 July 2024. Embassy Athens and the posts of the Europe and Eurasia bureau should also provide information on detention. Africa is not addressed.`;

  it('English: issuer, addressees by region, country and post, requirements, due date, period', () => {
    const [p] = proposalsOf(text, 'en', 'directive');
    expect(values(p)).toEqual({
      title: 'Reporting instruction on pushbacks',
      kind: 'migration_reporting',
      issuingOffice: 'Directorate for Migration Affairs',
      addressedRegions: ['EUR'],
      addressedCountries: ['GR', 'IT', 'ES'], // not Belgium, from the dateline
      addressedPosts: ['EMB-GR'],
      requirements: [
        expect.stringMatching(/^The Directorate for Migration Affairs instructs/),
        'Posts are asked to submit their reports by 15 July 2024.',
        expect.stringMatching(/^Embassy Athens and the posts/),
      ],
      dueOn: '2024-07-15',
      periodStart: '2024-01-01',
      periodEnd: '2024-06-30',
    });
    expect(spanText(text, p, 'dueOn')).toBe('15 July 2024');
    expect(spanText(text, p, 'addressedRegions')).toBe('Europe and Eurasia');
    expect(spanText(text, p, 'addressedPosts')).toBe('Embassy Athens');
  });

  it('German: day numbers do not cut the sentence; the due date after "bis zum"', () => {
    const de =
      'Weisung: Die Auslandsvertretungen werden gebeten, bis zum 30. April 2024 über Fälle von Menschenhandel im Zeitraum vom 1. Januar bis 31. März 2024 zu berichten.';
    expect(values(proposalsOf(de, 'de', 'directive')[0])).toMatchObject({
      dueOn: '2024-04-30',
      periodStart: '2024-01-01',
      periodEnd: '2024-03-31',
      requirements: [expect.stringMatching(/^Weisung: Die Auslandsvertretungen.*zu berichten\.$/)],
    });
  });

  it('Swedish: a year named as the period; without one, the year to date, at low confidence', () => {
    const sv =
      'Direktiv: Ambassaderna i Aten och Rom ombeds rapportera om sjöräddning under 2023. Rapporterna ska ha inkommit senast den 1 april 2024.';
    expect(values(proposalsOf(sv, 'sv', 'directive')[0])).toMatchObject({
      addressedCountries: ['GR', 'IT'],
      dueOn: '2024-04-01',
      periodStart: '2023-01-01',
      periodEnd: '2023-12-31',
    });
    const text =
      'Direktiv: ambassaderna ombeds rapportera om människohandel senast den 1 april 2024.';
    const x = extract(text, { language: 'sv', publishedOn: PUBLISHED, today: PUBLISHED });
    const p = propose({ text, language: 'sv' }, x).find((q) => q.kind === 'directive');
    expect(p!.fields.find((f) => f.field === 'periodStart')).toMatchObject({
      value: '2024-01-01',
      confidence: 0.2,
      rule: 'default:year-to-date',
    });
    expect(p!.fields.find((f) => f.field === 'periodEnd')!.value).toBe(PUBLISHED);
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
      'conveyed concerns to',
      'instructs all posts',
      'by 15 July 2026',
      'between 1 July and',
      'Europe and Eurasia',
      'Embassy Athens',
      'in 2025',
      'Ministry of the',
      '—',
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
        for (const p of propose({ text: t, language, postCode: 'EMB-GR' }, x, DIRECTORY))
          for (const f of p.fields) expect(ok(f.span)).toBe(true);
        for (const span of sentences(t)) {
          expect(ok(span)).toBe(true);
          expect(span.end).toBeGreaterThan(span.start);
        }
      }),
      { numRuns: 150 },
    );
  });
});
