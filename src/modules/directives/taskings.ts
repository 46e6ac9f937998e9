// Taskings: what a post was asked, its answers, the records that satisfy each requirement
// (linked explicitly, or matched by the record type's own rules), and the workflow: the post's
// approver submits, the issuing office accepts or returns with comments. Post roles see their
// own posts' taskings only (403 on another post's), reviewers their region's, editors and
// analysts all.
import { appendAudit } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import {
  assertReadyToSubmit,
  isOverdue,
  isoToday,
  nextTaskingStatus,
  type RequirementState,
} from '../../domain/directives.ts';
import { Conflict, Invalid, NotFound } from '../../domain/errors.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import { editorRecipients, notify, postRecipients } from '../notifications/service.ts';
import * as q from './queries.ts';
import { belongsToPost, satisfierFor, type SatisfyingRecord } from './satisfiers/index.ts';
import type { AnswerInput, LinkInput } from './schemas.ts';
import { directiveView, requirementView, type Caller } from './service.ts';

type TaskingRow = NonNullable<Awaited<ReturnType<typeof q.findTasking>>>;

const scopeOf = (row: TaskingRow) => ({ postId: row.post.id, regionId: row.post.regionId });

async function taskingOr404(db: Executor, id: string) {
  const row = await q.findTasking(db, id);
  if (!row) throw new NotFound(`tasking ${id} does not exist`);
  return row;
}

export function taskingSummary(row: TaskingRow) {
  return {
    ...row.tasking,
    directiveReference: row.directiveReference,
    directiveTitle: row.directiveTitle,
    directiveKind: row.directiveKind,
    postCode: row.post.code,
    postName: row.post.name,
    dueOn: row.dueOn,
    unseenAmendments: Math.max(0, row.amendment - row.tasking.seenAmendment),
  };
}

/** What requirementStates reads for many taskings at once (the compliance matrix). */
export interface Preloaded {
  requirements: q.RequirementRecord[];
  answers: Awaited<ReturnType<typeof q.answersOf>>;
  links: Awaited<ReturnType<typeof q.linksOf>>;
}

export async function preload(
  db: Executor,
  directiveId: string,
  taskingIds: string[],
): Promise<Preloaded> {
  const [requirements, answers, links] = await Promise.all([
    q.requirementsOf(db, directiveId),
    q.answersOf(db, taskingIds),
    q.linksOf(db, taskingIds),
  ]);
  return { requirements, answers, links };
}

/** Each live requirement of the tasking with its answer and satisfying records. */
export async function requirementStates(
  db: Executor,
  row: TaskingRow,
  d: { periodStart: string; periodEnd: string },
  loaded?: Preloaded,
) {
  const all = loaded ?? (await preload(db, row.tasking.directiveId, [row.tasking.id]));
  const requirements = all.requirements.filter((r) => !r.withdrawn);
  const answers = new Map(
    all.answers.filter((a) => a.taskingId === row.tasking.id).map((a) => [a.requirementId, a]),
  );
  const links = all.links.filter((l) => l.taskingId === row.tasking.id);
  const context = {
    postId: row.post.id,
    countryCode: row.post.countryCode,
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
  };
  const result = [];
  for (const r of requirements) {
    const answer = answers.get(r.id);
    const records: (SatisfyingRecord & { linked: boolean })[] = [];
    const satisfier = r.recordType ? satisfierFor(r.recordType) : undefined;
    if (satisfier) {
      const linkedIds = links
        .filter((l) => l.requirementId === r.id && l.recordType === r.recordType)
        .map((l) => l.recordId);
      const linked = await satisfier.describe(db, linkedIds, context);
      records.push(...linked.map((x) => ({ ...x, linked: true })));
      const seen = new Set(linkedIds);
      for (const m of await satisfier.matchCandidates(db, r.criteria, context))
        if (!seen.has(m.id)) records.push({ ...m, linked: false });
    }
    result.push({
      ...requirementView(r),
      answer: answer?.answer ?? '',
      nothingToReport: answer?.nothingToReport ?? false,
      explanation: answer?.explanation ?? null,
      records,
    });
  }
  return result;
}

export function readiness(
  states: Awaited<ReturnType<typeof requirementStates>>,
): RequirementState[] {
  return states.map((s) => ({
    id: s.id,
    position: s.position,
    kind: s.kind,
    required: s.required,
    title: s.title,
    answer: s.answer,
    nothingToReport: s.nothingToReport,
    records: s.records.length,
  }));
}

