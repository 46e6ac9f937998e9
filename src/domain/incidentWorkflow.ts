// The verification workflow of an incident and the rules a record must meet, as pure
// functions: draft|returned → submitted (by the post's approver, with at least one source)
// → returned (with a comment) | verified | rejected (by a reviewer of the region or an
// editor who neither wrote nor edited the record). Nothing here touches the database.
import { Conflict, Forbidden, Invalid, type FieldError } from './errors.ts';
import type { Principal, Role } from './policy.ts';
import {
  DATE_PRECISIONS,
  INCIDENT_CATEGORIES,
  MARKINGS,
  MIGRATION_ROUTES,
  type IncidentStatus,
} from './vocabularies.ts';

export type ReviewDecision = 'return' | 'verify' | 'reject';
export type WorkflowAction = 'submit' | ReviewDecision;

const FROM: Record<WorkflowAction, readonly IncidentStatus[]> = {
  submit: ['draft', 'returned'],
  return: ['submitted'],
  verify: ['submitted'],
  reject: ['submitted'],
};
const TO: Record<WorkflowAction, IncidentStatus> = {
  submit: 'submitted',
  return: 'returned',
  verify: 'verified',
  reject: 'rejected',
};

/** The status after `action`, or a 409 when the record is not in a state that allows it. */
export function nextStatus(current: IncidentStatus, action: WorkflowAction): IncidentStatus {
  if (!FROM[action].includes(current)) {
    throw new Conflict(
      `A ${current} incident cannot be ${action === 'submit' ? 'submitted' : TO[action]}; ` +
        `only ${FROM[action].join(' or ')} incidents can.`,
    );
  }
  return TO[action];
}

/** Post roles may edit their records while they are with the post; editors may correct any record not merged away. */
export function editableBy(status: IncidentStatus, byEditor: boolean): boolean {
  if (status === 'merged') return false;
  return byEditor || status === 'draft' || status === 'returned';
}

export interface IncidentFacts {
  categories?: readonly string[] | undefined;
  occurredStart?: string | undefined;
  occurredEnd?: string | undefined;
  datePrecision?: string | undefined;
  latitude?: number | null | undefined;
  longitude?: number | null | undefined;
  route?: string | null | undefined;
  marking?: string | undefined;
  /** Dates of the justice outcome (reportedOn, arrestsOn, …), none of which can be in the future. */
  outcome?: object | undefined;
}

const has = (list: readonly { code: string }[], code: string) => list.some((t) => t.code === code);

/**
 * The latest calendar date anywhere on Earth (UTC+14): an event reported from the far east
 * may carry tomorrow's UTC date without being in the future.
 */
export function latestPossibleToday(now: Date): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

/** Errors in the facts of a record, each naming its field. */
export function factErrors(facts: IncidentFacts, now: Date): FieldError[] {
  const errors: FieldError[] = [];
  const today = latestPossibleToday(now);
  facts.categories?.forEach((c, i) => {
    if (!has(INCIDENT_CATEGORIES, c))
      errors.push({ field: `categories.${i}`, message: `unknown category "${c}"` });
  });
  if (facts.categories && facts.categories.length === 0)
    errors.push({ field: 'categories', message: 'at least one category is required' });
  if (facts.occurredStart && facts.occurredStart > today)
    errors.push({ field: 'occurredStart', message: 'the start date is in the future' });
  if (facts.occurredEnd && facts.occurredEnd > today)
    errors.push({ field: 'occurredEnd', message: 'the end date is in the future' });
  if (facts.occurredStart && facts.occurredEnd && facts.occurredEnd < facts.occurredStart)
    errors.push({ field: 'occurredEnd', message: 'the end date is before the start date' });
  if (facts.datePrecision !== undefined && !has(DATE_PRECISIONS, facts.datePrecision))
    errors.push({
      field: 'datePrecision',
      message: `unknown date precision "${facts.datePrecision}"`,
    });
  if (facts.route != null && !has(MIGRATION_ROUTES, facts.route))
    errors.push({ field: 'route', message: `unknown migration route "${facts.route}"` });
  if (facts.marking !== undefined && !MARKINGS.some((m) => m.code === facts.marking))
    errors.push({ field: 'marking', message: `unknown marking "${facts.marking}"` });
  if (facts.latitude != null && (facts.latitude < -90 || facts.latitude > 90))
    errors.push({ field: 'latitude', message: 'latitude must be between -90 and 90' });
  if (facts.longitude != null && (facts.longitude < -180 || facts.longitude > 180))
    errors.push({ field: 'longitude', message: 'longitude must be between -180 and 180' });
  if (
    (facts.latitude == null) !== (facts.longitude == null) &&
    facts.latitude !== undefined &&
    facts.longitude !== undefined
  )
    errors.push({
      field: facts.latitude == null ? 'latitude' : 'longitude',
      message: 'give both coordinates or neither',
    });
  for (const [key, value] of Object.entries(facts.outcome ?? {}) as [string, unknown][]) {
    if (key.endsWith('On') && typeof value === 'string' && value > today)
      errors.push({ field: `outcome.${key}`, message: 'the date is in the future' });
  }
  return errors;
}

