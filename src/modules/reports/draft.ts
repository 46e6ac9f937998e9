// The generated draft of a country report: the migration-related paragraphs of each section,
// from verified records only. Every figure and every example carries a citation token naming
// the records behind it; a count below the suppression threshold is never printed ("fewer
// than 5"). Pure: the service reads the records and hands them in.
import { citationToken } from '../../domain/citations.ts';
import { INCIDENT_CATEGORIES } from '../../domain/vocabularies.ts';
import { ENGAGEMENT_KINDS, HOST_STANCES } from '../../domain/engagements.ts';
import type {
  AssessmentFact,
  EngagementFact,
  ObservationFact,
  VerifiedIncident,
} from './queries.ts';

export interface SectionTemplate {
  number: string;
  title: string;
  /** Incident categories whose verified records this section reports. */
  categories: readonly string[];
  /** Official statistics placed here, by what the dataset counts. */
  statistics?: readonly string[];
  /** The post's engagements with the host government and its policy assessments. */
  engagement?: boolean;
}

/**
 * The section structure of the annual Country Reports on Human Rights Practices (see
 * DATA-STANDARDS.md), with the migration-related categories placed where they belong.
 */
export const DEFAULT_STRUCTURE: readonly SectionTemplate[] = [
  {
    number: '1',
    title: 'Respect for the Integrity of the Person',
    categories: [
      'sexual_violence',
      'violent_crime_other',
      'criminal_network',
      'drug_trafficking_route',
    ],
  },
  {
    number: '2',
    title: 'Respect for Civil Liberties (including protection of refugees and migrants)',
    categories: ['abuse_in_transit', 'migrant_smuggling', 'state_instrumentalised_migration'],
    statistics: ['applications', 'decisions', 'detections', 'deaths'],
    engagement: true,
  },
  { number: '3', title: 'Freedom to Participate in the Political Process', categories: [] },
  { number: '4', title: 'Corruption and Lack of Transparency in Government', categories: [] },
  {
    number: '5',
    title:
      'Governmental Posture Towards International and Nongovernmental Investigation of Alleged Abuses of Human Rights',
    categories: [],
  },
  {
    number: '6',
    title: 'Discrimination and Societal Abuses',
    categories: [
      'trafficking',
      'child_trafficking',
      'sexual_exploitation_organised',
      'antisemitic_attack',
      'anti_christian_attack',
      'bias_attack_other',
    ],
    statistics: ['victims', 'referrals'],
  },
  { number: '7', title: 'Worker Rights', categories: ['forced_labour'] },
];

export const PLACEHOLDER =
  '_This section is written by the post and the regional bureau. It has no generated content._';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "On 12 March 2025", "In March 2025" or "Between 3 and 9 March 2025", by the date's precision. */
export function whenPhrase(
  i: Pick<VerifiedIncident, 'occurredStart' | 'occurredEnd' | 'datePrecision'>,
): string {
  const [y, m, d] = i.occurredStart.split('-').map(Number) as [number, number, number];
  const month = MONTHS[m - 1]!;
  if (i.datePrecision === 'year') return `In ${y}`;
  if (i.datePrecision === 'month') return `In ${month} ${y}`;
  if (i.occurredEnd !== i.occurredStart) {
    const [y2, m2, d2] = i.occurredEnd.split('-').map(Number) as [number, number, number];
    return `Between ${d} ${month} ${y} and ${d2} ${MONTHS[m2 - 1]} ${y2}`;
  }
  return `On ${d} ${month} ${y}`;
}

const label = (code: string) => INCIDENT_CATEGORIES.find((c) => c.code === code)?.label ?? code;

export interface DraftInput {
  countryName: string;
  year: number;
  incidents: readonly VerifiedIncident[];
  suppressionThreshold: number;
  engagements?: readonly EngagementFact[];
  statistics?: readonly ObservationFact[];
  assessments?: readonly AssessmentFact[];
  /** How many examples per category. */
  examples?: number;
}

/** The generated body of one section. */
const generates = (t: SectionTemplate) =>
  t.categories.length > 0 || (t.statistics?.length ?? 0) > 0 || t.engagement === true;