async function taskingView(db: Executor, row: TaskingRow) {
  const d = await q.findDirective(db, row.tasking.directiveId);
  const { posts: _posts, ...directive } = await directiveView(db, d!);
  void _posts;
  return {
    ...taskingSummary(row),
    directive,
    requirements: await requirementStates(db, row, d!),
    changesSinceSeen: directive.amendments.filter((a) => a.number > row.tasking.seenAmendment),
    reviews: await q.reviewsOf(db, row.tasking.id),
  };
}

export async function getTasking(db: Database, principal: Principal, id: string) {
  const row = await taskingOr404(db, id);
  assertCan(principal, 'tasking.read', scopeOf(row));
  return taskingView(db, row);
}

/** The caller's taskings: post roles their posts', reviewers their regions', others all (or `post`). */
export async function listTaskings(
  db: Database,
  principal: Principal,
  filter: { post?: number | undefined; open?: 'true' | 'false' | undefined },
) {
  const global = principal.roles.some(
    (r) => r.postId === null && r.regionId === null && ['editor', 'analyst'].includes(r.role),
  );
  const postIds = principal.roles.filter((r) => r.postId !== null).map((r) => r.postId!);
  const regionIds = principal.roles
    .filter((r) => r.role === 'reviewer' && r.regionId !== null)
    .map((r) => r.regionId!);
  if (filter.post !== undefined && !global && !postIds.includes(filter.post))
    assertCan(principal, 'tasking.read', { postId: filter.post, regionId: -1 });
  const rows = await q.listTaskings(db, {
    postIds: filter.post !== undefined ? [filter.post] : global ? undefined : postIds,
    regionIds: filter.post !== undefined || global ? undefined : regionIds,
    open: filter.open === 'true' ? true : undefined,
  });
  return { items: rows.map(taskingSummary) };
}

async function forPostWork(db: Executor, caller: Caller, id: string) {
  await q.lockTasking(db, id);
  const row = await taskingOr404(db, id);
  assertCan(caller.principal, 'tasking.read', scopeOf(row));
  assertCan(caller.principal, 'tasking.write', scopeOf(row));
  if (row.directiveStatus !== 'issued')
    throw new Conflict(`Directive ${row.directiveReference} is ${row.directiveStatus}.`);
  return row;
}

async function requirementOf(db: Executor, row: TaskingRow, requirementId: string, field: string) {
  const r = (await q.requirementsOf(db, row.tasking.directiveId)).find(
    (x) => x.id === requirementId,
  );
  if (!r || r.withdrawn)
    throw Invalid.field(field, `requirement ${requirementId} is not part of this directive`);
  return r;
}

async function markEdited(db: Executor, row: TaskingRow) {
  const status = nextTaskingStatus(row.tasking.status, 'edit');
  if (status !== row.tasking.status) await q.setTaskingStatus(db, row.tasking.id, status);
}

export async function answerRequirement(
  db: Database,
  caller: Caller,
  id: string,
  requirementId: string,
  input: AnswerInput,
) {
  return db.transaction(async (tx) => {
    const row = await forPostWork(tx, caller, id);
    await requirementOf(tx, row, requirementId, 'requirementId');
    await markEdited(tx, row);
    const values = {
      taskingId: id,
      requirementId,
      answer: input.answer,
      nothingToReport: input.nothingToReport,
      explanation: input.nothingToReport ? (input.explanation ?? null) : null,
      updatedBy: caller.actor.id,
    };
    await q.upsertAnswer(tx, values);
    await appendAudit(tx, caller.actor, {
      action: 'tasking.answered',
      entityType: 'tasking',
      entityId: id,
      changes: values,
    });
    return taskingView(tx, (await q.findTasking(tx, id))!);
  });
}

export async function linkRecord(db: Database, caller: Caller, id: string, input: LinkInput) {
  return db.transaction(async (tx) => {
    const row = await forPostWork(tx, caller, id);
    const r = await requirementOf(tx, row, input.requirementId, 'requirementId');
    if (r.recordType !== input.recordType)
      throw Invalid.field(
        'recordType',
        `"${r.title}" collects ${r.recordType ?? 'no records'}, not ${input.recordType}`,
      );
    const satisfier = satisfierFor(input.recordType)!;
    const context = {
      postId: row.post.id,
      countryCode: row.post.countryCode,
      periodStart: '',
      periodEnd: '',
    };
    const [record] = await satisfier.describe(tx, [input.recordId], context);
    if (!record || !belongsToPost(record, context))
      throw Invalid.field(
        'recordId',
        `no ${satisfier.label.toLowerCase()} record ${input.recordId} of this post or its country`,
      );
    await markEdited(tx, row);
    if (await q.insertLink(tx, { taskingId: id, ...input, linkedBy: caller.actor.id }))
      await appendAudit(tx, caller.actor, {
        action: 'tasking.linked',
        entityType: 'tasking',
        entityId: id,
        changes: input,
      });
    return taskingView(tx, (await q.findTasking(tx, id))!);
  });
}

