// Directives: draft, edit, issue (one tasking per addressed post, idempotently), amend after
// issue (each amendment stored with what changed, and the posts told), close. Addressees are
// regions, countries and posts, resolved to posts when the directive is issued.
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor, Tx } from '../../db/connection.ts';
import {
  amendmentChanges,
  dateErrors,
  isoToday,
  type AmendableDirective,
} from '../../domain/directives.ts';
import { Conflict, Invalid, NotFound, type FieldError } from '../../domain/errors.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import { notify, postRecipients } from '../notifications/service.ts';
import { renderMarkdown } from './markdown.ts';
import * as q from './queries.ts';
import { satisfierFor } from './satisfiers/index.ts';
import type {
  Addressees,
  CreateDirectiveInput,
  RequirementInput,
  UpdateDirectiveInput,
} from './schemas.ts';

export interface Caller {
  principal: Principal;
  actor: Actor & { id: string };
}

export async function findDirectiveOr404(db: Executor, id: string, lock = false) {
  const row = await q.findDirective(db, id, lock);
  if (!row) throw new NotFound(`directive ${id} does not exist`);
  return row;
}

export function requirementView(r: q.RequirementRecord) {
  const satisfier = r.recordType ? satisfierFor(r.recordType) : undefined;
  return {
    id: r.id,
    position: r.position,
    kind: r.kind,
    recordType: r.recordType,
    recordTypeLabel: satisfier?.label ?? r.recordType,
    criteria: r.criteria,
    criteriaText: satisfier ? satisfier.describeCriteria(r.criteria) : '',
    title: r.title,
    guidance: r.guidance,
    required: r.required,
    withdrawn: r.withdrawn,
  };
}

export async function directiveView(db: Executor, d: q.DirectiveRecord) {
  const [requirements, amendments] = await Promise.all([
    q.requirementsOf(db, d.id),
    q.amendmentsOf(db, d.id),
  ]);
  const tasked = d.status === 'draft' ? [] : await q.taskingsOfDirective(db, d.id);
  const posts =
    d.status === 'draft' ? await q.resolvePosts(db, d.addressees) : tasked.map((t) => t.post);
  return {
    ...d,
    bodyHtml: renderMarkdown(d.body),
    requirements: requirements.map(requirementView),
    posts,
    amendments: amendments.map((a) => ({ ...a, changes: a.changes as never })),
    taskingCount: tasked.length,
  };
}

async function addresseeErrors(db: Executor, a: Addressees): Promise<FieldError[]> {
  const [regions, countries, posts] = await Promise.all([
    q.existingRegionIds(db, a.regionIds),
    q.existingCountryCodes(db, a.countryCodes),
    q.existingPostIds(db, a.postIds),
  ]);
  return [
    ...a.regionIds.flatMap((id, i) =>
      regions.has(id)
        ? []
        : [{ field: `addressees.regionIds.${i}`, message: `unknown region ${id}` }],
    ),
    ...a.countryCodes.flatMap((c, i) =>
      countries.has(c)
        ? []
        : [{ field: `addressees.countryCodes.${i}`, message: `unknown country ${c}` }],
    ),
    ...a.postIds.flatMap((id, i) =>
      posts.has(id) ? [] : [{ field: `addressees.postIds.${i}`, message: `unknown post ${id}` }],
    ),
  ];
}

async function requirementErrors(db: Executor, list: RequirementInput[]): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  for (const [i, r] of list.entries()) {
    if (r.kind === 'question') {
      if (r.recordType)
        errors.push({
          field: `requirements.${i}.recordType`,
          message: 'a question collects no records',
        });
      continue;
    }
    const satisfier = r.recordType ? satisfierFor(r.recordType) : undefined;
    if (!satisfier) {
      errors.push({
        field: `requirements.${i}.recordType`,
        message: r.recordType
          ? `unknown record type ${r.recordType}`
          : 'name the record type to collect',
      });
      continue;
    }
    errors.push(
      ...(await satisfier.checkCriteria(db, r.criteria ?? {}, `requirements.${i}.criteria`)),
    );
  }
  return errors;
}

