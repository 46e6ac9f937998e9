// Proposed records built from an extraction: a source record, a candidate incident, candidate
// engagements (a government conveying concerns to another) and a candidate directive. Each
// field keeps the span it came from and a confidence; nothing here is saved, and whatever is
// saved from it is a draft until a person accepts it field by field.
import { proposeDirective, type Directory } from './directiveProposals.ts';
import { proposeEngagements } from './engagementProposals.ts';
import { sentences } from './engine.ts';
import {
  field,
  firstLine,
  given,
  type DocumentFacts,
  type Proposal,
  type ProposedField,
} from './fields.ts';
import type { Extraction, Found } from './types.ts';

export type { DocumentFacts, Proposal, ProposalKind, ProposedField } from './fields.ts';
export type { Directory } from './directiveProposals.ts';
export { proposeDirective, proposeEngagements };

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

/** Every proposal for a document; only the source when extraction did not run. */
export function propose(
  facts: DocumentFacts,
  x: Extraction | null,
  directory?: Directory,
): Proposal[] {
  const out: Proposal[] = [proposeSource(facts, x)];
  if (!x) return out;
  const incident = proposeIncident(facts, x);
  if (incident) out.push(incident);
  out.push(...proposeEngagements(facts, x));
  const directive = proposeDirective(facts, x, directory);
  if (directive) out.push(directive);
  return out;
}
