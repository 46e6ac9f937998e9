// Justice outcomes and the sentencing comparison: record a court decision (with its cited
// source), read it, edit it against its version, list them, and compare two defendant groups
// among comparable cases. Who sees what follows engagements: the post's people, the region's
// reviewers, editors and analysts everywhere; a record the caller may not see is "not found",
// and a comparison is computed only from the cases the caller may see.
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor, Tx } from '../../db/connection.ts';
import { justiceOutcomes } from '../../db/schema/index.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { Invalid, NotFound, type FieldError } from '../../domain/errors.ts';
import { incidentVisibility, latestPossibleToday } from '../../domain/incidentWorkflow.ts';
import {
  COURT_LEVELS,
  ICCS_OFFENCE_CLASSES,
  justiceOutcomeErrors,
  SENTENCING_CONFOUNDERS,
} from '../../domain/justice.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import { compareSentences, type SideSummary } from '../../domain/stats/sentencing.ts';
import * as q from './queries.ts';
import {
  listOf,
  type ComparisonQuery,
  type CreateJusticeOutcomeInput,
  type DefendantGroupsQuery,
  type ListJusticeOutcomesQuery,
  type UpdateJusticeOutcomeInput,
} from './schemas.ts';

type Side = SideSummary & { syntheticCases: number };

export interface Caller {
  principal: Principal;
  actor: Actor & { id: string };
}

/** The seed of the bootstrap unless the caller names one: the same cases give the same interval. */
export const DEFAULT_SEED = 20260101;

export const SENTENCE_MEASURE =
  'Sentence length in months, over convictions with a custodial sentence only ' +
  '(acquittals, suspended sentences, fines, community and other sentences are counted but not measured).';

function canSee(
  principal: Principal,
  record: { postId: number; createdBy: string | null },
  regionId: number,
) {
  const v = incidentVisibility(principal);
  return (
    v.everywhere ||
    v.postIds.includes(record.postId) ||
    v.regionIds.includes(regionId) ||
    record.createdBy === v.userId
  );
}

async function visibleOutcome(db: Executor, principal: Principal, id: string) {
  const found = await q.findJusticeOutcome(db, id);
  if (!found || !canSee(principal, found.outcome, found.regionId))
    throw new NotFound(`justice outcome ${id} does not exist`);
  return {
    record: found.outcome,
    scope: { postId: found.outcome.postId, regionId: found.regionId },
  };
}

async function outcomeView(db: Executor, record: q.JusticeOutcomeRecord) {
  const source = await q.findSource(db, record.sourceId);
  return { ...record, source: source! };
}

async function sourceErrors(tx: Tx, sourceId: string | undefined): Promise<FieldError[]> {
  if (sourceId === undefined || (await q.findSource(tx, sourceId))) return [];
  return [{ field: 'sourceId', message: `source ${sourceId} does not exist` }];
}

async function countryErrors(tx: Tx, code: string | undefined): Promise<FieldError[]> {
  if (code === undefined || (await q.countryExists(tx, code))) return [];
  return [{ field: 'countryCode', message: `unknown country ${code}` }];
}

export async function createJusticeOutcome(
  db: Database,
  caller: Caller,
  input: CreateJusticeOutcomeInput,
) {
  return db.transaction(async (tx) => {
    const post = await q.postWithRegion(tx, input.postId);
    if (!post) throw Invalid.field('postId', `post ${input.postId} does not exist`);
    assertCan(caller.principal, 'justice.write', post);
    const countryCode = input.countryCode ?? post.countryCode;
    const errors = justiceOutcomeErrors(input, latestPossibleToday(new Date()));
    errors.push(...(await countryErrors(tx, countryCode)));
    errors.push(...(await sourceErrors(tx, input.sourceId)));
    if (errors.length) throw new Invalid(errors);

    const record = await q.insertJusticeOutcome(tx, {
      ...input,
      countryCode,
      subnationalJurisdiction: input.subnationalJurisdiction ?? null,
      sentenceType: input.sentenceType ?? null,
      sentenceMonths: input.sentenceMonths ?? null,
      synthetic: input.synthetic ?? false,
      createdBy: caller.actor.id,
      updatedBy: caller.actor.id,
    });
    await appendAudit(tx, caller.actor, {
      action: 'justice_outcome.created',
      entityType: 'justice_outcome',
      entityId: record.id,
      changes: { ...input, countryCode },
    });
    return outcomeView(tx, record);
  });
}

export async function getJusticeOutcome(db: Database, principal: Principal, id: string) {
  const { record } = await visibleOutcome(db, principal, id);
  return outcomeView(db, record);
}

