// Proposed records built from an extraction: a source record, a candidate incident, candidate
// engagements (a government conveying concerns to another) and a candidate directive. Each
// field keeps the span it came from and a confidence; nothing here is saved, and whatever is
// saved from it is a draft until a person accepts it field by field.
import type { Extraction, Found, Span } from './types.ts';
import { sentences } from './engine.ts';
import { findTerms, LEXICONS } from './lexicon.ts';

export interface ProposedField {
  field: string;
  value: unknown;
  span: Span | null;
  confidence: number;
  rule: string;
}

export type ProposalKind = 'source' | 'incident' | 'engagement' | 'directive';
export interface Proposal {
  kind: ProposalKind;
  fields: ProposedField[];
}

export interface DocumentFacts {
  text: string;
  title?: string | null;
  publisher?: string | null;
  url?: string | null;
  publishedOn?: string | null;
  language: string | null;
}

const field = (name: string, f: Found<unknown>, value: unknown = f.value): ProposedField => ({
  field: name,
  value,
  span: f.span,
  confidence: Math.round(f.confidence * 100) / 100,
  rule: f.rule,
});
const given = (name: string, value: unknown): ProposedField => ({
  field: name,
  value,
  span: null,
  confidence: 1,
  rule: 'given',
});

function firstLine(text: string): Found<string> | null {
  const m = /\S[^\n]*/.exec(text);
  if (!m) return null;
  const line = m[0].trim().slice(0, 300);
  return {
    value: line,
    span: { start: m.index, end: m.index + line.length },
    confidence: 0.5,
    rule: 'first-line',
  };
}

export function proposeSource(facts: DocumentFacts, x: Extraction | null): Proposal {
  const fields: ProposedField[] = [];
  const title = facts.title ? null : firstLine(facts.text);
  fields.push(
    facts.title
      ? given('title', facts.title)
      : title
        ? field('title', title)
        : given('title', 'Untitled text'),
  );
  if (facts.publisher) fields.push(given('publisher', facts.publisher));
  if (facts.url) fields.push(given('url', facts.url));
  if (facts.publishedOn) fields.push(given('publishedOn', facts.publishedOn));
  else if (x?.publicationDate) fields.push(field('publishedOn', x.publicationDate));
  if (facts.language)
    fields.push({
      field: 'language',
      value: facts.language,
      span: null,
      confidence: 0.9,
      rule: 'franc',
    });
  return { kind: 'source', fields };
}

/** The country the text is about: names count fully, cities and capitals nearly, demonyms little. */
export function mainCountry(
  x: Extraction,
): { code: string; confidence: number; first: Found<unknown> } | null {
  const weight = { country: 1, capital: 0.9, city: 0.9, demonym: 0.3 } as const;
  const scores = new Map<string, number>();
  for (const p of x.places)
    scores.set(
      p.value.countryCode,
      (scores.get(p.value.countryCode) ?? 0) + weight[p.value.kind] * p.confidence,
    );
  const ranked = [...scores.entries()].sort((a, b) => b[1] - a[1]);
  const top = ranked[0];
  if (!top) return null;
  const total = ranked.reduce((n, [, s]) => n + s, 0);
  const first = x.places.find((p) => p.value.countryCode === top[0])!;
  return {
    code: top[0],
    confidence: Math.round(Math.min(0.95, 0.4 + 0.55 * (top[1] / total)) * 100) / 100,
    first,
  };
}

/** Categories ranked by mentions; a category mentioned once beside a dominant one is kept. */
export function rankedCategories(
  found: Found<string>[],
): { codes: string[]; first: Found<string> } | null {
  if (found.length === 0) return null;
  const counts = new Map<string, number>();
  for (const f of found) counts.set(f.value, (counts.get(f.value) ?? 0) + 1);
  const codes = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c]) => c);
  return { codes, first: found.find((f) => f.value === codes[0])! };
}

