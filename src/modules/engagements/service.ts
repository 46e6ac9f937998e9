// Engagements with host governments: log one (with its follow-ups and sources), read it, edit
// it against its version, list the log and a country's timeline, and surface overdue
// follow-ups. Who sees what follows incidents: the post's people, the region's reviewers,
// editors and analysts everywhere; a record the caller may not see is "not found".
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor, Tx } from '../../db/connection.ts';
import { engagements } from '../../db/schema/index.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { engagementErrors, isOverdue, statusChangeError } from '../../domain/engagements.ts';
import { Invalid, NotFound, type FieldError } from '../../domain/errors.ts';
import { incidentVisibility, latestPossibleToday } from '../../domain/incidentWorkflow.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import * as q from './queries.ts';
import type {
  CreateEngagementInput,
  EngagementSourceInput,
  ListEngagementsQuery,
  UpdateEngagementInput,
} from './schemas.ts';

export interface Caller {
  principal: Principal;
  actor: Actor & { id: string };
}

const utcToday = () => new Date().toISOString().slice(0, 10);

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

/** The record if the caller may see it; otherwise 404, whether it exists or not. */
export async function visibleEngagement(db: Executor, principal: Principal, id: string) {
  const found = await q.findEngagement(db, id);
  if (!found || !canSee(principal, found.engagement, found.regionId))
    throw new NotFound(`engagement ${id} does not exist`);
  return {
    record: found.engagement,
    scope: { postId: found.engagement.postId, regionId: found.regionId },
  };
}

export async function engagementView(db: Executor, record: q.EngagementRecord) {
  const children = await q.loadChildren(db, record.id);
  const today = utcToday();
  return {
    ...record,
    followUps: children.followUps.map((f) => ({ ...f, overdue: isOverdue(f, today) })),
    sources: children.sources,
  };
}

async function directiveErrors(tx: Tx, directiveId: string | null | undefined) {
  if (!directiveId || (await q.issuedDirectiveExists(tx, directiveId))) return [];
  return [{ field: 'directiveId', message: `no issued directive ${directiveId}` }];
}

async function sourceErrors(
  tx: Tx,
  list: EngagementSourceInput[] | undefined,
): Promise<FieldError[]> {
  if (!list?.length) return [];
  const known = await q.existingSourceIds(
    tx,
    list.map((s) => s.sourceId),
  );
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  list.forEach((s, i) => {
    if (!known.has(s.sourceId))
      errors.push({
        field: `sources.${i}.sourceId`,
        message: `source ${s.sourceId} does not exist`,
      });
    if (seen.has(s.sourceId))
      errors.push({ field: `sources.${i}.sourceId`, message: 'this source is listed twice' });
    seen.add(s.sourceId);
  });
  return errors;
}

export async function createEngagement(db: Database, caller: Caller, input: CreateEngagementInput) {
  return db.transaction(async (tx) => {
    const post = await q.postWithRegion(tx, input.postId);
    if (!post) throw Invalid.field('postId', `post ${input.postId} does not exist`);
    assertCan(caller.principal, 'engagement.write', post);
    const countryCode = input.countryCode ?? post.countryCode;
    const errors = engagementErrors(input, latestPossibleToday(new Date()));
    if (!(await q.countryExists(tx, countryCode)))
      errors.push({ field: 'countryCode', message: `unknown country ${countryCode}` });
    errors.push(...(await directiveErrors(tx, input.directiveId)));
    errors.push(...(await sourceErrors(tx, input.sources)));
    if (errors.length) throw new Invalid(errors);

    const { followUps, sources, ...fields } = input;
    const record = await q.insertEngagement(tx, {
      ...fields,
      countryCode,
      synthetic: input.synthetic ?? false,
      createdBy: caller.actor.id,
      updatedBy: caller.actor.id,
    });
    await q.replaceFollowUps(tx, record.id, followUps);
    await q.replaceSources(tx, record.id, sources);
    await appendAudit(tx, caller.actor, {
      action: 'engagement.created',
      entityType: 'engagement',
      entityId: record.id,
      changes: { ...input, countryCode },
    });
    return engagementView(tx, record);
  });
}

