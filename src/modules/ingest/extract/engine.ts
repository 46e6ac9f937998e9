// The extraction engine: text in, everything it can find out, each with span and confidence.
// Pure, deterministic and offline; it never throws on any text (property-tested), and a text
// in a language without a lexicon is not extracted at all (the caller says so).
import { findActors } from './actors.ts';
import { findDates, findPublicationDate } from './dates.ts';
import { findPlaces } from './gazetteer.ts';
import { findCodes, findTerms, LEXICONS } from './lexicon.ts';
import { findCounts } from './numbers.ts';
import { findQuotes } from './quotes.ts';
import type { Extraction, Found, Language, Span } from './types.ts';

export interface ExtractOptions {
  language: Language;
  /** The publication date given with the text (YYYY-MM-DD); found in the text otherwise. */
  publishedOn?: string | null;
  /** Today (YYYY-MM-DD): the reference when no publication date is known. */
  today: string;
}

/**
 * Sentence boundaries: end punctuation followed by space and then anything but a small letter,
 * or a line break. A full stop after a day number ("am 30. April") or a one-letter abbreviation
 * ("2026 r.", "J. Doe") ends no sentence.
 */
export function sentences(text: string): Span[] {
  const out: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    const part = text.slice(start, end);
    if (part.trim().length > 0) {
      const lead = part.length - part.trimStart().length;
      out.push({ start: start + lead, end: start + part.trimEnd().length });
    }
  };
  const boundary = /\n|[.!?]+(?=\s|$)/gu;
  let m: RegExpExecArray | null;
  while ((m = boundary.exec(text))) {
    if (m[0] !== '\n') {
      const next = /\S/u.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 20));
      if (next && /\p{Ll}/u.test(next[0])) continue;
      if (
        m[0] === '.' &&
        /(?:^|[\s(])(?:\d{1,2}|\p{L})$/u.test(text.slice(Math.max(0, m.index - 4), m.index))
      )
        continue;
    }
    const end = m[0] === '\n' ? m.index : m.index + m[0].length;
    push(end);
    start = m.index + m[0].length;
  }
  push(text.length);
  return out;
}

function sentencesWith(text: string, terms: readonly string[], rule: string): Found<string>[] {
  const hits = findTerms(text, terms);
  if (hits.length === 0) return [];
  return sentences(text)
    .filter((s) => hits.some((h) => h.start >= s.start && h.end <= s.end))
    .map((s) => {
      const n = hits.filter((h) => h.start >= s.start && h.end <= s.end).length;
      return {
        value: text.slice(s.start, s.end),
        span: s,
        confidence: Math.min(0.9, 0.5 + 0.2 * n),
        rule,
      };
    });
}

export function extract(text: string, options: ExtractOptions): Extraction {
  const { language } = options;
  const lex = LEXICONS[language];
  const publicationDate = options.publishedOn
    ? { value: options.publishedOn, span: { start: 0, end: 0 }, confidence: 1, rule: 'given' }
    : findPublicationDate(text, language, options.today);
  const reference = publicationDate?.value ?? options.today;
  return {
    language,
    publicationDate,
    dates: findDates(text, language, reference).filter(
      (d) =>
        !(
          publicationDate &&
          d.span.start === publicationDate.span.start &&
          d.span.end === publicationDate.span.end
        ),
    ),
    places: findPlaces(text, language),
    categories: findCodes(text, lex.categories, `lexicon:${language}`),
    topics: findCodes(text, lex.topics, `lexicon:${language}`),
    actors: findActors(text, language),
    quotes: findQuotes(text, language),
    counts: findCounts(text, language),
    engagements: sentencesWith(text, lex.engagement, `lexicon:${language}:engagement`),
    directives: sentencesWith(text, lex.directive, `lexicon:${language}:directive`),
  };
}