async function saveRequirements(
  tx: Tx,
  directiveId: string,
  list: RequirementInput[],
  issued: boolean,
) {
  const existing = await q.requirementsOf(tx, directiveId);
  const byId = new Map(existing.map((r) => [r.id, r]));
  const kept = new Set<string>();
  for (const [position, r] of list.entries()) {
    const values = {
      position,
      kind: r.kind,
      recordType: r.kind === 'records' ? (r.recordType ?? null) : null,
      criteria: r.kind === 'records' ? (r.criteria ?? {}) : {},
      title: r.title,
      guidance: r.guidance ?? '',
      required: r.required,
      withdrawn: false,
    };
    if (r.id && byId.has(r.id)) {
      kept.add(r.id);
      await q.updateRequirement(tx, r.id, values);
    } else if (r.id) {
      throw Invalid.field(
        `requirements.${position}.id`,
        `requirement ${r.id} is not part of this directive`,
      );
    } else {
      await q.insertRequirement(tx, { directiveId, ...values });
    }
  }
  for (const r of existing)
    if (!kept.has(r.id)) {
      // After issue, answers may already refer to it: withdraw rather than delete.
      if (issued)
        await q.updateRequirement(tx, r.id, { withdrawn: true, position: 1000 + r.position });
      else await q.deleteRequirement(tx, r.id);
    }
}

function amendable(d: q.DirectiveRecord, requirements: q.RequirementRecord[]): AmendableDirective {
  return {
    title: d.title,
    body: d.body,
    dueOn: d.dueOn,
    periodStart: d.periodStart,
    periodEnd: d.periodEnd,
    requirements: requirements.filter((r) => !r.withdrawn),
  };
}

export async function createDirective(db: Database, caller: Caller, input: CreateDirectiveInput) {
  assertCan(caller.principal, 'directive.write');
  return db.transaction(async (tx) => {
    const errors = [
      ...dateErrors(input),
      ...(await addresseeErrors(tx, input.addressees)),
      ...(await requirementErrors(tx, input.requirements)),
    ];
    if (errors.length) throw new Invalid(errors);
    const { requirements, ...fields } = input;
    const d = await q.insertDirective(tx, {
      ...fields,
      synthetic: input.synthetic ?? false,
      createdBy: caller.actor.id,
      updatedBy: caller.actor.id,
    });
    await saveRequirements(tx, d.id, requirements, false);
    await appendAudit(tx, caller.actor, {
      action: 'directive.created',
      entityType: 'directive',
      entityId: d.id,
      changes: { reference: d.reference, ...input },
    });
    return directiveView(tx, d);
  });
}

export async function getDirective(db: Database, principal: Principal, id: string) {
  assertCan(principal, 'directive.read');
  return directiveView(db, await findDirectiveOr404(db, id));
}

export async function listDirectives(
  db: Database,
  principal: Principal,
  filter: Parameters<typeof q.listDirectives>[1],
) {
  assertCan(principal, 'directive.read');
  return { items: await q.listDirectives(db, filter) };
}

function assertVersion(d: q.DirectiveRecord, version: number) {
  if (d.version !== version)
    throw new Conflict(
      `Directive ${d.reference} was changed by someone else since you opened it (you edited version ${version}, ` +
        `it is now version ${d.version}). Reload it and reapply your change.`,
      d,
    );
}

/** Tasks the posts not yet tasked, and tells each new post. */
async function taskPosts(tx: Tx, d: q.DirectiveRecord, postIds: number[]) {
  const created = await q.insertTaskings(tx, d.id, postIds);
  for (const t of created)
    await notify(tx, await postRecipients(tx, t.postId), {
      kind: 'issued',
      title: `New directive ${d.reference}: ${d.title}`,
      body: `Your post has been tasked; due ${d.dueOn}.`,
      link: `/taskings/${t.id}`,
      eventKey: `issued:${t.id}`,
    });
  return created;
}

