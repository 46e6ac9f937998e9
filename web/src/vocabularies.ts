// The controlled vocabularies, shared with the server: src/domain/vocabularies.ts is pure
// (no I/O, no imports), so the web app imports it directly and the two cannot drift apart.
import * as shared from '../../src/domain/vocabularies.ts';

export interface Term {
  code: string;
  label: string;
}

export const INCIDENT_CATEGORIES: readonly Term[] = shared.INCIDENT_CATEGORIES;
export const MIGRATION_ROUTES: readonly Term[] = shared.MIGRATION_ROUTES;
export const SOURCE_TYPES: readonly Term[] = shared.SOURCE_TYPES;
export const SOURCE_RELIABILITY: readonly Term[] = shared.SOURCE_RELIABILITY;
export const INFORMATION_CREDIBILITY: readonly Term[] = shared.INFORMATION_CREDIBILITY;
export const DATE_PRECISIONS: readonly Term[] = shared.DATE_PRECISIONS;
export const MARKINGS: readonly Term[] = shared.MARKINGS;
export const SEXES: readonly Term[] = shared.SEXES;
export const AGE_BANDS: readonly Term[] = shared.AGE_BANDS;
export const PERPETRATOR_TYPES: readonly Term[] = shared.PERPETRATOR_TYPES;
export const GEO_PRECISIONS: readonly Term[] = shared.GEO_PRECISIONS;

const STATUS_LABELS: Record<shared.IncidentStatus, string> = {
  draft: 'Draft',
  submitted: 'Submitted',
  returned: 'Returned',
  verified: 'Verified',
  rejected: 'Rejected',
  merged: 'Merged',
};
export const INCIDENT_STATUSES: readonly Term[] = shared.INCIDENT_STATUSES.map((code) => ({
  code,
  label: STATUS_LABELS[code],
}));

export function labelOf(list: readonly Term[], code: string | null | undefined): string {
  if (code == null) return '';
  return list.find((t) => t.code === code)?.label ?? code;
}
