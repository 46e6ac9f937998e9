// The controlled vocabularies of ../shared/DATA-STANDARDS.md. Codes are stable once used;
// labels are what people read. Editors will be able to extend them (stored vocabularies come
// with that feature); the starting sets live here so that domain rules can name them.

export interface Term {
  code: string;
  label: string;
  note?: string;
}

const terms = <const T extends readonly Term[]>(list: T) => list;
export const codesOf = <T extends readonly Term[]>(list: T) =>
  list.map((t) => t.code) as [T[number]['code'], ...T[number]['code'][]];

export const INCIDENT_CATEGORIES = terms([
  { code: 'sexual_violence', label: 'Sexual violence', note: 'rape, sexual assault; ICCS 03' },
  {
    code: 'sexual_exploitation_organised',
    label: 'Organised sexual exploitation',
    note: 'incl. grooming/exploitation gangs targeting minors',
  },
  { code: 'trafficking', label: 'Trafficking in persons', note: 'ICCS 0204' },
  {
    code: 'child_trafficking',
    label: 'Child trafficking',
    note: 'trafficking with a victim under 18',
  },
  { code: 'forced_labour', label: 'Forced labour', note: 'ILO definition' },
  {
    code: 'migrant_smuggling',
    label: 'Migrant smuggling',
    note: 'distinct from trafficking (consent, border crossing)',
  },
  {
    code: 'abuse_in_transit',
    label: 'Abuse of migrants in transit',
    note: 'violence, extortion, kidnapping, deaths and disappearances on routes (IOM MMP)',
  },
  {
    code: 'antisemitic_attack',
    label: 'Antisemitic attack',
    note: 'OSCE/ODIHR bias category anti-Semitism',
  },
  {
    code: 'anti_christian_attack',
    label: 'Anti-Christian attack',
    note: 'OSCE/ODIHR bias against Christians and members of other religions',
  },
  {
    code: 'bias_attack_other',
    label: 'Other bias-motivated attack',
    note: 'OSCE/ODIHR: racism and xenophobia, anti-Muslim, anti-Roma, anti-LGBTI, gender, disability, other',
  },
  {
    code: 'drug_trafficking_route',
    label: 'Drug trafficking along migration routes',
    note: 'ICCS 06',
  },
  {
    code: 'criminal_network',
    label: 'Organised criminal network activity',
    note: 'networks that run routes',
  },
  {
    code: 'state_instrumentalised_migration',
    label: 'State-organised migration pressure at a border',
  },
  { code: 'violent_crime_other', label: 'Other violent crime', note: 'ICCS 01, 02, 04' },
]);
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number]['code'];

/** Policy topics of engagements and assessments, used beside the incident categories. */
export const POLICY_TOPICS = terms([
  { code: 'data_collection', label: 'Data collection' },
  { code: 'border_management', label: 'Border management' },
  { code: 'asylum_procedure', label: 'Asylum procedure' },
  { code: 'returns', label: 'Returns' },
  { code: 'victim_protection', label: 'Victim protection' },
  { code: 'prosecution_sentencing', label: 'Prosecution and sentencing' },
  { code: 'housing_public_services', label: 'Housing and public services' },
]);

export const EXPLOITATION_TYPES = terms([
  { code: 'sexual', label: 'Sexual exploitation' },
  { code: 'labour', label: 'Labour exploitation' },
  { code: 'forced_marriage', label: 'Forced marriage' },
  { code: 'forced_criminality', label: 'Forced criminality' },
  { code: 'organ_removal', label: 'Organ removal' },
  { code: 'other', label: 'Other' },
]);

export const PERPETRATOR_TYPES = terms([
  { code: 'individual', label: 'Individual' },
  { code: 'group', label: 'Group' },
  { code: 'criminal_network', label: 'Organised criminal network' },
  { code: 'state_actor', label: 'State actor' },
  { code: 'non_state_armed_group', label: 'Non-state armed group' },
  { code: 'unknown', label: 'Unknown' },
]);

