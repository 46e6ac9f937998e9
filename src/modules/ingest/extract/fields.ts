// What every proposal is made of: fields, each with its value, the span of text it came from,
// a confidence and the rule that produced it; and small helpers the proposal builders share.
import { sentences } from './engine.ts';
import { findTerms, termPattern } from './lexicon.ts';
import type { Found, Span } from './types.ts';

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
  /** The post the text was read in for (its code): an engagement's post unless the reviewer chooses another. */
  postCode?: string | null;
}

export const round = (n: number) => Math.round(n * 100) / 100;

export const field = (
  name: string,
  f: Found<unknown>,
  value: unknown = f.value,
): ProposedField => ({
  field: name,
  value,
  span: f.span,
  confidence: round(f.confidence),
  rule: f.rule,
});

export const given = (name: string, value: unknown): ProposedField => ({
  field: name,
  value,
  span: null,
  confidence: 1,
  rule: 'given',
});

/**
 * A field the record needs that the text did not give: shown empty so that the reviewer can
 * enter it with the same keys, and named when the proposal is accepted without it.
 */
export const notFound = (name: string): ProposedField => ({
  field: name,
  value: null,
  span: null,
  confidence: 0,
  rule: 'not-found',
});

export function firstLine(text: string): Found<string> | null {
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

/**
 * Where a sentence's own words begin: after a dateline ("ATHENS, 10 March 2026 — "), whose
 * place names the place of writing, not the parties. A dateline is a short opening part before
 * a dash that holds a figure or a word in capitals.
 */
export function bodyOf(text: string, s: Span): Span {
  const head = text.slice(s.start, Math.min(s.end, s.start + 80));
  const dash = /\s[—–]\s|\s--?\s/u.exec(head);
  if (!dash) return s;
  const before = head.slice(0, dash.index);
  const short = before.trim().split(/\s+/).length <= 8;
  if (short && (/\d/.test(before) || /\b\p{Lu}{3,}\b/u.test(before) || /\)$/.test(before)))
    return { start: s.start + dash.index + dash[0].length, end: s.end };
  return s;
}

export const within = (inner: Span, outer: Span) =>
  inner.start >= outer.start && inner.end <= outer.end;

/**
 * The code whose terms match, the longest match winning (so "deputy minister" beats
 * "minister"), the earliest among equals; with the span matched.
 */
export function longestCode(
  text: string,
  lists: Record<string, readonly string[]>,
  range: Span = { start: 0, end: text.length },
): { code: string; span: Span } | null {
  let best: { code: string; span: Span } | null = null;
  const part = text.slice(range.start, range.end);
  for (const [code, terms] of Object.entries(lists))
    for (const hit of findTerms(part, terms)) {
      const span = { start: range.start + hit.start, end: range.start + hit.end };
      const length = span.end - span.start;
      const bestLength = best ? best.span.end - best.span.start : -1;
      if (length > bestLength || (length === bestLength && best && span.start < best.span.start))
        best = { code, span };
    }
  return best;
}

/**
 * The first code, in the lists' order, whose terms match: for lists ordered most specific
 * first (a deputy minister before a minister before a ministry), with the span matched.
 */
export function firstCode(
  text: string,
  lists: Record<string, readonly string[]>,
  range: Span = { start: 0, end: text.length },
): { code: string; span: Span } | null {
  const part = text.slice(range.start, range.end);
  for (const [code, terms] of Object.entries(lists)) {
    const hit = findTerms(part, terms)[0];
    if (hit) return { code, span: { start: range.start + hit.start, end: range.start + hit.end } };
  }
  return null;
}

/** Whether the words just before `at` end with one of the cues ("by", "no later than"). */
export function cuedBy(text: string, at: number, cues: readonly string[]): boolean {
  if (cues.length === 0) return false;
  const before = text.slice(Math.max(0, at - 40), at);
  const alternatives = [...cues].sort((a, b) => b.length - a.length).map(termPattern);
  return new RegExp(`(?<![\\p{L}])(?:${alternatives.join('|')})[\\s,:]*$`, 'iu').test(before);
}

/** The sentences in which any of the terms occurs, with their dateline taken off. */
export function sentencesWithTerms(text: string, terms: readonly string[]): Span[] {
  const hits = findTerms(text, terms);
  return sentences(text)
    .filter((s) => hits.some((h) => within(h, s)))
    .map((s) => bodyOf(text, s));
}
