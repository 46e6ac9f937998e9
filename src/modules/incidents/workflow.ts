// The review workflow of an incident: the post's approver submits it; a reviewer of the
// region (or an editor) who neither wrote nor edited it returns, verifies or rejects it.
// The rules are in domain/incidentWorkflow.ts; this file applies them in one transaction
// with the audit entry (and the decision's comment in the record's thread).
import { appendAudit } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import {
  assertDecisionComment,
  assertFacts,
  assertIndependentReviewer,
  assertReadyToSubmit,
  nextStatus,
  type ReviewDecision,
} from '../../domain/incidentWorkflow.ts';
import { assertCan } from '../../domain/policy.ts';
import * as q from './queries.ts';
import { assertVersion, incidentView, visibleIncident, type Caller } from './service.ts';

export async function submitIncident(db: Database, caller: Caller, id: string, version: number) {
  return db.transaction(async (tx) => {
    await q.lockIncident(tx, id);
    const { record, scope } = await visibleIncident(tx, caller.principal, id);
    assertCan(caller.principal, 'incident.submit', scope);
    const status = nextStatus(record.status, 'submit');
    assertVersion(record, version);
    assertReadyToSubmit((await q.linkedSourceIds(tx, id)).size);
    // Dates that were fine when drafted stay fine, but a record must still be coherent.
    assertFacts(record, new Date());
    const now = new Date();
    const updated = await q.setIncident(tx, id, {
      status,
      submittedAt: now,
      submittedBy: caller.actor.id,
    });
    await appendAudit(tx, caller.actor, {
      action: 'incident.submitted',
      entityType: 'incident',
      entityId: id,
      changes: { status: { from: record.status, to: status } },
    });
    return incidentView(tx, updated);
  });
}

const ACTION: Record<ReviewDecision, string> = {
  return: 'incident.returned',
  verify: 'incident.verified',
  reject: 'incident.rejected',
};

export async function reviewIncident(
  db: Database,
  caller: Caller,
  id: string,
  decision: { decision: ReviewDecision; version: number; comment?: string | undefined },
) {
  return db.transaction(async (tx) => {
    await q.lockIncident(tx, id);
    const { record, scope } = await visibleIncident(tx, caller.principal, id);
    assertCan(caller.principal, 'incident.review', scope);
    const status = nextStatus(record.status, decision.decision);
    assertDecisionComment(decision.decision, decision.comment);
    assertIndependentReviewer(caller.actor.id, [
      record.createdBy,
      record.updatedBy,
      ...(await q.contentAuthors(tx, id)),
    ]);
    assertVersion(record, decision.version);
    const now = new Date();
    const updated = await q.setIncident(tx, id, {
      status,
      ...(status === 'verified' ? { verifiedAt: now, verifiedBy: caller.actor.id } : {}),
    });
    const comment = decision.comment?.trim();
    if (comment)
      await q.insertComment(tx, {
        entityType: 'incident',
        entityId: id,
        authorId: caller.actor.id,
        body: comment,
      });
    await appendAudit(tx, caller.actor, {
      action: ACTION[decision.decision],
      entityType: 'incident',
      entityId: id,
      changes: { status: { from: record.status, to: status }, ...(comment ? { comment } : {}) },
    });
    return incidentView(tx, updated);
  });
}
