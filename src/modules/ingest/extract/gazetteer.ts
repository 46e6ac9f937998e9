// The shipped gazetteer: every ISO 3166-1 country from the world-countries package under its
// English, official and translated names (German, French, Spanish, Swedish, Polish) and its
// alternative spellings, its capital, its demonyms, and a curated list of major cities and
// border towns (resources/cities.json). Matching is exact on whole words, longest name first, and
// wants a capital letter (so "turkey" the bird and Polish "mali" are not countries); Polish
// case endings of country names are generated because Polish inflects them ("w Polsce").
import { ISO_COUNTRIES as countries } from '../../../domain/isoCountries.ts';
import citiesFile from './resources/cities.json' with { type: 'json' };
import type { Found, Language, PlaceKind, PlaceValue } from './types.ts';

interface Entry {
  name: string;
  countryCode: string;
  kind: PlaceKind;
}

const TRANSLATIONS = ['deu', 'fra', 'spa', 'swe', 'pol'] as const;
/** Short alternative names worth matching although they are capitals-only acronyms. */
const ACRONYMS: Record<string, string> = {
  USA: 'US',
  UK: 'GB',
  UAE: 'AE',
  DRC: 'CD',
  EEUU: 'US',
  'EE.UU.': 'US',
  USA_: 'US',
};
/** Names that are far more often something else in news text. */
const SKIP = new Set([
  'mann',
  'van',
  'brest',
  'georgia',
  'jersey',
  'nice',
  'chad',
  'guinea',
  'mexico city',
]);

const POLISH_CASES: Record<string, string[]> = {
  Polska: ['Polsce', 'Polski', 'Polskę'],
  Niemcy: ['Niemczech', 'Niemiec'],
  Włochy: ['Włoszech', 'Włoch'],
  Węgry: ['Węgrzech', 'Węgier'],
  Czechy: ['Czechach', 'Czech'],
  'Stany Zjednoczone': ['Stanach Zjednoczonych', 'Stanów Zjednoczonych'],
};

function polishForms(name: string): string[] {
  if (POLISH_CASES[name]) return POLISH_CASES[name];
  if (name.includes(' ')) return [];
  if (/ia$/.test(name)) return [name.slice(0, -1) + 'i', name.slice(0, -1) + 'ę'];
  if (/[^i]a$/.test(name))
    return [name.slice(0, -1) + 'y', name.slice(0, -1) + 'ę', name.slice(0, -1) + 'ie'];
  if (/ś$/.test(name)) return [name.slice(0, -1) + 'si'];
  return [];
}

function buildEntries(): Entry[] {
  const out: Entry[] = [];
  const add = (name: string | undefined, countryCode: string, kind: PlaceKind) => {
    const n = name?.trim();
    if (!n || n.length < 3 || SKIP.has(n.toLowerCase())) return;
    out.push({ name: n, countryCode, kind });
  };
  for (const c of countries) {
    const code = c.cca2;
    add(c.name.common, code, 'country');
    add(c.name.official, code, 'country');
    for (const t of TRANSLATIONS) {
      const tr = c.translations[t];
      if (!tr) continue;
      add(tr.common, code, 'country');
      add(tr.official, code, 'country');
      if (t === 'pol') for (const f of polishForms(tr.common)) add(f, code, 'country');
    }
    for (const alt of c.altSpellings)
      if (alt.length >= 4 && alt !== alt.toUpperCase()) add(alt, code, 'country');
    for (const cap of c.capital ?? []) add(cap, code, 'capital');
    const dem = c.demonyms as Record<string, { f: string; m: string }> | undefined;
    for (const d of Object.values(dem ?? {})) {
      add(d.m, code, 'demonym');
      add(d.f, code, 'demonym');
      if (/[^s]$/.test(d.m)) add(`${d.m}s`, code, 'demonym');
    }
  }
  for (const [acr, code] of Object.entries(ACRONYMS))
    out.push({ name: acr.replace(/_$/, ''), countryCode: code, kind: 'country' });
  for (const [name, code, alts] of citiesFile.cities as [string, string, string[]][]) {
    add(name, code, 'city');
    for (const a of alts) add(a, code, 'city');
  }
  return out;
}

const KIND_RANK: Record<PlaceKind, number> = { country: 0, capital: 1, city: 2, demonym: 3 };

/** Names by their first word (lower case), longest first, one entry per name and country. */
const index = (() => {
  const byFirst = new Map<string, Entry[]>();
  const seen = new Set<string>();
  for (const e of buildEntries().sort((a, b) => KIND_RANK[a.kind] - KIND_RANK[b.kind])) {
    const key = `${e.name.toLowerCase()}|${e.countryCode}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const first = e.name.toLowerCase().split(/[\s\-']/)[0]!;
    const list = byFirst.get(first) ?? [];
    list.push(e);
    byFirst.set(first, list);
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.name.length - a.name.length);
  return byFirst;
})();

const CONFIDENCE: Record<PlaceKind, number> = {
  country: 0.9,
  capital: 0.8,
  city: 0.75,
  demonym: 0.5,
};
const isLetter = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
/** German and Swedish genitives ("Polens", "Sveriges" is a name of its own) and English 's. */
const SUFFIXES: Partial<Record<Language, RegExp>> = {
  de: /^(s|es)(?![\p{L}])/u,
  sv: /^s(?![\p{L}])/u,
};

/** Every country, capital, city and demonym named in the text, with its span. */
export function findPlaces(text: string, language: Language): Found<PlaceValue>[] {
  const found: Found<PlaceValue>[] = [];
  const word = /[\p{L}][\p{L}\p{M}]*/gu;
  let m: RegExpExecArray | null;
  let skipUntil = 0;
  while ((m = word.exec(text))) {
    const start = m.index;
    if (start < skipUntil || isLetter(text[start - 1])) continue;
    const lower = m[0].toLowerCase();
    const candidates =
      index.get(lower) ??
      (SUFFIXES[language]
        ? (index.get(lower.replace(/e?s$/, '')) ?? index.get(lower.slice(0, -1)))
        : undefined);
    if (!candidates) continue;
    for (const e of candidates) {
      const end = start + e.name.length;
      const written = text.slice(start, end);
      if (written.toLowerCase() !== e.name.toLowerCase()) continue;
      // Names are proper nouns; demonyms may be adjectives written in lower case (fr, es, pl, sv).
      if (e.kind !== 'demonym' && written[0] !== written[0]!.toUpperCase()) continue;
      let stop = end;
      if (isLetter(text[end])) {
        const suffix = SUFFIXES[language]?.exec(text.slice(end, end + 3));
        if (!suffix) continue;
        stop = end + suffix[0].length;
      }
      const ambiguous = candidates.some(
        (o) =>
          o !== e &&
          o.name.toLowerCase() === e.name.toLowerCase() &&
          o.countryCode !== e.countryCode,
      );
      found.push({
        value: { name: text.slice(start, stop), countryCode: e.countryCode, kind: e.kind },
        span: { start, end: stop },
        confidence: CONFIDENCE[e.kind] * (ambiguous ? 0.6 : 1),
        rule: `gazetteer:${e.kind}`,
      });
      skipUntil = stop;
      break;
    }
  }
  return found;
}

/** How many names the gazetteer knows (for the docs and tests). */
export const gazetteerSize = () => [...index.values()].reduce((n, l) => n + l.length, 0);