export async function unlinkRecord(db: Database, caller: Caller, id: string, input: LinkInput) {
  return db.transaction(async (tx) => {
    await forPostWork(tx, caller, id);
    if (!(await q.deleteLink(tx, { taskingId: id, ...input })))
      throw new NotFound(`record ${input.recordId} is not linked to that requirement`);
    await appendAudit(tx, caller.actor, {
      action: 'tasking.unlinked',
      entityType: 'tasking',
      entityId: id,
      changes: input,
    });
    return taskingView(tx, (await q.findTasking(tx, id))!);
  });
}

function assertVersion(row: TaskingRow, version: number) {
  if (row.tasking.version !== version)
    throw new Conflict(
      `The tasking of ${row.post.name} was changed since you opened it (you saw version ${version}, it is now version ${row.tasking.version}). Reload it and try again.`,
      taskingSummary(row),
    );
}

export async function submitTasking(db: Database, caller: Caller, id: string, version: number) {
  return db.transaction(async (tx) => {
    await q.lockTasking(tx, id);
    const row = await taskingOr404(tx, id);
    assertCan(caller.principal, 'tasking.read', scopeOf(row));
    assertCan(caller.principal, 'tasking.submit', scopeOf(row));
    assertVersion(row, version);
    const status = nextTaskingStatus(row.tasking.status, 'submit');
    const d = (await q.findDirective(tx, row.tasking.directiveId))!;
    assertReadyToSubmit(readiness(await requirementStates(tx, row, d)));
    await q.setTasking(tx, id, { status, submittedAt: new Date(), submittedBy: caller.actor.id });
    await q.insertReview(tx, { taskingId: id, action: 'submitted', actorId: caller.actor.id });
    await appendAudit(tx, caller.actor, {
      action: 'tasking.submitted',
      entityType: 'tasking',
      entityId: id,
    });
    await notify(tx, await editorRecipients(tx), {
      kind: 'submitted',
      title: `${row.post.name} submitted ${row.directiveReference}`,
      link: `/taskings/${id}`,
      eventKey: `submitted:${id}:${row.tasking.version}`,
    });
    return taskingView(tx, (await q.findTasking(tx, id))!);
  });
}

export async function reviewTasking(
  db: Database,
  caller: Caller,
  id: string,
  input: { decision: 'return' | 'accept'; version: number; comment?: string | undefined },
) {
  return db.transaction(async (tx) => {
    await q.lockTasking(tx, id);
    const row = await taskingOr404(tx, id);
    assertCan(caller.principal, 'tasking.review', scopeOf(row));
    assertVersion(row, input.version);
    let status = nextTaskingStatus(row.tasking.status, input.decision);
    const comment = input.comment?.trim() || null;
    if (input.decision === 'return' && !comment)
      throw Invalid.field('comment', 'say what the post should fix when returning a tasking');
    // Returned after the due date: the post is late again at once.
    if (status === 'returned' && isOverdue('returned', row.dueOn, isoToday())) status = 'overdue';
    await q.setTasking(tx, id, {
      status,
      reviewedAt: new Date(),
      reviewedBy: caller.actor.id,
      reviewComment: comment,
    });
    const action = input.decision === 'return' ? 'returned' : 'accepted';
    await q.insertReview(tx, { taskingId: id, action, comment, actorId: caller.actor.id });
    await appendAudit(tx, caller.actor, {
      action: `tasking.${action}`,
      entityType: 'tasking',
      entityId: id,
      changes: { comment },
    });
    await notify(tx, await postRecipients(tx, row.post.id), {
      kind: action,
      title: `${row.directiveReference} ${action} by headquarters`,
      body: comment ?? '',
      link: `/taskings/${id}`,
      eventKey: `${action}:${id}:${row.tasking.version}`,
    });
    return taskingView(tx, (await q.findTasking(tx, id))!);
  });
}

/** The post has read the amendments so far: they no longer show as changes. */
export async function acknowledgeAmendments(db: Database, caller: Caller, id: string) {
  return db.transaction(async (tx) => {
    const row = await taskingOr404(tx, id);
    assertCan(caller.principal, 'tasking.write', scopeOf(row));
    if (row.tasking.seenAmendment < row.amendment) {
      await q.setTaskingSeen(tx, id, row.amendment);
      await appendAudit(tx, caller.actor, {
        action: 'tasking.amendments_read',
        entityType: 'tasking',
        entityId: id,
        changes: { seenAmendment: row.amendment },
      });
    }
    return taskingView(tx, (await q.findTasking(tx, id))!);
  });
}
