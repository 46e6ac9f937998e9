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

/** Sentence boundaries: end punctuation followed by space and a capital, or a blank line. */
export function sentences(text: string): Span[] {
  const out: Span[] = [];
  const re = /[^.!?\n]+(?:[.!?]+(?=\s|$)|\n|$)/gu;
  for (const m of text.matchAll(re)) {
    if (m[0].trim().length === 0) continue;
    const lead = m[0].length - m[0].trimStart().length;
    out.push({ start: m.index + lead, end: m.index + m[0].trimEnd().length });
  }
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
