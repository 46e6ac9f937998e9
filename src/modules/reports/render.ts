// From stored sections to a document model every exporter shares: paragraphs of runs (plain,
// bold, italic) and numbered footnotes resolved from the citation tokens. For a foreign
// audience, a sentence that rests on a record not releasable to foreign nationals is left out
// and the document says that something was withheld. Protected victim details are never read.
import {
  inlineRuns,
  paragraphsOf,
  parseCitations,
  segments,
  sentencesOf,
  type CitableType,
  type InlineRun,
} from '../../domain/citations.ts';
import { MARKINGS } from '../../domain/vocabularies.ts';
import type { ReportFigure } from './figures.ts';
import type { AssessmentFact, CitedIncident, EngagementFact, ObservationFact } from './queries.ts';

export type Audience = 'internal' | 'foreign';

export interface Run extends InlineRun {
  /** A footnote reference: the run's text is empty. */
  footnote?: number;
}

export interface RenderedParagraph {
  runs: Run[];
}

export interface RenderedSection {
  number: string;
  title: string;
  paragraphs: RenderedParagraph[];
}

export interface Footnote {
  n: number;
  text: string;
  /** The records it resolves to. */
  records: { type: CitableType; id: string; reference: string }[];
}

export interface RenderedReport {
  title: string;
  subtitle: string;
  synthetic: boolean;
  sections: RenderedSection[];
  footnotes: Footnote[];
  withheld: boolean;
  /** Charts drawn from the records the text cites; added for exports (see figures.ts). */
  figures?: ReportFigure[];
}

export interface CitedSource {
  id: string;
  publisher: string;
  title: string;
  url: string | null;
  publishedOn: string | null;
  synthetic: boolean;
}

export interface CitationIndex {
  incidents: Map<string, CitedIncident>;
  sources: Map<string, CitedSource>;
  engagements: Map<string, EngagementFact>;
  observations: Map<string, ObservationFact>;
  assessments: Map<string, AssessmentFact>;
}

const releasable = (marking: string) =>
  MARKINGS.find((m) => m.code === marking)?.foreignRelease ?? false;

function sourceLine(s: CitedSource): string {
  return [s.publisher, `“${s.title}”`, s.publishedOn, s.url].filter(Boolean).join(', ');
}

function describe(
  type: CitableType,
  ids: string[],
  index: CitationIndex,
): { text: string; records: Footnote['records']; synthetic: boolean } {
  if (type === 'incident') {
    const found = ids.map((id) => index.incidents.get(id)).filter((i) => i !== undefined);
    const synthetic = found.some((i) => i.synthetic || i.sources.some((s) => s.synthetic));
    const records = found.map((i) => ({ type, id: i.id, reference: i.reference }));
    if (found.length === 1) {
      const i = found[0]!;
      const src = i.sources.map(sourceLine).join('; ');
      return {
        text: `${i.reference}, “${i.title}” (verified incident record)${src ? `. Sources: ${src}` : ''}.`,
        records,
        synthetic,
      };
    }
    const shown = found.slice(0, 25).map((i) => i.reference);
    const more = found.length - shown.length;
    return {
      text: `Verified incident records ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''} (${found.length} in all).`,
      records,
      synthetic,
    };
  }
  if (type === 'source') {
    const found = ids.map((id) => index.sources.get(id)).filter((s) => s !== undefined);
    return {
      text: `${found.map(sourceLine).join('; ')}.`,
      records: found.map((s) => ({ type, id: s.id, reference: s.title })),
      synthetic: found.some((s) => s.synthetic),
    };
  }
  if (type === 'engagement') {
    const found = ids.map((id) => index.engagements.get(id)).filter((e) => e !== undefined);
    const text =
      found.length === 1
        ? `Engagement record of ${found[0]!.occurredOn} with ${found[0]!.counterpartOffice}.`
        : `Engagement records of ${found.map((e) => e.occurredOn).join(', ')} (${found.length} in all).`;
    return {
      text,
      records: found.map((e) => ({ type, id: e.id, reference: `engagement ${e.occurredOn}` })),
      synthetic: found.some((e) => e.synthetic),
    };
  }
  if (type === 'observation') {
    const found = ids.map((id) => index.observations.get(id)).filter((o) => o !== undefined);
    return {
      text: found
        .map(
          (o) =>
            `${o.publisher}, “${o.title}”, ${o.indicator}, ${o.period}${o.flags ? ` (flag: ${o.flags})` : ''}, ${o.url}` +
            (o.population
              ? `; population ${o.population.toLocaleString('en')} (${o.populationYear}, ${o.populationSource})`
              : ''),
        )
        .join('; ')
        .concat('.'),
      records: found.map((o) => ({
        type,
        id: o.id,
        reference: `${o.title}: ${o.indicator} ${o.period}`,
      })),
      synthetic: found.some((o) => o.synthetic),
    };
  }
  if (type === 'assessment') {
    const found = ids.map((id) => index.assessments.get(id)).filter((a) => a !== undefined);
    return {
      text: found
        .map(
          (a) => `Policy assessment (${a.framework}), ${a.periodStart} to ${a.periodEnd}, reviewed`,
        )
        .join('; ')
        .concat('.'),
      records: found.map((a) => ({ type, id: a.id, reference: `assessment ${a.periodStart}` })),
      synthetic: found.some((a) => a.synthetic),
    };
  }
  return { text: `${type} ${ids.join(', ')}.`, records: [], synthetic: false };
}

