// SQL for partner organisations, their members and shares, and for what shares contain:
// the releasable fields of an incident or engagement, and verified-incident counts.
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import {
  engagements,
  incidents,
  partnerMembers,
  partnerOrganisations,
  partnerShares,
  roleAssignments,
  users,
} from '../../db/schema/index.ts';

export type PartnerRecord = typeof partnerOrganisations.$inferSelect;
export type ShareRecord = typeof partnerShares.$inferSelect;

export async function listPartners(db: Executor, today: string) {
  return db
    .select({
      id: partnerOrganisations.id,
      name: partnerOrganisations.name,
      kind: partnerOrganisations.kind,
      foreign: partnerOrganisations.foreign,
      active: partnerOrganisations.active,
      version: partnerOrganisations.version,
      members: sql<number>`(select count(*)::int from ${partnerMembers} m where m.organisation_id = "partner_organisations"."id")`,
      activeShares: sql<number>`(select count(*)::int from ${partnerShares} s where s.organisation_id = "partner_organisations"."id" and s.revoked_at is null and s.expires_on >= ${today}::date)`,
    })
    .from(partnerOrganisations)
    .orderBy(asc(partnerOrganisations.name));
}

export async function findPartner(db: Executor, id: string) {
  const [row] = await db.select().from(partnerOrganisations).where(eq(partnerOrganisations.id, id));
  return row;
}

export async function nameTaken(db: Executor, name: string, exceptId?: string) {
  const [row] = await db
    .select({ id: partnerOrganisations.id })
    .from(partnerOrganisations)
    .where(eq(partnerOrganisations.name, name));
  return !!row && row.id !== exceptId;
}

export async function insertPartner(
  db: Executor,
  values: typeof partnerOrganisations.$inferInsert,
) {
  const [row] = await db.insert(partnerOrganisations).values(values).returning();
  return row!;
}

export async function membersOf(db: Executor, organisationId: string) {
  return db
    .select({ userId: users.id, username: users.username, displayName: users.displayName })
    .from(partnerMembers)
    .innerJoin(users, eq(users.id, partnerMembers.userId))
    .where(eq(partnerMembers.organisationId, organisationId))
    .orderBy(asc(users.username));
}

export async function sharesOf(db: Executor, organisationId: string) {
  return db
    .select()
    .from(partnerShares)
    .where(eq(partnerShares.organisationId, organisationId))
    .orderBy(desc(partnerShares.createdAt));
}

export async function userWithPartnerRole(db: Executor, userId: string) {
  const [row] = await db
    .select({
      id: users.id,
      username: users.username,
      isPartner: sql<boolean>`exists (select 1 from ${roleAssignments} r where r.user_id = "users"."id" and r.role = 'partner')`,
    })
    .from(users)
    .where(eq(users.id, userId));
  return row;
}

/** Users holding the partner role who belong to no organisation yet, by name. */
export async function memberCandidates(db: Executor) {
  return db
    .select({ id: users.id, username: users.username, displayName: users.displayName })
    .from(users)
    .where(
      sql`exists (select 1 from ${roleAssignments} r where r.user_id = ${users.id} and r.role = 'partner')
          and not exists (select 1 from ${partnerMembers} m where m.user_id = ${users.id})`,
    )
    .orderBy(users.displayName, users.username);
}

export async function membershipOf(db: Executor, userId: string) {
  const [row] = await db.select().from(partnerMembers).where(eq(partnerMembers.userId, userId));
  return row;
}

export async function addMember(db: Executor, userId: string, organisationId: string) {
  await db.insert(partnerMembers).values({ userId, organisationId });
}

export async function removeMember(db: Executor, userId: string, organisationId: string) {
  const rows = await db
    .delete(partnerMembers)
    .where(
      and(eq(partnerMembers.userId, userId), eq(partnerMembers.organisationId, organisationId)),
    )
    .returning({ userId: partnerMembers.userId });
  return rows.length > 0;
}

