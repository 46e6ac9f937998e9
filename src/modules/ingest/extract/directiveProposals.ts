// A candidate directive, when the text describes one: who issued it, to which regions,
// countries and posts, what it asks them to do, the reporting period and when it is due. The
// fields are those of a directive record (src/modules/directives), so an accepted proposal
// becomes a draft directive. Regions and posts are recognised by name from a directory the
// caller passes (the database's bureaus and posts); without one only countries are found.
import {
  cuedBy,
  field,
  firstLine,
  longestCode,
  notFound,
  sentencesWithTerms,
  within,
  type DocumentFacts,
  type Proposal,
  type ProposedField,
} from './fields.ts';
import { findTerms, LEXICONS } from './lexicon.ts';
import type { DateValue, Extraction, Found, Span } from './types.ts';

export interface Directory {
  regions: readonly { code: string; name: string }[];
  posts: readonly { code: string; name: string; city: string | null }[];
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A region named alone as one word ("Africa") must be called a bureau or region to count. */
const REGION_CUE = /^\s+(?:bureau|region|posts)\b/iu;

function findRegions(text: string, ranges: Span[], directory: Directory) {
  const out: Found<string>[] = [];
  for (const region of directory.regions) {
    const re = new RegExp(`(?<![\\p{L}])${escape(region.name)}(?![\\p{L}])`, 'giu');
    for (const m of text.matchAll(re)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (!ranges.some((r) => within(span, r))) continue;
      const oneWord = !/\s/.test(region.name);
      if (oneWord && !REGION_CUE.test(text.slice(span.end, span.end + 12))) continue;
      out.push({
        value: region.code,
        span,
        confidence: oneWord ? 0.6 : 0.75,
        rule: 'directory:region',
      });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

function findPosts(text: string, ranges: Span[], directory: Directory) {
  const out: Found<string>[] = [];
  for (const post of directory.posts) {
    const names = [escape(post.name), escape(post.code)];
    if (post.city) names.push(`(?:the\\s+)?embassy\\s+in\\s+${escape(post.city)}`);
    const re = new RegExp(`(?<![\\p{L}])(?:${names.join('|')})(?![\\p{L}])`, 'giu');
    for (const m of text.matchAll(re)) {
      const span = { start: m.index, end: m.index + m[0].length };
      if (ranges.some((r) => within(span, r)))
        out.push({ value: post.code, span, confidence: 0.8, rule: 'directory:post' });
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

/**
 * Years named as a period in the directive's sentences ("in 2025", "im Jahr 2025", "za 2025
 * rok"). Only here: elsewhere a bare year is too often the year of a law or a statistic.
 */
function yearsIn(text: string, ranges: Span[], cues: readonly string[]): Found<DateValue>[] {
  const out: Found<DateValue>[] = [];
  for (const m of text.matchAll(
    /(?<![\p{L}\p{N}/.-])(19[89]\d|20\d\d)(?![\p{N}/-]|\.\d|\s*[-–]\s*\d)/gu,
  )) {
    const span = { start: m.index, end: m.index + m[0].length };
    if (!ranges.some((r) => within(span, r)) || !cuedBy(text, span.start, cues)) continue;
    out.push({
      value: { text: m[0], start: `${m[0]}-01-01`, end: `${m[0]}-12-31`, precision: 'year' },
      span,
      confidence: 0.6,
      rule: 'rule:period-year',
    });
  }
  return out;
}

/** A list field: the distinct values, the first one's span, the highest confidence. */
function listField(name: string, found: Found<string>[]): ProposedField {
  if (found.length === 0) return notFound(name);
  return field(name, { ...found[0]!, confidence: Math.max(...found.map((f) => f.confidence)) }, [
    ...new Set(found.map((f) => f.value)),
  ]);
}

export function proposeDirective(
  facts: DocumentFacts,
  x: Extraction,
  directory?: Directory,
): Proposal | null {
  if (x.directives.length === 0) return null;
  const text = facts.text;
  const lex = LEXICONS[x.language];
  const said = sentencesWithTerms(text, lex.directive);
  const asks = sentencesWithTerms(text, lex.directiveAsks);
  // What the directive says: the sentences that name it and those that ask something.
  const ranges = [...said, ...asks];
  const inside = (span: Span) => ranges.some((r) => within(span, r));
  const fields: ProposedField[] = [];

  const line = firstLine(text);
  const opening = said[0]!;
  fields.push(
    line && line.value.length <= 200
      ? field('title', line)
      : {
          field: 'title',
          value: text.slice(opening.start, Math.min(opening.end, opening.start + 200)),
          span: { start: opening.start, end: Math.min(opening.end, opening.start + 200) },
          confidence: 0.4,
          rule: 'first-directive-sentence',
        },
  );

  const kinds = lex.directiveKinds;
  const annual = longestCode(text, { annual_human_rights: kinds.annual_human_rights ?? [] });
  const counted = Object.entries(kinds)
    .map(([code, terms]) => ({ code, hits: findTerms(text, terms) }))
    .filter((k) => k.hits.length > 0)
    .sort((a, b) => b.hits.length - a.hits.length);
  const kind = annual ?? (counted[0] ? { code: counted[0].code, span: counted[0].hits[0]! } : null);
  fields.push(
    kind
      ? { field: 'kind', value: kind.code, span: kind.span, confidence: 0.6, rule: 'lexicon:kind' }
      : { field: 'kind', value: 'other', span: null, confidence: 0.3, rule: 'default' },
  );

  const organisations = x.actors.filter((a) => a.value.kind === 'organisation');
  const issuer =
    organisations.find((a) => inside(a.span)) ?? organisations[0] ?? x.actors[0] ?? null;
  fields.push(
    issuer
      ? field(
          'issuingOffice',
          { ...issuer, confidence: issuer.confidence * (inside(issuer.span) ? 0.9 : 0.6) },
          issuer.value.name,
        )
      : notFound('issuingOffice'),
  );

  const posts = directory ? findPosts(text, ranges, directory) : [];
  const regions = directory ? findRegions(text, ranges, directory) : [];
  const countries = x.places
    .filter(
      (p) =>
        p.value.kind !== 'demonym' &&
        inside(p.span) &&
        !posts.some((q) => within(p.span, q.span)) &&
        !regions.some((q) => within(p.span, q.span)),
    )
    .map((p) => ({ ...p, value: p.value.countryCode, confidence: p.confidence * 0.75 }));
  fields.push(
    listField('addressedRegions', regions),
    listField('addressedCountries', countries),
    listField('addressedPosts', posts),
  );

  fields.push(
    asks.length
      ? {
          field: 'requirements',
          value: asks.map((s) => text.slice(s.start, s.end).slice(0, 500)),
          span: asks[0]!,
          confidence: 0.6,
          rule: 'lexicon:asks',
        }
      : notFound('requirements'),
  );

  // Dates said in the directive's sentences (else anywhere): the one after "by" / "bis" /
  // "senast" is the due date; a period ("1 January to 30 June", "in the first half of 2026"),
  // one after "covering" / "zeitraum", or a year after "in" / "im Jahr" / "za" is the reporting
  // period.
  const reference = x.publicationDate?.value ?? '';
  const near = x.dates.filter((d) => inside(d.span));
  const dates = near.length ? near : x.dates;
  const cuedDue =
    near.find((d) => cuedBy(text, d.span.start, lex.dueCues)) ??
    x.dates.find((d) => cuedBy(text, d.span.start, lex.dueCues));
  const due: Found<DateValue> | undefined = cuedDue
    ? { ...cuedDue, confidence: Math.max(cuedDue.confidence, 0.8), rule: `${cuedDue.rule}+due` }
    : (() => {
        const later = [...dates].reverse().find((d) => d.value.end > reference);
        return later ? { ...later, confidence: later.confidence * 0.6 } : undefined;
      })();
  fields.push(due ? field('dueOn', due, due.value.end) : notFound('dueOn'));

  const candidates = dates.filter((d) => d.span.start !== due?.span.start);
  const period =
    candidates.find(
      (d) => d.value.precision !== 'day' || cuedBy(text, d.span.start, lex.periodCues),
    ) ??
    yearsIn(text, ranges, lex.periodCues)[0] ??
    null;
  if (period) {
    fields.push(field('periodStart', period, period.value.start));
    fields.push(field('periodEnd', period, period.value.end));
  } else if (reference) {
    // Unstated: the year so far, for the reviewer to confirm or correct.
    const f = { value: '', span: null, confidence: 0.2, rule: 'default:year-to-date' };
    fields.push({ ...f, field: 'periodStart', value: `${reference.slice(0, 4)}-01-01` });
    fields.push({ ...f, field: 'periodEnd', value: reference });
  } else fields.push(notFound('periodStart'), notFound('periodEnd'));
  return { kind: 'directive', fields };
}