/** Whether every record a citation names may go to the audience. */
function citationAllowed(
  type: CitableType,
  ids: string[],
  index: CitationIndex,
  audience: Audience,
) {
  if (audience === 'internal') return true;
  const lookup =
    type === 'incident'
      ? index.incidents
      : type === 'engagement'
        ? index.engagements
        : type === 'assessment'
          ? index.assessments
          : undefined;
  // Sources and official statistics are published material.
  if (!lookup) return true;
  return ids.every((id) => {
    const record = lookup.get(id);
    return record !== undefined && releasable(record.marking);
  });
}

export function renderReport(
  meta: { title: string; subtitle: string },
  sections: { number: string; title: string; body: string }[],
  index: CitationIndex,
  audience: Audience,
): RenderedReport {
  const footnotes: Footnote[] = [];
  let synthetic = false;
  let withheld = false;
  const rendered = sections.map((section) => {
    const paragraphs: RenderedParagraph[] = [];
    for (const paragraph of paragraphsOf(section.body)) {
      const text = paragraph.trim();
      // A citation covers its sentence and the uncited sentences just before it: they are
      // kept or left out together.
      const kept: string[] = [];
      let pending: string[] = [];
      for (const sentence of sentencesOf(text)) {
        pending.push(sentence);
        const citations = parseCitations(sentence);
        if (citations.length === 0) continue;
        if (citations.every((c) => citationAllowed(c.type, c.ids, index, audience)))
          kept.push(...pending);
        else withheld = true;
        pending = [];
      }
      kept.push(...pending);
      if (kept.length === 0) continue;
      const runs: Run[] = [];
      for (const seg of segments(kept.join(' '))) {
        if (seg.kind === 'text') {
          runs.push(...inlineRuns(seg.text.replace(/\s*\n\s*/g, ' ')));
          continue;
        }
        const c = seg.citation!;
        const described = describe(c.type, c.ids, index);
        synthetic ||= described.synthetic;
        const n = footnotes.length + 1;
        footnotes.push({ n, text: described.text, records: described.records });
        runs.push({ text: '', footnote: n });
      }
      paragraphs.push({ runs });
    }
    return { number: section.number, title: section.title, paragraphs };
  });
  return { ...meta, synthetic, sections: rendered, footnotes, withheld };
}

/** The incident records a rendered report still cites (after anything withheld). */
export function citedIncidentsOf(rendered: RenderedReport, index: CitationIndex): CitedIncident[] {
  const ids = new Set(
    rendered.footnotes.flatMap((f) =>
      f.records.filter((r) => r.type === 'incident').map((r) => r.id),
    ),
  );
  return [...ids].map((id) => index.incidents.get(id)).filter((i) => i !== undefined);
}

/** Every citation in the texts, for loading what they resolve to. */
export function citationsIn(texts: string[]): Record<CitableType, string[]> {
  const found = new Map<CitableType, Set<string>>();
  for (const t of texts)
    for (const c of parseCitations(t)) {
      const set = found.get(c.type) ?? new Set<string>();
      for (const id of c.ids) set.add(id);
      found.set(c.type, set);
    }
  const list = (type: CitableType) => [...(found.get(type) ?? [])];
  return {
    incident: list('incident'),
    source: list('source'),
    engagement: list('engagement'),
    observation: list('observation'),
    assessment: list('assessment'),
  };
}

export const WITHHELD_NOTE =
  'Some content of this report is not included in this edition because the records it rests on are not releasable to foreign nationals.';
export const SYNTHETIC_MARK = 'SYNTHETIC DATA — NOT REAL RECORDS';
