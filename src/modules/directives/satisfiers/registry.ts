// Which record types can satisfy a directive's requirement. A requirement of kind "records"
// names a record type and criteria; each record type registers a Satisfier that checks the
// criteria, finds the records of a post that match them, and describes linked records. The
// directives module knows nothing else about the record types: engagements, assessments and
// statistics tables register themselves here (see docs/directives.md) and need no change to
// this module or its tables (tasking_links stores record_type + record_id).
import type { Executor } from '../../../db/connection.ts';
import type { FieldError } from '../../../domain/errors.ts';

export interface MatchContext {
  postId: number;
  countryCode: string;
  periodStart: string;
  periodEnd: string;
}

/** A record as a tasking shows it, whatever its type. */
export interface SatisfyingRecord {
  recordType: string;
  id: string;
  label: string;
  date: string | null;
  status: string;
  postId: number | null;
  countryCode: string | null;
  /** Where the web app shows the record. */
  href: string;
}

export interface Satisfier {
  recordType: string;
  /** The record type in words, e.g. "Incidents". */
  label: string;
  /** Problems with the criteria, each naming its field below `path` (e.g. an unknown category). */
  checkCriteria(
    db: Executor,
    criteria: Record<string, unknown>,
    path: string,
  ): Promise<FieldError[]>;
  /** Human-readable criteria, e.g. "categories: trafficking, forced labour". */
  describeCriteria(criteria: Record<string, unknown>): string;
  /**
   * For many posts at once (one tasking each, one reporting period): the ids of the records
   * each post's tasking would be offered by `matchCandidates`, uncapped, keyed by post id.
   * The compliance matrix counts with it in one query per requirement.
   */
  matchIdsFor(
    db: Executor,
    criteria: Record<string, unknown>,
    contexts: MatchContext[],
  ): Promise<Map<number, string[]>>;
  /** Records of this post's country and the reporting period that match the criteria. */
  matchCandidates(
    db: Executor,
    criteria: Record<string, unknown>,
    context: MatchContext,
  ): Promise<SatisfyingRecord[]>;
  /**
   * The records with these ids that exist (others are left out). With a tasking's context, a
   * record that belongs to no single post or country (a statistics table) is described as it
   * bears on that post's country.
   */
  describe(db: Executor, ids: string[], context?: MatchContext): Promise<SatisfyingRecord[]>;
}

const registry = new Map<string, Satisfier>();

export function registerSatisfier(satisfier: Satisfier): void {
  registry.set(satisfier.recordType, satisfier);
}

export function satisfierFor(recordType: string): Satisfier | undefined {
  return registry.get(recordType);
}

export function registeredSatisfiers(): Satisfier[] {
  return [...registry.values()];
}

/** Groups matched rows by the posts whose contexts they belong to. */
export function idsByPost<T extends { id: string }>(
  contexts: MatchContext[],
  rows: T[],
  belongs: (row: T, context: MatchContext) => boolean,
): Map<number, string[]> {
  return new Map(
    contexts.map((c) => [c.postId, rows.filter((r) => belongs(r, c)).map((r) => r.id)]),
  );
}

/** A record may satisfy a post's tasking if it is that post's, or about that post's country. */
export function belongsToPost(record: SatisfyingRecord, context: MatchContext): boolean {
  return record.postId === context.postId || record.countryCode === context.countryCode;
}