export function assertFacts(facts: IncidentFacts, now: Date): void {
  const errors = factErrors(facts, now);
  if (errors.length) throw new Invalid(errors);
}

export interface Warning {
  field: string;
  message: string;
}

/**
 * A point far from the stated country's reference point is probably a typo (swapped or
 * negated coordinates). The countries table holds one point per country, not its boundary,
 * so the radius is generous and the result is a warning, never a refusal: very large
 * countries (Russia, Canada, the United States with Alaska and Hawaii) can exceed it honestly.
 */
export const COUNTRY_RADIUS_KM = 3000;

export function distanceKm(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function locationWarnings(
  point: { latitude: number | null; longitude: number | null },
  country: { code: string; name: string; latitude: number | null; longitude: number | null },
): Warning[] {
  if (
    point.latitude == null ||
    point.longitude == null ||
    country.latitude == null ||
    country.longitude == null
  )
    return [];
  const km = distanceKm(
    { lat: point.latitude, lon: point.longitude },
    { lat: country.latitude, lon: country.longitude },
  );
  if (km <= COUNTRY_RADIUS_KM) return [];
  return [
    {
      field: 'latitude',
      message: `The point is about ${Math.round(km).toLocaleString('en')} km from ${country.name} (${country.code}); check the coordinates and the country.`,
    },
  ];
}

/** What a record must have before it goes to review. */
export function assertReadyToSubmit(linkedSources: number): void {
  if (linkedSources < 1)
    throw Invalid.field('sources', 'link at least one source before submitting');
}

/** Review decisions that send a record back or turn it down must say why. */
export function assertDecisionComment(decision: ReviewDecision, comment: string | undefined): void {
  if ((decision === 'return' || decision === 'reject') && !comment?.trim())
    throw Invalid.field('comment', `a comment is required to ${decision} an incident`);
}

/** Four eyes: nobody verifies, returns or rejects a record they wrote or edited. */
export function assertIndependentReviewer(
  reviewerId: string,
  authors: Iterable<string | null>,
): void {
  for (const a of authors) {
    if (a === reviewerId)
      throw new Forbidden('You wrote or edited this incident, so someone else must review it.');
  }
}

export interface IncidentScope {
  postId: number;
  regionId: number;
}

const POST_ROLES: readonly Role[] = ['reporter', 'approver'];
const EVERYWHERE: readonly Role[] = ['editor', 'analyst'];

/**
 * Which incidents a person may see. Post roles see every record of their posts, drafts
 * included; reviewers see their regions' records and editors and analysts all records, but
 * only once a post has let go of them (never another post's drafts). Creators see their own.
 */
export interface IncidentVisibility {
  userId: string;
  postIds: number[];
  regionIds: number[];
  everywhere: boolean;
}

export function incidentVisibility(principal: Principal): IncidentVisibility {
  return {
    userId: principal.userId,
    postIds: principal.roles
      .filter((r) => POST_ROLES.includes(r.role) && r.postId != null)
      .map((r) => r.postId!),
    regionIds: principal.roles
      .filter((r) => r.role === 'reviewer' && r.regionId != null)
      .map((r) => r.regionId!),
    everywhere: principal.roles.some((r) => EVERYWHERE.includes(r.role)),
  };
}

export function canSeeIncident(
  v: IncidentVisibility,
  record: IncidentScope & { status: IncidentStatus; createdBy: string | null },
): boolean {
  if (v.postIds.includes(record.postId) || record.createdBy === v.userId) return true;
  if (record.status === 'draft') return false;
  return v.everywhere || v.regionIds.includes(record.regionId);
}