export function proposeIncident(facts: DocumentFacts, x: Extraction): Proposal | null {
  const cats = rankedCategories(x.categories);
  if (!cats) return null;
  const fields: ProposedField[] = [];
  const first = sentences(facts.text).find((s) => s.end - s.start > 20);
  if (first) {
    const title = facts.text.slice(first.start, Math.min(first.end, first.start + 200));
    fields.push({
      field: 'title',
      value: title,
      span: { start: first.start, end: first.start + title.length },
      confidence: 0.5,
      rule: 'first-sentence',
    });
  }
  fields.push(
    field(
      'categories',
      {
        ...cats.first,
        confidence: Math.max(
          ...x.categories.filter((c) => cats.codes.includes(c.value)).map((c) => c.confidence),
        ),
      },
      cats.codes,
    ),
  );
  const reference = x.publicationDate?.value;
  // The event is usually the first past date the text names; failing that, the day of publication.
  const when = x.dates.find((d) => !reference || d.value.start <= reference);
  if (when) {
    fields.push(field('occurredStart', when, when.value.start));
    fields.push(field('occurredEnd', when, when.value.end));
    fields.push(field('datePrecision', when, when.value.precision));
  } else if (x.publicationDate) {
    const f = { ...x.publicationDate, confidence: 0.3, rule: 'publication-date' };
    fields.push(
      field('occurredStart', f),
      field('occurredEnd', f),
      field('datePrecision', f, 'day'),
    );
  }
  const country = mainCountry(x);
  if (country) {
    fields.push(
      field('countryCode', { ...country.first, confidence: country.confidence }, country.code),
    );
    const place = x.places.find(
      (p) =>
        p.value.countryCode === country.code &&
        (p.value.kind === 'city' || p.value.kind === 'capital'),
    );
    if (place) fields.push(field('placeName', place, place.value.name));
  }
  for (const role of ['dead', 'missing', 'injured', 'arrested', 'victims'] as const) {
    const c = x.counts.find((n) => n.value.role === role);
    if (c) fields.push(field(`${role}Count`, c, c.value.count));
  }
  const persons = x.counts.find((n) => n.value.role === 'persons');
  if (persons && !fields.some((f) => f.field === 'victimsCount'))
    fields.push(field('personsCount', persons, persons.value.count));
  return { kind: 'incident', fields };
}

function countriesIn(x: Extraction, span: Span) {
  return x.places.filter((p) => p.span.start >= span.start && p.span.end <= span.end);
}

export function proposeEngagements(x: Extraction): Proposal[] {
  return x.engagements.map((e) => {
    const fields: ProposedField[] = [field('summary', e)];
    const places = countriesIn(x, e.span);
    // "The German ambassador conveyed concerns to the Greek government": the first country
    // named is the one conveying, the next another the one addressed.
    const from = places[0];
    const to = places.find((p) => p.value.countryCode !== from?.value.countryCode);
    if (from && to) {
      fields.push(field('fromCountry', from, from.value.countryCode));
      fields.push(field('toCountry', to, to.value.countryCode));
    } else if (from)
      fields.push(
        field('toCountry', { ...from, confidence: from.confidence * 0.6 }, from.value.countryCode),
      );
    const when =
      x.dates.find((d) => d.span.start >= e.span.start && d.span.end <= e.span.end) ?? x.dates[0];
    if (when) fields.push(field('date', when, when.value.start));
    else if (x.publicationDate)
      fields.push(field('date', { ...x.publicationDate, confidence: 0.3 }));
    const topics = [...x.categories, ...x.topics].filter(
      (t) => t.span.start >= e.span.start && t.span.end <= e.span.end,
    );
    if (topics.length)
      fields.push(field('topics', topics[0]!, [...new Set(topics.map((t) => t.value))]));
    return { kind: 'engagement' as const, fields };
  });
}

export function proposeDirective(facts: DocumentFacts, x: Extraction): Proposal | null {
  if (x.directives.length === 0) return null;
  const first = x.directives[0]!;
  const fields: ProposedField[] = [field('summary', first)];
  const issuer = x.actors.find((a) => a.value.kind === 'organisation') ?? x.actors[0];
  if (issuer)
    fields.push(
      field('issuedBy', { ...issuer, confidence: issuer.confidence * 0.7 }, issuer.value.name),
    );
  const addressed = x.places.filter((p) =>
    x.directives.some((d) => p.span.start >= d.span.start && p.span.end <= d.span.end),
  );
  if (addressed.length)
    fields.push(
      field('addressedTo', addressed[0]!, [...new Set(addressed.map((p) => p.value.countryCode))]),
    );
  const asks = sentences(facts.text).filter(
    (s) =>
      findTerms(facts.text.slice(s.start, s.end), LEXICONS[x.language].directiveAsks).length > 0,
  );
  if (asks[0])
    fields.push({
      field: 'asks',
      value: asks.map((s) => facts.text.slice(s.start, s.end)),
      span: asks[0],
      confidence: 0.6,
      rule: 'lexicon:asks',
    });
  const reference = x.publicationDate?.value ?? '';
  const due = [...x.dates].reverse().find((d) => d.value.end > reference);
  if (due) fields.push(field('dueOn', due, due.value.end));
  return { kind: 'directive', fields };
}

/** Every proposal for a document; only the source when extraction did not run. */
export function propose(facts: DocumentFacts, x: Extraction | null): Proposal[] {
  const out: Proposal[] = [proposeSource(facts, x)];
  if (!x) return out;
  const incident = proposeIncident(facts, x);
  if (incident) out.push(incident);
  out.push(...proposeEngagements(x));
  const directive = proposeDirective(facts, x);
  if (directive) out.push(directive);
  return out;
}
