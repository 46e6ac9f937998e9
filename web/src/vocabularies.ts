// Codes and labels of the controlled vocabularies the incident pages use. There is no
// vocabulary endpoint yet, so these MUST match src/domain/vocabularies.ts (the server refuses
// unknown codes, naming the field). Replace with a fetch once the API serves them.

export interface Term {
  code: string;
  label: string;
}

export const INCIDENT_CATEGORIES: readonly Term[] = [
  { code: 'sexual_violence', label: 'Sexual violence' },
  { code: 'sexual_exploitation_organised', label: 'Organised sexual exploitation' },
  { code: 'trafficking', label: 'Trafficking in persons' },
  { code: 'child_trafficking', label: 'Child trafficking' },
  { code: 'forced_labour', label: 'Forced labour' },
  { code: 'migrant_smuggling', label: 'Migrant smuggling' },
  { code: 'abuse_in_transit', label: 'Abuse of migrants in transit' },
  { code: 'antisemitic_attack', label: 'Antisemitic attack' },
  { code: 'anti_christian_attack', label: 'Anti-Christian attack' },
  { code: 'bias_attack_other', label: 'Other bias-motivated attack' },
  { code: 'drug_trafficking_route', label: 'Drug trafficking along migration routes' },
  { code: 'criminal_network', label: 'Organised criminal network activity' },
  {
    code: 'state_instrumentalised_migration',
    label: 'State-organised migration pressure at a border',
  },
  { code: 'violent_crime_other', label: 'Other violent crime' },
];

export const MIGRATION_ROUTES: readonly Term[] = [
  { code: 'central_mediterranean', label: 'Central Mediterranean' },
  { code: 'western_mediterranean', label: 'Western Mediterranean' },
  { code: 'eastern_mediterranean', label: 'Eastern Mediterranean' },
  { code: 'western_balkans', label: 'Western Balkans' },
  { code: 'belarus_eu', label: 'Belarus–EU border' },
  { code: 'english_channel', label: 'English Channel' },
  { code: 'atlantic_canary', label: 'Atlantic route to the Canary Islands' },
  { code: 'sahara_crossing', label: 'Sahara crossing' },
  { code: 'horn_of_africa_yemen', label: 'Horn of Africa–Yemen (Eastern route)' },
  { code: 'afghanistan_iran', label: 'Afghanistan–Iran' },
  { code: 'darien', label: 'Darién' },
  { code: 'central_america_mexico', label: 'Central America–Mexico' },
  { code: 'us_mexico_border', label: 'US–Mexico border' },
  { code: 'caribbean', label: 'Caribbean' },
  { code: 'andean_southern_cone', label: 'Andean–Southern Cone' },
  { code: 'other', label: 'Other' },
];

export const SOURCE_TYPES: readonly Term[] = [
  { code: 'news_media', label: 'News media' },
  { code: 'government_statistics', label: 'Government statistics' },
  { code: 'court_record', label: 'Court record' },
  { code: 'police_statement', label: 'Police statement' },
  { code: 'ngo_io_report', label: 'NGO or international organisation report' },
  { code: 'post_contact', label: "Post's own contact" },
  { code: 'social_media', label: 'Social media' },
  { code: 'other', label: 'Other' },
];

export const SOURCE_RELIABILITY: readonly Term[] = [
  { code: 'A', label: 'Completely reliable' },
  { code: 'B', label: 'Usually reliable' },
  { code: 'C', label: 'Fairly reliable' },
  { code: 'D', label: 'Not usually reliable' },
  { code: 'E', label: 'Unreliable' },
  { code: 'F', label: 'Reliability cannot be judged' },
];

export const INFORMATION_CREDIBILITY: readonly Term[] = [
  { code: '1', label: 'Confirmed by other independent sources' },
  { code: '2', label: 'Probably true' },
  { code: '3', label: 'Possibly true' },
  { code: '4', label: 'Doubtful' },
  { code: '5', label: 'Improbable' },
  { code: '6', label: 'Truth cannot be judged' },
];

export const DATE_PRECISIONS: readonly Term[] = [
  { code: 'day', label: 'Exact day' },
  { code: 'week', label: 'Within a stated week' },
  { code: 'month', label: 'Month' },
  { code: 'year', label: 'Year' },
  { code: 'range', label: 'Range (start and end given)' },
];

export const MARKINGS: readonly Term[] = [
  { code: 'public', label: 'Public' },
  { code: 'sbu', label: 'Sensitive but unclassified' },
  { code: 'sbu_noforn', label: 'Sensitive but unclassified — not releasable to foreign nationals' },
];

export const INCIDENT_STATUSES: readonly Term[] = [
  { code: 'draft', label: 'Draft' },
  { code: 'submitted', label: 'Submitted' },
  { code: 'returned', label: 'Returned' },
  { code: 'verified', label: 'Verified' },
  { code: 'rejected', label: 'Rejected' },
  { code: 'merged', label: 'Merged' },
];

export function labelOf(list: readonly Term[], code: string | null | undefined): string {
  if (code == null) return '';
  return list.find((t) => t.code === code)?.label ?? code;
}