export async function getEngagement(db: Database, principal: Principal, id: string) {
  const { record } = await visibleEngagement(db, principal, id);
  return engagementView(db, record);
}

export async function updateEngagement(
  db: Database,
  caller: Caller,
  id: string,
  input: UpdateEngagementInput,
) {
  return db.transaction(async (tx) => {
    await q.lockEngagement(tx, id);
    const { record, scope } = await visibleEngagement(tx, caller.principal, id);
    assertCan(caller.principal, 'engagement.write', scope);
    const { version, followUps, sources, ...patch } = input;
    // Follow-ups are checked against the engagement date as it will be after the edit.
    const occurredOn = patch.occurredOn ?? record.occurredOn;
    const currentFollowUps =
      followUps ?? (patch.occurredOn ? (await q.loadChildren(tx, id)).followUps : undefined);
    const errors = engagementErrors(
      { ...patch, occurredOn, followUps: currentFollowUps },
      latestPossibleToday(new Date()),
    );
    if (patch.countryCode && !(await q.countryExists(tx, patch.countryCode)))
      errors.push({ field: 'countryCode', message: `unknown country ${patch.countryCode}` });
    errors.push(...(await directiveErrors(tx, patch.directiveId)));
    errors.push(...(await sourceErrors(tx, sources)));
    const statusError = statusChangeError(record.status, patch.status);
    if (statusError) errors.push(statusError);
    if (errors.length) throw new Invalid(errors);

    const before = followUps || sources ? await q.loadChildren(tx, id) : undefined;
    const result = await updateVersioned(
      tx,
      { table: engagements, idColumn: engagements.id, id, label: 'Engagement' },
      version,
      { ...patch, updatedBy: caller.actor.id },
    );
    if (followUps) await q.replaceFollowUps(tx, id, followUps);
    if (sources) await q.replaceSources(tx, id, sources);
    const changes: Record<string, unknown> = { ...result.changes };
    delete changes.updatedBy;
    if (before) {
      const after = await q.loadChildren(tx, id);
      if (
        followUps &&
        JSON.stringify(before.followUps.map(strip)) !== JSON.stringify(after.followUps.map(strip))
      )
        changes.followUps = { from: before.followUps.map(strip), to: after.followUps.map(strip) };
      const ids = (l: { source: { id: string } }[]) => l.map((s) => s.source.id);
      if (sources && JSON.stringify(ids(before.sources)) !== JSON.stringify(ids(after.sources)))
        changes.sources = { from: ids(before.sources), to: ids(after.sources) };
    }
    await appendAudit(tx, caller.actor, {
      action: 'engagement.updated',
      entityType: 'engagement',
      entityId: id,
      changes,
    });
    return engagementView(tx, result.after);
  });
}

const strip = ({
  id: _id,
  ...rest
}: {
  id: string;
  action: string;
  owner: string;
  dueOn: string;
  status: string;
}) => {
  void _id;
  return rest;
};

export async function listEngagements(
  db: Database,
  principal: Principal,
  query: ListEngagementsQuery,
) {
  const items = await q.listEngagements(db, incidentVisibility(principal), query, utcToday());
  return { items };
}

/** A country's engagements oldest first, with what the host said each time. */
export async function countryTimeline(db: Database, principal: Principal, countryCode: string) {
  if (!(await q.countryExists(db, countryCode)))
    throw new NotFound(`country ${countryCode} does not exist`);
  const items = await q.listEngagements(
    db,
    incidentVisibility(principal),
    { country: countryCode, limit: 1000, chronological: true },
    utcToday(),
  );
  return { countryCode, items };
}

export async function overdueFollowUps(db: Database, principal: Principal) {
  const items = await q.overdueFollowUps(db, incidentVisibility(principal), utcToday(), 200);
  return { items };
}
