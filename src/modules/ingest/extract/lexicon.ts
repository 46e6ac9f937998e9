// Per-language lexicons (resources/lexicons/<lang>.json): the words that signal each incident
// category and policy topic, the nouns that numbers count, speech verbs, titles of officials,
// organisation name patterns, the phrases of engagements and directives, and the words that tell
// an engagement's kind and counterpart level, a directive's kind, its due date ("by", "bis") and
// its reporting period ("covering", "zeitraum"). A term ending in
// `*` matches any ending (German and Polish inflect); a lone `*` stands for one word.
import de from './resources/lexicons/de.json' with { type: 'json' };
import en from './resources/lexicons/en.json' with { type: 'json' };
import es from './resources/lexicons/es.json' with { type: 'json' };
import fr from './resources/lexicons/fr.json' with { type: 'json' };
import pl from './resources/lexicons/pl.json' with { type: 'json' };
import sv from './resources/lexicons/sv.json' with { type: 'json' };
import type { Found, Language, Span } from './types.ts';

export interface Lexicon {
  categories: Record<string, string[]>;
  topics: Record<string, string[]>;
  countNouns: Record<string, string[]>;
  numberWords: Record<string, number>;
  vague: Record<string, number>;
  speechVerbs: string[];
  titles: string[];
  orgSuffixes: string[];
  orgPrefixes: string[];
  engagement: string[];
  directive: string[];
  directiveAsks: string[];
  /** Engagement kind code (domain/engagements.ts) → the words that show it. */
  engagementKinds: Record<string, string[]>;
  /** Counterpart level code → the titles and bodies that show it, most senior level first. */
  counterpartLevels: Record<string, string[]>;
  /** Words just before a date that make it a due date ("by", "no later than"). */
  dueCues: string[];
  /** Words just before a date that make it the reporting period ("covering", "between"). */
  periodCues: string[];
  /** Directive kind code (db/schema/directives.ts) → the words that show it. */
  directiveKinds: Record<string, string[]>;
  /** Words for a host government's offices: a place beside them is the government addressed. */
  government: string[];
  /** Words for the side conveying concerns ("ambassador", "embassy"): a place beside them is not addressed. */
  ownSide: string[];
  /**
   * Words right before a place that make it what the concerns are about ("border with",
   * "from"), not the government addressed.
   */
  subjectCues: string[];
}

export const LEXICONS: Record<Language, Lexicon> = { en, de, fr, es, sv, pl };

/** Policy topics a text may speak of (the starting set; codes stay stable once used). */
export const POLICY_TOPICS = [
  { code: 'asylum', label: 'Asylum and international protection' },
  { code: 'border_management', label: 'Border management and pushbacks' },
  { code: 'detention', label: 'Immigration detention' },
  { code: 'returns', label: 'Returns, deportation and readmission' },
  { code: 'anti_trafficking_law', label: 'Anti-trafficking law and action plans' },
  { code: 'victim_protection', label: 'Victim protection and assistance' },
  { code: 'labour_migration', label: 'Labour migration and recruitment' },
  { code: 'search_and_rescue', label: 'Search and rescue' },
  { code: 'hate_crime_law', label: 'Hate crime and hate speech law' },
  { code: 'child_protection', label: 'Protection of children on the move' },
] as const;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One term as a regular-expression source, with `*` as described above. */
export function termPattern(term: string): string {
  return term
    .trim()
    .split(/\s+/)
    .map((w) => (w === '*' ? "[\\p{L}\\p{N}'’-]+" : w.split('*').map(escape).join("[\\p{L}'’-]*")))
    .join('\\s+');
}

const cache = new Map<string, RegExp>();
/** A case-insensitive whole-word pattern matching any of the terms, longest first. */
export function termsRegex(terms: readonly string[]): RegExp {
  const key = terms.join('\u0000');
  let re = cache.get(key);
  if (!re) {
    const alts = [...terms].sort((a, b) => b.length - a.length).map(termPattern);
    re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alts.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
    cache.set(key, re);
  }
  re.lastIndex = 0;
  return re;
}

export function findTerms(text: string, terms: readonly string[]): Span[] {
  if (terms.length === 0) return [];
  return [...text.matchAll(termsRegex(terms))].map((m) => ({
    start: m.index,
    end: m.index + m[0].length,
  }));
}

/**
 * Each code of a term list (categories or topics) the text speaks of, once per mention. The
 * confidence grows with the number of mentions of that code: one word is a hint, three a theme.
 */
export function findCodes(
  text: string,
  lists: Record<string, string[]>,
  rule: string,
): Found<string>[] {
  const out: Found<string>[] = [];
  for (const [code, terms] of Object.entries(lists)) {
    const spans = findTerms(text, terms);
    const confidence = Math.min(0.95, 0.45 + 0.15 * spans.length);
    for (const span of spans) out.push({ value: code, span, confidence, rule });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
