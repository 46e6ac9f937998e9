// What surrounds an incident's fields: its links to sources (each with the Admiralty
// information-credibility grade and the supporting excerpt), its comment thread and its
// audit history with field-level diffs.
import { appendAudit } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import { Conflict, Invalid, NotFound } from '../../domain/errors.ts';
import { editableBy } from '../../domain/incidentWorkflow.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import * as q from './queries.ts';
import type { SourceLinkInput } from './schemas.ts';
import { incidentView, visibleIncident, type Caller } from './service.ts';

async function editableIncident(db: Executor, caller: Caller, id: string) {
  const found = await visibleIncident(db, caller.principal, id);
  assertCan(caller.principal, 'incident.write', found.scope);
  const asEditor = caller.principal.roles.some((r) => r.role === 'editor');
  if (!editableBy(found.record.status, asEditor))
    throw new Conflict(
      `Incident ${found.record.reference} is ${found.record.status}; its sources can no longer be changed by its post.`,
    );
  return found;
}

export async function linkSource(db: Database, caller: Caller, id: string, link: SourceLinkInput) {
  return db.transaction(async (tx) => {
    await q.lockIncident(tx, id);
    await editableIncident(tx, caller, id);
    if (!(await q.existingSourceIds(tx, [link.sourceId])).size)
      throw Invalid.field('sourceId', `source ${link.sourceId} does not exist`);
    await q.upsertSourceLink(tx, {
      incidentId: id,
      sourceId: link.sourceId,
      credibility: link.credibility,
      excerpt: link.excerpt ?? null,
    });
    await q.refreshEvidenceText(tx, id);
    const updated = await q.setIncident(tx, id, { updatedBy: caller.actor.id });
    await appendAudit(tx, caller.actor, {
      action: 'incident.source_linked',
      entityType: 'incident',
      entityId: id,
      changes: link,
    });
    return incidentView(tx, updated);
  });
}

export async function unlinkSource(db: Database, caller: Caller, id: string, sourceId: string) {
  return db.transaction(async (tx) => {
    await q.lockIncident(tx, id);
    await editableIncident(tx, caller, id);
    if (await q.sourceIsCited(tx, id, sourceId))
      throw Invalid.field(
        'sourceId',
        'a victim nationality or perpetrator attribute of this incident cites the source; remove that first',
      );
    if (!(await q.deleteSourceLink(tx, id, sourceId)))
      throw new NotFound(`source ${sourceId} is not linked to this incident`);
    await q.refreshEvidenceText(tx, id);
    const updated = await q.setIncident(tx, id, { updatedBy: caller.actor.id });
    await appendAudit(tx, caller.actor, {
      action: 'incident.source_unlinked',
      entityType: 'incident',
      entityId: id,
      changes: { sourceId },
    });
    return incidentView(tx, updated);
  });
}

export async function listComments(db: Database, principal: Principal, id: string) {
  await visibleIncident(db, principal, id);
  return q.comments(db, 'incident', id);
}

export async function addComment(db: Database, caller: Caller, id: string, body: string) {
  return db.transaction(async (tx) => {
    const { scope } = await visibleIncident(tx, caller.principal, id);
    assertCan(caller.principal, 'incident.comment', scope);
    const row = await q.insertComment(tx, {
      entityType: 'incident',
      entityId: id,
      authorId: caller.actor.id,
      body,
    });
    await appendAudit(tx, caller.actor, {
      action: 'incident.commented',
      entityType: 'incident',
      entityId: id,
      changes: { commentId: row.id },
    });
    const [view] = (await q.comments(tx, 'incident', id)).filter((c) => c.id === row.id);
    return view!;
  });
}

export async function incidentHistory(db: Database, principal: Principal, id: string) {
  await visibleIncident(db, principal, id);
  return q.history(db, id);
}