export async function insertShare(db: Executor, values: typeof partnerShares.$inferInsert) {
  const [row] = await db.insert(partnerShares).values(values).returning();
  return row!;
}

export async function findShare(db: Executor, id: string) {
  const [row] = await db.select().from(partnerShares).where(eq(partnerShares.id, id));
  return row;
}

export async function revokeShare(db: Executor, id: string, by: string) {
  const [row] = await db
    .update(partnerShares)
    .set({ revokedAt: new Date(), revokedBy: by })
    .where(and(eq(partnerShares.id, id), isNull(partnerShares.revokedAt)))
    .returning();
  return row;
}

/** Shares an organisation may read today: not revoked, not expired. */
export async function activeSharesOf(db: Executor, organisationId: string, today: string) {
  return db
    .select()
    .from(partnerShares)
    .where(
      and(
        eq(partnerShares.organisationId, organisationId),
        isNull(partnerShares.revokedAt),
        gte(partnerShares.expiresOn, today),
      ),
    )
    .orderBy(desc(partnerShares.createdAt));
}

/** What of an incident may leave the ministry: no victim, perpetrator or source details. */
export async function releasableIncident(db: Executor, id: string) {
  const [row] = await db
    .select({
      reference: incidents.reference,
      countryCode: incidents.countryCode,
      title: incidents.title,
      narrative: incidents.narrative,
      categories: incidents.categories,
      occurredStart: incidents.occurredStart,
      occurredEnd: incidents.occurredEnd,
      datePrecision: incidents.datePrecision,
      placeName: incidents.placeName,
      route: incidents.route,
      status: incidents.status,
      marking: incidents.marking,
      synthetic: incidents.synthetic,
    })
    .from(incidents)
    .where(eq(incidents.id, id));
  return row;
}

export async function releasableEngagement(db: Executor, id: string) {
  const [row] = await db
    .select({
      countryCode: engagements.countryCode,
      occurredOn: engagements.occurredOn,
      kind: engagements.kind,
      counterpartOffice: engagements.counterpartOffice,
      counterpartLevel: engagements.counterpartLevel,
      topics: engagements.topics,
      concernsRaised: engagements.concernsRaised,
      dataRequested: engagements.dataRequested,
      supportOffered: engagements.supportOffered,
      responseSummary: engagements.responseSummary,
      stance: engagements.stance,
      marking: engagements.marking,
      synthetic: engagements.synthetic,
    })
    .from(engagements)
    .where(eq(engagements.id, id));
  return row;
}

/** Whether an engagement is still a draft (read in from a text, not confirmed by its post). */
export async function engagementIsDraft(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ status: engagements.status })
    .from(engagements)
    .where(eq(engagements.id, id));
  return row?.status === 'draft';
}

/** Verified incidents of a country that began in the period, by category, among the given markings. */
export async function verifiedCountsByCategory(
  db: Executor,
  f: { countryCode: string; periodStart: string; periodEnd: string; markings: string[] },
) {
  const rows = await db
    .select({
      category: sql<string>`c.category`,
      count: sql<number>`count(*)::int`,
    })
    .from(sql`${incidents} cross join lateral unnest(${incidents.categories}) as c(category)`)
    .where(
      and(
        eq(incidents.countryCode, f.countryCode),
        eq(incidents.status, 'verified'),
        gte(incidents.occurredStart, f.periodStart),
        lte(incidents.occurredStart, f.periodEnd),
        inArray(incidents.marking, f.markings),
      ),
    )
    .groupBy(sql`c.category`);
  const [total] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(incidents)
    .where(
      and(
        eq(incidents.countryCode, f.countryCode),
        eq(incidents.status, 'verified'),
        gte(incidents.occurredStart, f.periodStart),
        lte(incidents.occurredStart, f.periodEnd),
        inArray(incidents.marking, f.markings),
      ),
    );
  return { rows, total: total?.count ?? 0 };
}
