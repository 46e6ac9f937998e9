// Duplicate candidates of an incident (listed on demand and on its page, best first, with
// the reasons) and merging record B into record A: everything of B — source links, comments,
// attachments, protected victim details (sealed again for A), acts, victims, perpetrators,
// history — is kept on A, B becomes 'merged' with a
// pointer to A, in one transaction audited on both records, with version checks on both.
// A merge is a review act: reviewers of the region (for both records) and editors, never on a
// record they wrote or edited (the four-eyes rule of domain/incidentWorkflow.ts).
import { appendAudit } from '../../db/audit.ts';
import type { Database, Executor } from '../../db/connection.ts';
import { assessDuplicate, rankDuplicates } from '../../domain/duplicates.ts';
import { Conflict, Invalid } from '../../domain/errors.ts';
import { assertIndependentReviewer, incidentVisibility } from '../../domain/incidentWorkflow.ts';
import { assertCan, type Principal } from '../../domain/policy.ts';
import * as incidentQueries from '../incidents/queries.ts';
import type { Keyring } from '../protected/keyring.ts';
import { moveProtectedDetails } from '../protected/service.ts';
import { assertVersion, incidentView, visibleIncident, type Caller } from '../incidents/service.ts';
import * as q from './queries.ts';
import type { DuplicateCandidate, MergeInput } from './schemas.ts';

/** Rows examined per record: the country-and-period filter leaves few; this bounds the worst case. */
const EXAMINED = 500;
/** Candidates returned, best first. */
const LISTED = 20;

export async function findDuplicates(
  db: Executor,
  principal: Principal,
  id: string,
): Promise<{ items: DuplicateCandidate[] }> {
  const { record } = await visibleIncident(db, principal, id);
  if (record.status === 'merged') return { items: [] };
  const rows = await q.candidateRows(db, incidentVisibility(principal), record, EXAMINED);
  const point = (lat: number | null, lon: number | null) =>
    lat == null || lon == null ? null : { lat, lon };
  const own = point(record.latitude, record.longitude);
  const items = rows.flatMap((r) => {
    const theirs = point(r.latitude, r.longitude);
    const shared = r.categories.filter((c) => record.categories.includes(c));
    const assessment = assessDuplicate({
      titleSimilarity: Number(r.titleSimilarity),
      narrativeSimilarity: Number(r.narrativeSimilarity),
      placeSimilarity: r.placeSimilarity == null ? null : Number(r.placeSimilarity),
      points: own && theirs ? { a: own, b: theirs } : null,
      daysApart: Number(r.daysApart),
      sharedCategories: shared,
      allCategories: new Set([...r.categories, ...record.categories]).size,
    });
    if (!assessment) return [];
    return [
      {
        id: r.id,
        reference: r.reference,
        title: r.title,
        status: r.status as DuplicateCandidate['status'],
        postId: r.postId,
        categories: r.categories,
        occurredStart: r.occurredStart,
        occurredEnd: r.occurredEnd,
        datePrecision: r.datePrecision,
        placeName: r.placeName,
        ...assessment,
      },
    ];
  });
  return { items: rankDuplicates(items).slice(0, LISTED) };
}

async function mergeable(
  tx: Executor,
  caller: Caller,
  id: string,
): Promise<Awaited<ReturnType<typeof visibleIncident>>> {
  const found = await visibleIncident(tx, caller.principal, id);
  assertCan(caller.principal, 'incident.merge', found.scope);
  const { status, reference } = found.record;
  if (status === 'merged')
    throw new Conflict(`Incident ${reference} was already merged into another record.`);
  if (status === 'draft')
    throw new Conflict(
      `Incident ${reference} is a draft still with its post; it cannot be merged.`,
    );
  return found;
}

export async function mergeIncident(
  deps: { db: Database; keyring: Keyring },
  caller: Caller,
  id: string,
  input: MergeInput,
) {
  const { db, keyring } = deps;
  if (input.duplicateId === id)
    throw Invalid.field('duplicateId', 'a record cannot be merged into itself');
  return db.transaction(async (tx) => {
    // Lock both in one order, so two merges of the same pair cannot deadlock.
    for (const lockId of [id, input.duplicateId].sort())
      await incidentQueries.lockIncident(tx, lockId);
    const a = await mergeable(tx, caller, id);
    const b = await mergeable(tx, caller, input.duplicateId);
    assertIndependentReviewer(caller.actor.id, [
      a.record.createdBy,
      a.record.updatedBy,
      b.record.createdBy,
      b.record.updatedBy,
      ...(await incidentQueries.contentAuthors(tx, id)),
      ...(await incidentQueries.contentAuthors(tx, input.duplicateId)),
    ]);
    assertVersion(a.record, input.version);
    assertVersion(b.record, input.duplicateVersion);

    const from = b.record.id;
    const to = a.record.id;
    const before = await incidentQueries.loadDetails(tx, to);
    const added = await incidentQueries.loadDetails(tx, from);
    await q.copySourceLinks(tx, from, to, `[${b.record.reference}] `);
    await q.copyDetails(tx, from, to);
    const comments = await q.moveComments(tx, from, to);
    const attachments = await q.moveAttachments(tx, from, to);
    const protectedDetails = await moveProtectedDetails(tx, keyring, from, to);
    await q.repointMerged(tx, from, to);
    await incidentQueries.refreshEvidenceText(tx, to);
    const survivor = await incidentQueries.setIncident(tx, to, {});
    await incidentQueries.setIncident(tx, from, { status: 'merged', mergedInto: to });

    await appendAudit(tx, caller.actor, {
      action: 'incident.merged',
      entityType: 'incident',
      entityId: to,
      changes: {
        merged: { id: from, reference: b.record.reference },
        sources: {
          from: before.sources.map((l) => l.source.id),
          to: [...new Set([...before.sources, ...added.sources].map((l) => l.source.id))],
        },
        actsAdded: added.acts.length,
        victimGroupsAdded: added.victims.length,
        perpetratorsAdded: added.perpetrators.length,
        commentsMoved: comments,
        attachmentsMoved: attachments,
        protectedDetailsMoved: protectedDetails,
      },
    });
    await appendAudit(tx, caller.actor, {
      action: 'incident.merged_into',
      entityType: 'incident',
      entityId: from,
      changes: {
        status: { from: b.record.status, to: 'merged' },
        mergedInto: { from: null, to },
        into: a.record.reference,
      },
    });
    return incidentView(tx, survivor);
  });
}
