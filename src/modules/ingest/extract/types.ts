// What the extraction engine hands back. Every item carries the span of text it came from
// (offsets into the document's text, end exclusive) and a confidence between 0 and 1, so a
// reviewer can see why it was proposed and weigh it.

export const SUPPORTED_LANGUAGES = ['en', 'de', 'fr', 'es', 'sv', 'pl'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

export interface Span {
  start: number;
  end: number;
}

export interface Found<T> {
  value: T;
  span: Span;
  /** 0–1: how sure the rule that found it is. */
  confidence: number;
  /** Which rule or list produced it, for the reviewer ("chrono", "gazetteer:capital"). */
  rule: string;
}

export interface DateValue {
  /** The matched words, as written. */
  text: string;
  start: string;
  end: string;
  precision: 'day' | 'week' | 'month' | 'year' | 'range';
}

export type PlaceKind = 'country' | 'capital' | 'city' | 'demonym';
export interface PlaceValue {
  name: string;
  countryCode: string;
  kind: PlaceKind;
}

export interface CountValue {
  /** The number as stated; for vague amounts ("dozens of") the smallest it can mean. */
  count: number;
  approximate: boolean;
  /** The noun counted, as written ("migrants"). */
  noun: string;
  /** What the count is of, in the vocabulary of incident records. */
  role: 'dead' | 'missing' | 'injured' | 'arrested' | 'victims' | 'persons';
}

export interface QuoteValue {
  statement: string;
  speaker: string | null;
}

export interface ActorValue {
  name: string;
  kind: 'organisation' | 'official';
}

export interface Extraction {
  language: Language;
  publicationDate: Found<string> | null;
  dates: Found<DateValue>[];
  places: Found<PlaceValue>[];
  categories: Found<string>[];
  topics: Found<string>[];
  actors: Found<ActorValue>[];
  quotes: Found<QuoteValue>[];
  counts: Found<CountValue>[];
  /** Sentences that describe a government conveying concerns to another. */
  engagements: Found<string>[];
  /** Sentences that describe a reporting directive. */
  directives: Found<string>[];
}
