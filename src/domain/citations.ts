// Citation tokens in report text. A token names the records a sentence rests on:
// [[cite:incident:<uuid>,<uuid>]] or [[cite:source:<uuid>]]. Tokens are plain text, so they stay
// attached to their sentence through any edit; on export each becomes a numbered footnote.

export const CITABLE_TYPES = [
  'incident',
  'source',
  'engagement',
  'observation',
  'assessment',
] as const;
export type CitableType = (typeof CITABLE_TYPES)[number];

export interface Citation {
  type: CitableType;
  ids: string[];
  /** Where the token sits in the text. */
  start: number;
  end: number;
}

const TOKEN = /\[\[cite:([a-z]+):([A-Za-z0-9_,.-]+)\]\]/g;

export function citationToken(type: CitableType, ids: readonly string[]): string {
  return `[[cite:${type}:${ids.join(',')}]]`;
}

export function parseCitations(text: string): Citation[] {
  const found: Citation[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const type = m[1] as CitableType;
    if (!CITABLE_TYPES.includes(type)) continue;
    found.push({
      type,
      ids: m[2]!.split(',').filter(Boolean),
      start: m.index,
      end: m.index + m[0].length,
    });
  }
  return found;
}

/** Every record a text cites, by type, without repeats. */
export function citedRecords(text: string): Map<CitableType, Set<string>> {
  const out = new Map<CitableType, Set<string>>();
  for (const c of parseCitations(text)) {
    const set = out.get(c.type) ?? new Set<string>();
    for (const id of c.ids) set.add(id);
    out.set(c.type, set);
  }
  return out;
}

export interface Segment {
  kind: 'text' | 'citation';
  text: string;
  citation?: Citation;
}

/** The text cut into plain runs and citations, in order, for renderers. */
export function segments(text: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  for (const c of parseCitations(text)) {
    if (c.start > at) out.push({ kind: 'text', text: text.slice(at, c.start) });
    out.push({ kind: 'citation', text: text.slice(c.start, c.end), citation: c });
    at = c.end;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

export function stripCitations(text: string): string {
  return text.replace(TOKEN, '');
}

/** Text paragraphs of a section body (blank lines separate them). */
export function paragraphsOf(body: string): string[] {
  return body.split(/\n\s*\n/).filter((p) => p.trim());
}

/** Sentences, each ending with the citation tokens that follow its full stop. */
export function sentencesOf(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?](?:\[\[cite:[^\]]+\]\])*)\s+(?=\S)/);
}

export interface InlineRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

/** Bold (**…**) and italic (_…_) inside a plain run; everything else is literal text. */
export function inlineRuns(text: string): InlineRun[] {
  const runs: InlineRun[] = [];
  const pattern = /\*\*([^*]+)\*\*|(?<![\w])_([^_]+)_(?![\w])/g;
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    if (m.index > at) runs.push({ text: text.slice(at, m.index) });
    if (m[1] !== undefined) runs.push({ text: m[1], bold: true });
    else runs.push({ text: m[2]!, italic: true });
    at = m.index + m[0].length;
  }
  if (at < text.length) runs.push({ text: text.slice(at) });
  return runs;
}

export interface FigureWarning {
  paragraph: number;
  sentence: string;
  message: string;
}

// A figure: digits that are not a year (1900–2099) or part of a date, or a number written out.
const FIGURE =
  /\b(?!(?:19|20)\d\d\b)\d[\d,.]*\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?)\b/i;
const DATE_NUMBER =
  /\b\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b/gi;

/**
 * Sentences that state a figure but cite nothing: the editor shows these as warnings, since
 * every figure in a report must rest on records. Headings and list markers are not sentences.
 */
export function uncitedFigures(markdown: string): FigureWarning[] {
  const warnings: FigureWarning[] = [];
  paragraphsOf(markdown).forEach((paragraph, index) => {
    if (/^\s*#/.test(paragraph)) return;
    for (const sentence of sentencesOf(paragraph)) {
      const plain = stripCitations(sentence).replace(DATE_NUMBER, '');
      if (!FIGURE.test(plain)) continue;
      if (parseCitations(sentence).length > 0) continue;
      warnings.push({
        paragraph: index,
        sentence: sentence.trim(),
        message: 'This sentence states a figure but cites no record.',
      });
    }
  });
  return warnings;
}
