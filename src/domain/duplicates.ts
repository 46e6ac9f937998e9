// Whether two incident records may describe the same event, and why. The database narrows
// the field to records of the same country, with overlapping periods (give or take a few
// days) and a shared category, and measures trigram similarity of titles, narratives and
// place names; this file turns those measurements into a score and readable reasons.
// A candidate needs similar words or a similar place: same country, date and category
// alone describe too many unrelated events.
import { distanceKm } from './incidentWorkflow.ts';

/** Reports of one event often disagree on the date by a day or two. */
export const DATE_SLACK_DAYS = 3;
/** Similarity (0–1) of title or narrative from which the words count as similar. */
export const TEXT_THRESHOLD = 0.3;
/** Similarity of place names from which the places count as the same. */
export const PLACE_THRESHOLD = 0.5;
/** Points closer than this are the same place; the score falls to 0 at this distance. */
export const NEAR_KM = 25;

/**
 * The period a record may mean, given its date precision: a week from its start, the whole
 * month or year of its start, or the range as given — never shorter than the stored range.
 * Dates are ISO yyyy-mm-dd (UTC calendar days).
 */
export function effectivePeriod(
  start: string,
  end: string,
  precision: string,
): { start: string; end: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const s = new Date(`${start}T00:00:00Z`);
  let from = start;
  let to = end;
  if (precision === 'week') to = day(new Date(s.getTime() + 6 * 86_400_000));
  if (precision === 'month') {
    from = `${start.slice(0, 7)}-01`;
    to = day(new Date(Date.UTC(s.getUTCFullYear(), s.getUTCMonth() + 1, 0)));
  }
  if (precision === 'year') {
    from = `${start.slice(0, 4)}-01-01`;
    to = `${start.slice(0, 4)}-12-31`;
  }
  return { start: from < start ? from : start, end: to > end ? to : end };
}

export interface DuplicateSignals {
  /** trigram similarity 0–1 of the titles */
  titleSimilarity: number;
  /** trigram similarity 0–1 of the narratives (0 when either is empty) */
  narrativeSimilarity: number;
  /** trigram similarity 0–1 of the place names; null when either has none */
  placeSimilarity: number | null;
  /** both points, when both records have coordinates */
  points: { a: { lat: number; lon: number }; b: { lat: number; lon: number } } | null;
  /** 0 when the periods overlap, otherwise the gap in days */
  daysApart: number;
  /** categories both records carry (the database requires at least one) */
  sharedCategories: string[];
  /** how many categories the two records have together */
  allCategories: number;
}

export interface DuplicateAssessment {
  /** 0–100 */
  score: number;
  reasons: string[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The score and reasons for a candidate, or null when it is not similar enough to list. */
export function assessDuplicate(s: DuplicateSignals): DuplicateAssessment | null {
  const text = Math.max(s.titleSimilarity, s.narrativeSimilarity);
  const km = s.points ? distanceKm(s.points.a, s.points.b) : null;
  const nearness = km === null ? 0 : Math.max(0, 1 - km / NEAR_KM);
  const place = Math.max(s.placeSimilarity ?? 0, nearness);
  const similarText = text >= TEXT_THRESHOLD;
  const samePlace = place >= PLACE_THRESHOLD;
  if (!similarText && !samePlace) return null;

  const dates = s.daysApart <= 0 ? 1 : Math.max(0, 1 - s.daysApart / (DATE_SLACK_DAYS + 1));
  const categories = s.allCategories > 0 ? s.sharedCategories.length / s.allCategories : 0;
  const score = Math.round(100 * (0.45 * text + 0.35 * place + 0.1 * dates + 0.1 * categories));

  const reasons = ['same country'];
  reasons.push(
    s.daysApart <= 0
      ? 'periods overlap'
      : `${s.daysApart} day${s.daysApart === 1 ? '' : 's'} apart`,
  );
  reasons.push(
    `shared categor${s.sharedCategories.length === 1 ? 'y' : 'ies'}: ${s.sharedCategories.join(', ')}`,
  );
  if (s.titleSimilarity >= TEXT_THRESHOLD)
    reasons.push(`similar title (${pct(s.titleSimilarity)})`);
  if (s.narrativeSimilarity >= TEXT_THRESHOLD)
    reasons.push(`similar narrative (${pct(s.narrativeSimilarity)})`);
  if (s.placeSimilarity !== null && s.placeSimilarity >= PLACE_THRESHOLD)
    reasons.push(`similar place name (${pct(s.placeSimilarity)})`);
  if (km !== null && km < NEAR_KM) reasons.push(`points ${km.toFixed(1)} km apart`);
  return { score, reasons };
}

/** Candidates best first; ties by reference so the order is stable. */
export function rankDuplicates<T extends { reference: string; score: number }>(list: T[]): T[] {
  return [...list].sort((a, b) => b.score - a.score || a.reference.localeCompare(b.reference));
}