export async function updateDirective(
  db: Database,
  caller: Caller,
  id: string,
  input: UpdateDirectiveInput,
) {
  assertCan(caller.principal, 'directive.write');
  return db.transaction(async (tx) => {
    const before = await findDirectiveOr404(tx, id, true);
    assertVersion(before, input.version);
    if (before.status === 'closed') throw new Conflict(`Directive ${before.reference} is closed.`);
    const issued = before.status === 'issued';
    const { version: _v, requirements, amendmentSummary, ...patch } = input;
    void _v;
    const merged = { ...before, ...patch };
    const errors = [
      ...dateErrors({ ...merged, issuedOn: merged.issuedOn ?? undefined }),
      ...(patch.addressees ? await addresseeErrors(tx, patch.addressees) : []),
      ...(requirements ? await requirementErrors(tx, requirements) : []),
    ];
    if (issued && patch.addressees && !(await q.resolvePosts(tx, patch.addressees)).length)
      errors.push({ field: 'addressees', message: 'the addressees name no active post' });
    if (errors.length) throw new Invalid(errors);

    const requirementsBefore = await q.requirementsOf(tx, id);
    if (requirements) await saveRequirements(tx, id, requirements, issued);
    let after = await q.setDirective(tx, id, { ...patch, updatedBy: caller.actor.id });
    const auditChanges: Record<string, unknown> = { ...patch, requirements };
    if (issued) {
      const changes = amendmentChanges(
        amendable(before, requirementsBefore),
        amendable(after, await q.requirementsOf(tx, id)),
      );
      const number = before.amendment + 1;
      after = await q.setDirective(tx, id, { amendment: number });
      const summary =
        amendmentSummary?.trim() || changes.map((c) => c.label).join(', ') || 'Amended';
      await q.insertAmendment(tx, {
        directiveId: id,
        number,
        summary,
        changes,
        snapshot: amendable(after, await q.requirementsOf(tx, id)),
        amendedBy: caller.actor.id,
      });
      auditChanges.amendment = { number, summary, changes };
      const existing = await q.taskingsOfDirective(tx, id);
      // A due date moved into the future reopens taskings the scheduler had marked overdue.
      if (patch.dueOn && patch.dueOn >= isoToday())
        for (const t of existing)
          if (t.tasking.status === 'overdue')
            await q.setTaskingStatus(tx, t.tasking.id, 'in_progress');
      for (const t of existing)
        await notify(tx, await postRecipients(tx, t.post.id), {
          kind: 'amended',
          title: `Directive ${after.reference} amended (${number})`,
          body: summary,
          link: `/taskings/${t.tasking.id}`,
          eventKey: `amended:${id}:${number}`,
        });
      if (patch.addressees)
        await taskPosts(
          tx,
          after,
          (await q.resolvePosts(tx, patch.addressees)).map((p) => p.id),
        );
    }
    await appendAudit(tx, caller.actor, {
      action: issued ? 'directive.amended' : 'directive.updated',
      entityType: 'directive',
      entityId: id,
      changes: auditChanges,
    });
    return directiveView(tx, after);
  });
}

/**
 * Issues a draft: one tasking per post the addressees resolve to. Issuing an issued directive
 * again changes nothing and answers with it as it is (a retried request, a double click).
 */
export async function issueDirective(
  db: Database,
  caller: Caller,
  id: string,
  input: { version: number; issuedOn?: string | undefined },
) {
  assertCan(caller.principal, 'directive.write');
  return db.transaction(async (tx) => {
    const d = await findDirectiveOr404(tx, id, true);
    if (d.status === 'issued') return directiveView(tx, d);
    if (d.status === 'closed') throw new Conflict(`Directive ${d.reference} is closed.`);
    assertVersion(d, input.version);
    const issuedOn = input.issuedOn ?? isoToday();
    const errors = dateErrors({ issuedOn, dueOn: d.dueOn });
    const posts = await q.resolvePosts(tx, d.addressees);
    if (!posts.length)
      errors.push({
        field: 'addressees',
        message: 'choose at least one region, country or post with an active post',
      });
    const requirements = (await q.requirementsOf(tx, id)).filter((r) => !r.withdrawn);
    if (!requirements.length)
      errors.push({ field: 'requirements', message: 'a directive needs at least one requirement' });
    if (errors.length) throw new Invalid(errors);
    const issued = await q.setDirective(tx, id, {
      status: 'issued',
      issuedOn,
      updatedBy: caller.actor.id,
    });
    const created = await taskPosts(
      tx,
      issued,
      posts.map((p) => p.id),
    );
    await appendAudit(tx, caller.actor, {
      action: 'directive.issued',
      entityType: 'directive',
      entityId: id,
      changes: { issuedOn, posts: posts.map((p) => p.code), taskings: created.length },
    });
    return directiveView(tx, issued);
  });
}

export async function closeDirective(db: Database, caller: Caller, id: string, version: number) {
  assertCan(caller.principal, 'directive.write');
  return db.transaction(async (tx) => {
    const d = await findDirectiveOr404(tx, id, true);
    assertVersion(d, version);
    if (d.status !== 'issued')
      throw new Conflict(
        `Directive ${d.reference} is ${d.status}; only an issued directive can be closed.`,
      );
    const closed = await q.setDirective(tx, id, {
      status: 'closed',
      closedAt: new Date(),
      updatedBy: caller.actor.id,
    });
    await appendAudit(tx, caller.actor, {
      action: 'directive.closed',
      entityType: 'directive',
      entityId: id,
    });
    return directiveView(tx, closed);
  });
}