export const AGE_BANDS = terms([
  { code: '0-11', label: '0–11' },
  { code: '12-17', label: '12–17' },
  { code: '18-25', label: '18–25' },
  { code: '26-59', label: '26–59' },
  { code: '60+', label: '60 and over' },
  { code: 'unknown', label: 'Unknown' },
]);

export const SEXES = terms([
  { code: 'female', label: 'Female' },
  { code: 'male', label: 'Male' },
  { code: 'other', label: 'Other' },
  { code: 'unknown', label: 'Unknown' },
]);

export const MIGRATION_ROUTES = terms([
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
]);

export const SOURCE_TYPES = terms([
  { code: 'news_media', label: 'News media' },
  { code: 'government_statistics', label: 'Government statistics' },
  { code: 'court_record', label: 'Court record' },
  { code: 'police_statement', label: 'Police statement' },
  { code: 'ngo_io_report', label: 'NGO or international organisation report' },
  { code: 'post_contact', label: "Post's own contact" },
  { code: 'social_media', label: 'Social media' },
  { code: 'other', label: 'Other' },
]);

/** Admiralty code: reliability of a source, judged on its record. */
export const SOURCE_RELIABILITY = terms([
  { code: 'A', label: 'Completely reliable' },
  { code: 'B', label: 'Usually reliable' },
  { code: 'C', label: 'Fairly reliable' },
  { code: 'D', label: 'Not usually reliable' },
  { code: 'E', label: 'Unreliable' },
  { code: 'F', label: 'Reliability cannot be judged' },
]);

/** Admiralty code: credibility of one piece of information. */
export const INFORMATION_CREDIBILITY = terms([
  { code: '1', label: 'Confirmed by other independent sources' },
  { code: '2', label: 'Probably true' },
  { code: '3', label: 'Possibly true' },
  { code: '4', label: 'Doubtful' },
  { code: '5', label: 'Improbable' },
  { code: '6', label: 'Truth cannot be judged' },
]);

export const DATE_PRECISIONS = terms([
  { code: 'day', label: 'Exact day' },
  { code: 'week', label: 'Within a stated week' },
  { code: 'month', label: 'Month' },
  { code: 'year', label: 'Year' },
  { code: 'range', label: 'Range (start and end given)' },
]);

/** 1 exact place; 2 near a place or within a district; 3 first-level region or larger (centroid: never drawn as a point). */
export const GEO_PRECISIONS = terms([
  { code: '1', label: 'Exact place' },
  { code: '2', label: 'Near a place or within a district' },
  { code: '3', label: 'First-level region or larger' },
]);

/**
 * Dissemination markings, most open first. `foreignRelease` says whether items so marked may
 * be shared with foreign partners (partner sharing checks it).
 */
/** What an official statistics table counts: suspects are not offenders, referrals are not
 * confirmed victims. */
export const STAT_COUNTED = terms([
  { code: 'suspects', label: 'Suspects' },
  { code: 'offences', label: 'Recorded offences' },
  { code: 'convictions', label: 'Convictions' },
  { code: 'victims', label: 'Victims' },
  { code: 'referrals', label: 'Referrals' },
  { code: 'applications', label: 'Applications' },
  { code: 'decisions', label: 'Decisions' },
  { code: 'detections', label: 'Detections' },
  { code: 'deaths', label: 'Deaths' },
  { code: 'population', label: 'Population' },
  { code: 'other', label: 'Other' },
]);

export const MARKINGS = [
  { code: 'public', label: 'Public', foreignRelease: true },
  { code: 'sbu', label: 'Sensitive but unclassified', foreignRelease: true },
  {
    code: 'sbu_noforn',
    label: 'Sensitive but unclassified — not releasable to foreign nationals',
    foreignRelease: false,
  },
] as const;
export type Marking = (typeof MARKINGS)[number]['code'];

export const INCIDENT_STATUSES = [
  'draft',
  'submitted',
  'returned',
  'verified',
  'rejected',
  'merged',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export function labelOf(list: readonly Term[], code: string): string {
  return list.find((t) => t.code === code)?.label ?? code;
}