export async function updateJusticeOutcome(
  db: Database,
  caller: Caller,
  id: string,
  input: UpdateJusticeOutcomeInput,
) {
  return db.transaction(async (tx) => {
    await q.lockJusticeOutcome(tx, id);
    const { record, scope } = await visibleOutcome(tx, caller.principal, id);
    assertCan(caller.principal, 'justice.write', scope);
    const { version, ...patch } = input;
    // The outcome and its sentence are checked as they will be after the edit.
    const after = { ...record, ...patch };
    const errors = justiceOutcomeErrors(
      {
        ...patch,
        outcome: after.outcome,
        sentenceType: after.sentenceType,
        sentenceMonths: after.sentenceMonths,
      },
      latestPossibleToday(new Date()),
    );
    errors.push(...(await countryErrors(tx, patch.countryCode)));
    errors.push(...(await sourceErrors(tx, patch.sourceId)));
    if (errors.length) throw new Invalid(errors);

    const result = await updateVersioned(
      tx,
      { table: justiceOutcomes, idColumn: justiceOutcomes.id, id, label: 'Justice outcome' },
      version,
      { ...patch, updatedBy: caller.actor.id },
    );
    const changes: Record<string, unknown> = { ...result.changes };
    delete changes.updatedBy;
    await appendAudit(tx, caller.actor, {
      action: 'justice_outcome.updated',
      entityType: 'justice_outcome',
      entityId: id,
      changes,
    });
    return outcomeView(tx, result.after);
  });
}

export async function listJusticeOutcomes(
  db: Database,
  principal: Principal,
  query: ListJusticeOutcomesQuery,
) {
  const rows = await q.listJusticeOutcomes(db, incidentVisibility(principal), query);
  return {
    items: rows.map(({ outcome, source }) => ({
      id: outcome.id,
      postId: outcome.postId,
      countryCode: outcome.countryCode,
      subnationalJurisdiction: outcome.subnationalJurisdiction,
      courtLevel: outcome.courtLevel,
      decidedOn: outcome.decidedOn,
      offenceClass: outcome.offenceClass,
      defendantGroup: outcome.defendantGroup,
      outcome: outcome.outcome,
      sentenceType: outcome.sentenceType,
      sentenceMonths: outcome.sentenceMonths,
      aggravatingFactors: outcome.aggravatingFactors,
      mitigatingFactors: outcome.mitigatingFactors,
      marking: outcome.marking,
      synthetic: outcome.synthetic,
      version: outcome.version,
      source,
    })),
  };
}

export async function listDefendantGroups(
  db: Database,
  principal: Principal,
  query: DefendantGroupsQuery,
) {
  return { items: await q.defendantGroups(db, incidentVisibility(principal), query) };
}

function comparisonErrors(query: ComparisonQuery): FieldError[] {
  const errors: FieldError[] = [];
  if (!ICCS_OFFENCE_CLASSES.some((c) => c.code === query.offenceClass))
    errors.push({
      field: 'offenceClass',
      message: `unknown ICCS offence class "${query.offenceClass}"`,
    });
  if (query.courtLevel !== undefined && !COURT_LEVELS.some((c) => c.code === query.courtLevel))
    errors.push({ field: 'courtLevel', message: `unknown court level "${query.courtLevel}"` });
  if (query.to < query.from)
    errors.push({ field: 'to', message: 'the period ends before it begins' });
  if (query.groupA === query.groupB)
    errors.push({ field: 'groupB', message: 'the two groups are the same' });
  return errors;
}

/**
 * Two defendant groups among comparable cases. The difference of medians is stated only when
 * each side has at least `minCases` custodial sentences; otherwise the reply says why not.
 */
export async function compareDefendantGroups(
  db: Database,
  principal: Principal,
  query: ComparisonQuery,
  minCases: number,
) {
  const errors = comparisonErrors(query);
  if (errors.length) throw new Invalid(errors);
  const criteria = {
    offenceClass: query.offenceClass,
    country: query.country,
    subnational: query.subnational ?? null,
    courtLevel: query.courtLevel ?? null,
    from: query.from,
    to: query.to,
    aggravating: listOf(query.aggravating),
    mitigating: listOf(query.mitigating),
    withoutAggravating: listOf(query.withoutAggravating),
    withoutMitigating: listOf(query.withoutMitigating),
  };
  const cases = await q.comparableCases(db, incidentVisibility(principal), {
    ...criteria,
    defendantGroups: [query.groupA, query.groupB],
  });
  const of = (group: string) => cases.filter((c) => c.defendantGroup === group);
  const result = compareSentences(
    { defendantGroup: query.groupA, cases: of(query.groupA) },
    { defendantGroup: query.groupB, cases: of(query.groupB) },
    { minCases, seed: query.seed ?? DEFAULT_SEED },
  );
  const syntheticCases = (group: string) => of(group).filter((c) => c.synthetic).length;
  return {
    criteria,
    measure: SENTENCE_MEASURE,
    minCases: result.minCases,
    sides: [
      { ...result.sides[0], syntheticCases: syntheticCases(query.groupA) },
      { ...result.sides[1], syntheticCases: syntheticCases(query.groupB) },
    ] as [Side, Side],
    medianDifference: result.medianDifference,
    confounders: [...SENTENCING_CONFOUNDERS],
    synthetic: cases.some((c) => c.synthetic),
  };
}
