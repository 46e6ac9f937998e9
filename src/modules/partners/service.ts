// Partner organisations, their members and what is shared with them. Editors share one record
// or an aggregate; the item's marking decides whether it may go to that partner. Partner users
// read only their organisation's active shares: every list, view and download is audited, and
// an attempt at anything else is a 404 that is audited too. Revoking or expiry takes effect on
// the partner's next request, because every request looks the share up afresh.
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Executor, Tx } from '../../db/connection.ts';
import { partnerOrganisations, type SharedAggregate } from '../../db/schema/index.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { toCsv } from '../../domain/csv.ts';
import { Invalid, NotFound } from '../../domain/errors.ts';
import type { Principal } from '../../domain/policy.ts';
import { releaseRefusal, suppressSmallCells, SUPPRESSION_THRESHOLD } from '../../domain/sharing.ts';
import { INCIDENT_CATEGORIES, labelOf, MARKINGS } from '../../domain/vocabularies.ts';
import * as q from './queries.ts';
import type { CreatePartnerInput, CreateShareInput, UpdatePartnerInput } from './schemas.ts';

export interface Caller {
  principal: Principal;
  actor: Actor & { id: string };
}

const utcToday = () => new Date().toISOString().slice(0, 10);

function shareState(s: q.ShareRecord, today: string): 'active' | 'expired' | 'revoked' {
  return s.revokedAt ? 'revoked' : s.expiresOn < today ? 'expired' : 'active';
}

async function partnerView(db: Executor, id: string) {
  const partner = await q.findPartner(db, id);
  if (!partner) throw new NotFound(`partner organisation ${id} does not exist`);
  const today = utcToday();
  return {
    ...partner,
    members: await q.membersOf(db, id),
    shares: (await q.sharesOf(db, id)).map((s) => ({
      ...shareOut(s),
      state: shareState(s, today),
    })),
  };
}

function shareOut(s: q.ShareRecord) {
  return {
    id: s.id,
    organisationId: s.organisationId,
    itemType: s.itemType,
    recordId: s.recordId,
    aggregate: s.aggregate,
    title: s.title,
    note: s.note,
    expiresOn: s.expiresOn,
    revokedAt: s.revokedAt,
    createdAt: s.createdAt,
  };
}

export async function listPartners(db: Database) {
  return { items: await q.listPartners(db, utcToday()) };
}

export async function getPartner(db: Database, id: string) {
  return partnerView(db, id);
}

export async function createPartner(db: Database, caller: Caller, input: CreatePartnerInput) {
  return db.transaction(async (tx) => {
    if (await q.nameTaken(tx, input.name))
      throw Invalid.field('name', `a partner called "${input.name}" already exists`);
    const partner = await q.insertPartner(tx, input);
    await appendAudit(tx, caller.actor, {
      action: 'partner.created',
      entityType: 'partner_organisation',
      entityId: partner.id,
      changes: input,
    });
    return partnerView(tx, partner.id);
  });
}

export async function updatePartner(
  db: Database,
  caller: Caller,
  id: string,
  input: UpdatePartnerInput,
) {
  return db.transaction(async (tx) => {
    const { version, ...patch } = input;
    if (patch.name && (await q.nameTaken(tx, patch.name, id)))
      throw Invalid.field('name', `a partner called "${patch.name}" already exists`);
    const result = await updateVersioned(
      tx,
      {
        table: partnerOrganisations,
        idColumn: partnerOrganisations.id,
        id,
        label: 'Partner organisation',
      },
      version,
      patch,
    );
    await appendAudit(tx, caller.actor, {
      action: 'partner.updated',
      entityType: 'partner_organisation',
      entityId: id,
      changes: result.changes,
    });
    return partnerView(tx, id);
  });
}

export const memberCandidates = (db: Database) => q.memberCandidates(db);

export async function addMember(db: Database, caller: Caller, id: string, userId: string) {
  return db.transaction(async (tx) => {
    await partnerView(tx, id);
    const user = await q.userWithPartnerRole(tx, userId);
    if (!user) throw Invalid.field('userId', `user ${userId} does not exist`);
    if (!user.isPartner)
      throw Invalid.field(
        'userId',
        `${user.username} does not hold the partner role; give it first`,
      );
    const existing = await q.membershipOf(tx, userId);
    if (existing)
      throw Invalid.field(
        'userId',
        existing.organisationId === id
          ? `${user.username} is already a member`
          : `${user.username} already belongs to another partner organisation`,
      );
    await q.addMember(tx, userId, id);
    await appendAudit(tx, caller.actor, {
      action: 'partner.member_added',
      entityType: 'partner_organisation',
      entityId: id,
      changes: { userId, username: user.username },
    });
    return partnerView(tx, id);
  });
}

