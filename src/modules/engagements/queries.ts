// SQL for engagements: the record with its follow-ups and sources, the visibility-filtered
// list and country timeline, and the overdue follow-ups of the posts a person works for.
import { and, asc, desc, eq, gte, inArray, lt, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import {
  countries,
  directives,
  engagementFollowUps,
  engagements,
  engagementSources,
  posts,
  sources,
} from '../../db/schema/index.ts';
import type { IncidentVisibility } from '../../domain/incidentWorkflow.ts';
import type { EngagementSourceInput, FollowUpInput } from './schemas.ts';

export type EngagementRecord = typeof engagements.$inferSelect;

export async function findEngagement(db: Executor, id: string) {
  const [row] = await db
    .select({ engagement: engagements, regionId: countries.regionId })
    .from(engagements)
    .innerJoin(posts, eq(posts.id, engagements.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(engagements.id, id));
  return row;
}

export async function lockEngagement(db: Executor, id: string): Promise<void> {
  await db
    .select({ id: engagements.id })
    .from(engagements)
    .where(eq(engagements.id, id))
    .for('update');
}

export async function insertEngagement(db: Executor, values: typeof engagements.$inferInsert) {
  const [row] = await db.insert(engagements).values(values).returning();
  return row!;
}

export async function replaceFollowUps(db: Executor, engagementId: string, list: FollowUpInput[]) {
  await db.delete(engagementFollowUps).where(eq(engagementFollowUps.engagementId, engagementId));
  if (list.length)
    await db.insert(engagementFollowUps).values(
      list.map((f, position) => ({
        engagementId,
        action: f.action,
        owner: f.owner,
        dueOn: f.dueOn,
        status: f.status ?? 'open',
        position,
      })),
    );
}

export async function replaceSources(
  db: Executor,
  engagementId: string,
  list: EngagementSourceInput[],
) {
  await db.delete(engagementSources).where(eq(engagementSources.engagementId, engagementId));
  if (list.length)
    await db
      .insert(engagementSources)
      .values(list.map((s) => ({ engagementId, sourceId: s.sourceId, note: s.note ?? null })));
}

export async function existingSourceIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.select({ id: sources.id }).from(sources).where(inArray(sources.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function loadChildren(db: Executor, engagementId: string) {
  const followUps = await db
    .select({
      id: engagementFollowUps.id,
      action: engagementFollowUps.action,
      owner: engagementFollowUps.owner,
      dueOn: engagementFollowUps.dueOn,
      status: engagementFollowUps.status,
    })
    .from(engagementFollowUps)
    .where(eq(engagementFollowUps.engagementId, engagementId))
    .orderBy(asc(engagementFollowUps.position));
  const linked = await db
    .select({ note: engagementSources.note, source: sources })
    .from(engagementSources)
    .innerJoin(sources, eq(sources.id, engagementSources.sourceId))
    .where(eq(engagementSources.engagementId, engagementId))
    .orderBy(asc(sources.title));
  return { followUps, sources: linked };
}

/** What the person may see: their posts, their regions, everything, or what they wrote. */
function visibleTo(v: IncidentVisibility): SQL | undefined {
  if (v.everywhere) return undefined;
  const clauses: SQL[] = [eq(engagements.createdBy, v.userId)];
  if (v.postIds.length) clauses.push(inArray(engagements.postId, v.postIds));
  if (v.regionIds.length) clauses.push(inArray(countries.regionId, v.regionIds));
  return or(...clauses);
}

export interface EngagementFilter {
  country?: string | undefined;
  post?: number | undefined;
  kind?: string | undefined;
  topic?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  status?: 'draft' | 'logged' | undefined;
  limit: number;
  /** Oldest first (a timeline) rather than newest first (a log). */
  chronological?: boolean;
}

export async function listEngagements(
  db: Executor,
  v: IncidentVisibility,
  f: EngagementFilter,
  today: string,
) {
  const where = and(
    visibleTo(v),
    f.country ? eq(engagements.countryCode, f.country) : undefined,
    f.post ? eq(engagements.postId, f.post) : undefined,
    f.kind ? eq(engagements.kind, f.kind) : undefined,
    f.topic ? sql`${engagements.topics} @> array[${f.topic}]::text[]` : undefined,
    f.from ? gte(engagements.occurredOn, f.from) : undefined,
    f.to ? lte(engagements.occurredOn, f.to) : undefined,
    f.status ? eq(engagements.status, f.status) : undefined,
  );
  const order = f.chronological
    ? [asc(engagements.occurredOn), asc(engagements.createdAt)]
    : [desc(engagements.occurredOn), desc(engagements.createdAt)];
  return db
    .select({
      id: engagements.id,
      postId: engagements.postId,
      countryCode: engagements.countryCode,
      occurredOn: engagements.occurredOn,
      kind: engagements.kind,
      counterpartOffice: engagements.counterpartOffice,
      counterpartLevel: engagements.counterpartLevel,
      topics: engagements.topics,
      stance: engagements.stance,
      responseSummary: engagements.responseSummary,
      marking: engagements.marking,
      status: engagements.status,
      synthetic: engagements.synthetic,
      openFollowUps: sql<number>`(select count(*)::int from ${engagementFollowUps} f where f.engagement_id = "engagements"."id" and f.status = 'open')`,
      overdueFollowUps: sql<number>`(select count(*)::int from ${engagementFollowUps} f where f.engagement_id = "engagements"."id" and f.status = 'open' and f.due_on < ${today}::date)`,
    })
    .from(engagements)
    .innerJoin(posts, eq(posts.id, engagements.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(where)
    .orderBy(...order)
    .limit(f.limit);
}

export async function overdueFollowUps(
  db: Executor,
  v: IncidentVisibility,
  today: string,
  limit: number,
) {
  return db
    .select({
      id: engagementFollowUps.id,
      engagementId: engagements.id,
      postId: engagements.postId,
      countryCode: engagements.countryCode,
      occurredOn: engagements.occurredOn,
      kind: engagements.kind,
      counterpartOffice: engagements.counterpartOffice,
      action: engagementFollowUps.action,
      owner: engagementFollowUps.owner,
      dueOn: engagementFollowUps.dueOn,
      daysOverdue: sql<number>`(${today}::date - ${engagementFollowUps.dueOn})::int`,
    })
    .from(engagementFollowUps)
    .innerJoin(engagements, eq(engagements.id, engagementFollowUps.engagementId))
    .innerJoin(posts, eq(posts.id, engagements.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(
      and(
        visibleTo(v),
        eq(engagementFollowUps.status, 'open'),
        lt(engagementFollowUps.dueOn, today),
      ),
    )
    .orderBy(asc(engagementFollowUps.dueOn))
    .limit(limit);
}

export async function postWithRegion(db: Executor, postId: number) {
  const [row] = await db
    .select({ postId: posts.id, countryCode: posts.countryCode, regionId: countries.regionId })
    .from(posts)
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(posts.id, postId));
  return row;
}

/** An issued (or closed) directive with this id: drafts are not yet addressed to anyone. */
export async function issuedDirectiveExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: directives.id })
    .from(directives)
    .where(and(eq(directives.id, id), ne(directives.status, 'draft')));
  return !!row;
}

export async function countryExists(db: Executor, code: string): Promise<boolean> {
  const [row] = await db
    .select({ code: countries.code })
    .from(countries)
    .where(eq(countries.code, code));
  return !!row;
}
