// The generated draft of a country report: the migration-related paragraphs of each section,
// from verified records only. Every figure and every example carries a citation token naming
// the records behind it; a count below the suppression threshold is never printed ("fewer
// than 5"). Pure: the service reads the records and hands them in.
import { citationToken } from '../../domain/citations.ts';
import { INCIDENT_CATEGORIES } from '../../domain/vocabularies.ts';
import type { VerifiedIncident } from './queries.ts';

export interface SectionTemplate {
  number: string;
  title: string;
  /** Incident categories whose verified records this section reports; none: a placeholder. */
  categories: readonly string[];
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
  /** How many examples per category. */
  examples?: number;
}

/** The generated body of one section. */
export function draftSection(template: SectionTemplate, input: DraftInput): string {
  if (template.categories.length === 0) return PLACEHOLDER;
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
  if (paragraphs.length === 0)
    return `No verified incidents in the categories of this section were recorded for ${input.countryName} in ${input.year}.`;
  paragraphs.push(
    '_These figures count incidents reported by posts and verified by headquarters; they do not measure how often such abuses occur._',
  );
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
    generated: t.categories.length > 0,
  }));
}