export async function removeMember(db: Database, caller: Caller, id: string, userId: string) {
  return db.transaction(async (tx) => {
    if (!(await q.removeMember(tx, userId, id)))
      throw new NotFound(`user ${userId} is not a member of partner ${id}`);
    await appendAudit(tx, caller.actor, {
      action: 'partner.member_removed',
      entityType: 'partner_organisation',
      entityId: id,
      changes: { userId },
    });
    return partnerView(tx, id);
  });
}

/** Verified incidents by category for a country and period, only those releasable to the partner. */
async function buildAggregate(
  tx: Tx,
  partner: q.PartnerRecord,
  spec: { countryCode: string; periodStart: string; periodEnd: string },
): Promise<SharedAggregate> {
  const markings = MARKINGS.filter((m) => !partner.foreign || m.foreignRelease).map((m) => m.code);
  const { rows, total } = await q.verifiedCountsByCategory(tx, { ...spec, markings });
  const ordered = INCIDENT_CATEGORIES.map((c) => ({
    key: c.code,
    count: rows.find((r) => r.category === c.code)?.count ?? 0,
  })).filter((c) => c.count > 0);
  const out = suppressSmallCells(ordered, SUPPRESSION_THRESHOLD, total);
  return {
    kind: 'verified_incidents_by_category',
    ...spec,
    threshold: SUPPRESSION_THRESHOLD,
    rows: out.cells.map((c) => ({
      category: labelOf(INCIDENT_CATEGORIES, c.key),
      count: c.count,
      display: c.display,
    })),
    total: out.total,
    note:
      `Incidents verified by the ministry that began between ${spec.periodStart} and ${spec.periodEnd}, as recorded by its posts; ` +
      `not a complete count of such crimes. An incident may fall in several categories, so categories add up to more than the total. ` +
      `Counts below ${SUPPRESSION_THRESHOLD} are shown as "<${SUPPRESSION_THRESHOLD}", and a further cell is withheld where one could be worked out from the total.` +
      (partner.foreign ? ' Only incidents releasable to foreign partners are counted.' : ''),
  };
}

export async function createShare(
  db: Database,
  caller: Caller,
  id: string,
  input: CreateShareInput,
) {
  return db.transaction(async (tx) => {
    const partner = await q.findPartner(tx, id);
    if (!partner) throw new NotFound(`partner organisation ${id} does not exist`);
    if (!partner.active) throw Invalid.field('organisationId', `${partner.name} is inactive`);
    if (input.expiresOn <= utcToday())
      throw Invalid.field('expiresOn', 'the expiry date must be after today');
    let title: string;
    let recordId: string | null = null;
    let aggregate: SharedAggregate | null = null;
    if (input.itemType === 'aggregate') {
      const spec = input.aggregate;
      if (spec.periodEnd < spec.periodStart)
        throw Invalid.field('aggregate.periodEnd', 'the period ends before it starts');
      aggregate = await buildAggregate(tx, partner, spec);
      title = input.title;
    } else {
      const record =
        input.itemType === 'incident'
          ? await q.releasableIncident(tx, input.recordId)
          : await q.releasableEngagement(tx, input.recordId);
      if (!record)
        throw Invalid.field('recordId', `${input.itemType} ${input.recordId} does not exist`);
      if ('status' in record && record.status !== 'verified')
        throw Invalid.field(
          'recordId',
          `only verified incidents can be shared; this one is ${record.status}`,
        );
      if (input.itemType === 'engagement' && (await q.engagementIsDraft(tx, input.recordId)))
        throw Invalid.field(
          'recordId',
          'this engagement is a draft read in from a text: its post must confirm it before it is shared',
        );
      const refusal = releaseRefusal(record.marking, partner);
      if (refusal) throw Invalid.field('recordId', `cannot share with ${partner.name}: ${refusal}`);
      recordId = input.recordId;
      title =
        input.title ??
        ('reference' in record
          ? `${record.reference}: ${record.title}`
          : `${record.occurredOn} ${record.kind}, ${record.counterpartOffice}`);
    }
    const share = await q.insertShare(tx, {
      organisationId: id,
      itemType: input.itemType,
      recordId,
      aggregate,
      title,
      note: input.note,
      expiresOn: input.expiresOn,
      createdBy: caller.actor.id,
    });
    await appendAudit(tx, caller.actor, {
      action: 'partner.shared',
      entityType: 'partner_share',
      entityId: share.id,
      changes: {
        organisationId: id,
        itemType: input.itemType,
        recordId,
        aggregate,
        expiresOn: input.expiresOn,
      },
    });
    return { ...shareOut(share), state: 'active' as const };
  });
}