const clip = (text: string, max = 300) => {
  const t = text
    .trim()
    .replace(/\s+/g, ' ')
    .replace(/[.\s]+$/, '');
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** A figure as printed: below the threshold it is never shown. */
function figure(value: number, threshold: number): string {
  return value < threshold ? `fewer than ${threshold}` : value.toLocaleString('en');
}

function statisticsParagraphs(template: SectionTemplate, input: DraftInput): string[] {
  const wanted = template.statistics ?? [];
  return (input.statistics ?? [])
    .filter((o) => wanted.includes(o.counted))
    .slice(0, 5)
    .map((o) => {
      const value = Number(o.value);
      const cite = citationToken('observation', [o.id]);
      let rate = '';
      if (o.population && value >= input.suppressionThreshold)
        rate = ` That is ${((value / o.population) * 100_000).toFixed(1)} per 100,000 residents (population ${o.population.toLocaleString('en')} in ${o.populationYear}, ${o.populationSource}).${cite}`;
      return (
        `**Official statistics.** ${o.publisher} (${o.title}) reports ${figure(value, input.suppressionThreshold)} for “${o.indicator}” in ${o.period}; it counts ${o.countedDescription}.${cite}` +
        rate +
        ` The publisher's caveats: ${clip(o.caveats, 400)}.${cite}`
      );
    });
}

function engagementParagraphs(input: DraftInput): string[] {
  const paragraphs: string[] = [];
  const list = input.engagements ?? [];
  if (list.length > 0) {
    const lines = [
      `**Engagement with the government.** The post recorded ${figure(list.length, input.suppressionThreshold)} ${list.length === 1 ? 'engagement' : 'engagements'} with the host government on these matters in ${input.year}.${citationToken(
        'engagement',
        list.map((e) => e.id),
      )}`,
    ];
    for (const e of list.slice(0, 5)) {
      const kind = ENGAGEMENT_KINDS.find((k) => k.code === e.kind)?.label ?? e.kind;
      const stance = HOST_STANCES.find((h) => h.code === e.stance)?.label ?? e.stance;
      const [y, m, d] = e.occurredOn.split('-').map(Number) as [number, number, number];
      const conveyed = e.concernsRaised ? ` the post raised: ${clip(e.concernsRaised)}` : '';
      const response = e.responseSummary ? ` The response: ${clip(e.responseSummary)}` : '';
      lines.push(
        `On ${d} ${MONTHS[m - 1]} ${y} (${kind.toLowerCase()}, ${clip(e.counterpartOffice, 120)})${conveyed || ' the post engaged the host government'}.${response ? `${response}.` : ''} Host stance: ${stance.toLowerCase()}.${citationToken('engagement', [e.id])}`,
      );
    }
    paragraphs.push(lines.join(' '));
  }
  for (const a of input.assessments ?? []) {
    const rated = a.ratings.filter((r) => r.label);
    const findings = rated
      .map((r) => `${clip(r.question, 120)}: ${r.label!.toLowerCase()}`)
      .join('; ');
    paragraphs.push(
      `**Policy assessment.** The post's reviewed assessment against the ${a.framework} framework for ${a.periodStart} to ${a.periodEnd}${findings ? ` found: ${findings}` : ''}.${citationToken('assessment', [a.id])}` +
        (a.summary ? ` ${clip(a.summary, 500)}.${citationToken('assessment', [a.id])}` : ''),
    );
  }
  return paragraphs;
}

export function draftSection(template: SectionTemplate, input: DraftInput): string {
  if (!generates(template)) return PLACEHOLDER;
  const paragraphs: string[] = [];
  for (const code of template.categories) {
    const matching = input.incidents.filter((i) => i.categories.includes(code));
    if (matching.length === 0) continue;
    const name = label(code);
    const cite = citationToken(
      'incident',
      matching.map((i) => i.id),
    );
    const count =
      matching.length < input.suppressionThreshold
        ? `fewer than ${input.suppressionThreshold} verified incidents`
        : `${matching.length} verified ${matching.length === 1 ? 'incident' : 'incidents'}`;
    const lines = [
      `**${name}.** In ${input.year} posts reported, and headquarters verified, ${count} of ${name.toLowerCase()} in ${input.countryName}.${cite}`,
    ];
    for (const example of matching.slice(0, input.examples ?? 3)) {
      const title = example.title.trim().replace(/[.\s]+$/, '');
      lines.push(`${whenPhrase(example)}: ${title}.${citationToken('incident', [example.id])}`);
    }
    paragraphs.push(lines.join(' '));
  }
  const hadIncidents = paragraphs.length > 0;
  if (!hadIncidents && template.categories.length > 0)
    paragraphs.push(
      `No verified incidents in the categories of this section were recorded for ${input.countryName} in ${input.year}.`,
    );
  if (hadIncidents)
    paragraphs.push(
      '_These figures count incidents reported by posts and verified by headquarters; they do not measure how often such abuses occur._',
    );
  paragraphs.push(...statisticsParagraphs(template, input));
  if (template.engagement) paragraphs.push(...engagementParagraphs(input));
  return paragraphs.join('\n\n');
}

export function draftSections(
  structure: readonly SectionTemplate[],
  input: DraftInput,
): { number: string; title: string; body: string; generated: boolean }[] {
  return structure.map((t) => ({
    number: t.number,
    title: t.title,
    body: draftSection(t, input),
    generated: generates(t),
  }));
}