export async function revokeShare(db: Database, caller: Caller, id: string, shareId: string) {
  return db.transaction(async (tx) => {
    const share = await q.findShare(tx, shareId);
    if (!share || share.organisationId !== id)
      throw new NotFound(`share ${shareId} does not exist`);
    const revoked = (await q.revokeShare(tx, shareId, caller.actor.id)) ?? share;
    if (!share.revokedAt)
      await appendAudit(tx, caller.actor, {
        action: 'partner.share_revoked',
        entityType: 'partner_share',
        entityId: shareId,
        changes: { organisationId: id },
      });
    return { ...shareOut(revoked), state: shareState(revoked, utcToday()) };
  });
}

// What a partner user reads ------------------------------------------------------------------

type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Runs a partner's read in a transaction with its audit entry. A refused read is audited too,
 * and only then answered with 404 (throwing inside the transaction would undo the entry).
 */
async function audited<T>(
  db: Database,
  caller: Caller,
  work: (tx: Tx) => Promise<Outcome<T>>,
): Promise<T> {
  const outcome = await db.transaction(work);
  if (!outcome.ok) throw new NotFound(outcome.message);
  return outcome.value;
}

export async function sharedWithMe(db: Database, caller: Caller) {
  return audited(db, caller, async (tx) => {
    const membership = await q.membershipOf(tx, caller.actor.id);
    const shares = membership
      ? await q.activeSharesOf(tx, membership.organisationId, utcToday())
      : [];
    await appendAudit(tx, caller.actor, {
      action: 'shared.listed',
      entityType: 'partner_organisation',
      entityId: membership?.organisationId ?? null,
      changes: { shares: shares.map((s) => s.id) },
    });
    return {
      ok: true,
      value: {
        items: shares.map((s) => ({
          id: s.id,
          itemType: s.itemType,
          title: s.title,
          note: s.note,
          expiresOn: s.expiresOn,
          sharedOn: s.createdAt,
        })),
      },
    };
  });
}

async function openShare(tx: Tx, caller: Caller, shareId: string, action: 'viewed' | 'downloaded') {
  const membership = await q.membershipOf(tx, caller.actor.id);
  const share = await q.findShare(tx, shareId);
  const partner = membership ? await q.findPartner(tx, membership.organisationId) : undefined;
  const refuse = async (reason: string) => {
    await appendAudit(tx, caller.actor, {
      action: 'shared.denied',
      entityType: 'partner_share',
      entityId: shareId,
      changes: { attempted: action, reason, organisationId: membership?.organisationId ?? null },
    });
    return { ok: false as const, message: `shared item ${shareId} does not exist` };
  };
  if (!share || !partner || share.organisationId !== partner.id)
    return refuse('not shared with this organisation');
  if (share.revokedAt) return refuse('revoked');
  if (share.expiresOn < utcToday()) return refuse('expired');
  if (!partner.active) return refuse('organisation inactive');
  let record: Record<string, unknown> | null = null;
  if (share.itemType !== 'aggregate') {
    const found =
      share.itemType === 'incident'
        ? await q.releasableIncident(tx, share.recordId!)
        : await q.releasableEngagement(tx, share.recordId!);
    // The record's marking is checked again: it may have been tightened since it was shared.
    if (!found) return refuse('record no longer exists');
    if (releaseRefusal(found.marking, partner))
      return refuse('record no longer releasable to this partner');
    record = found;
  }
  await appendAudit(tx, caller.actor, {
    action: `shared.${action}`,
    entityType: 'partner_share',
    entityId: shareId,
    changes: { organisationId: partner.id, itemType: share.itemType, recordId: share.recordId },
  });
  return {
    ok: true as const,
    value: {
      id: share.id,
      itemType: share.itemType,
      title: share.title,
      note: share.note,
      expiresOn: share.expiresOn,
      sharedOn: share.createdAt,
      organisationName: partner.name,
      aggregate: share.aggregate,
      record,
    },
  };
}

export async function viewShared(db: Database, caller: Caller, shareId: string) {
  return audited(db, caller, (tx) => openShare(tx, caller, shareId, 'viewed'));
}

/** The item as a file: CSV for an aggregate (with its note), JSON for a record. */
export async function downloadShared(db: Database, caller: Caller, shareId: string) {
  const item = await audited(db, caller, (tx) => openShare(tx, caller, shareId, 'downloaded'));
  if (item.aggregate) {
    const a = item.aggregate;
    const lines = [
      ['category', 'verified incidents'],
      ...a.rows.map((r) => [r.category, r.display]),
      ['total (distinct incidents)', a.total.display],
      [],
      ['country', a.countryCode],
      ['period', `${a.periodStart} to ${a.periodEnd}`],
      ['note', a.note],
    ];
    return {
      fileName: `shared-${item.id}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: toCsv(lines, { record_delimiter: '\r\n' }),
    };
  }
  return {
    fileName: `shared-${item.id}.json`,
    contentType: 'application/json; charset=utf-8',
    body: JSON.stringify(
      { title: item.title, note: item.note, sharedBy: 'Rapporteur', record: item.record },
      null,
      2,
    ),
  };
}
