// SQL for directives, their requirements and amendments, taskings with answers, links and
// reviews, and what the scheduler looks for (taskings coming due, taskings overdue).
import { and, asc, desc, eq, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import {
  countries,
  directiveAmendments,
  directiveRequirements,
  directives,
  posts,
  regions,
  taskingAnswers,
  taskingLinks,
  taskingReviews,
  taskings,
  users,
} from '../../db/schema/index.ts';
import type { Addressees } from './schemas.ts';

export type DirectiveRecord = typeof directives.$inferSelect;
export type RequirementRecord = typeof directiveRequirements.$inferSelect;
export type TaskingRecord = typeof taskings.$inferSelect;

export async function insertDirective(db: Executor, values: typeof directives.$inferInsert) {
  const [row] = await db.insert(directives).values(values).returning();
  return row!;
}

export async function findDirective(db: Executor, id: string, lock = false) {
  const query = db.select().from(directives).where(eq(directives.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function setDirective(db: Executor, id: string, values: Partial<DirectiveRecord>) {
  const [row] = await db
    .update(directives)
    .set({ ...values, version: sql`${directives.version} + 1`, updatedAt: new Date() })
    .where(eq(directives.id, id))
    .returning();
  return row!;
}

export async function listDirectives(
  db: Executor,
  filter: {
    status?: DirectiveRecord['status'] | undefined;
    kind?: DirectiveRecord['kind'] | undefined;
  },
) {
  return db
    .select()
    .from(directives)
    .where(
      and(
        filter.status ? eq(directives.status, filter.status) : undefined,
        filter.kind ? eq(directives.kind, filter.kind) : undefined,
      ),
    )
    .orderBy(desc(directives.createdAt), desc(directives.id))
    .limit(500);
}

export async function requirementsOf(db: Executor, directiveId: string) {
  return db
    .select()
    .from(directiveRequirements)
    .where(eq(directiveRequirements.directiveId, directiveId))
    .orderBy(asc(directiveRequirements.withdrawn), asc(directiveRequirements.position));
}

export async function insertRequirement(
  db: Executor,
  values: typeof directiveRequirements.$inferInsert,
) {
  await db.insert(directiveRequirements).values(values);
}

export async function updateRequirement(
  db: Executor,
  id: string,
  values: Partial<typeof directiveRequirements.$inferInsert>,
) {
  await db.update(directiveRequirements).set(values).where(eq(directiveRequirements.id, id));
}

export async function deleteRequirement(db: Executor, id: string) {
  await db.delete(directiveRequirements).where(eq(directiveRequirements.id, id));
}

export async function insertAmendment(
  db: Executor,
  values: typeof directiveAmendments.$inferInsert,
) {
  await db.insert(directiveAmendments).values(values);
}

export async function amendmentsOf(db: Executor, directiveId: string) {
  return db
    .select({
      number: directiveAmendments.number,
      summary: directiveAmendments.summary,
      changes: directiveAmendments.changes,
      amendedAt: directiveAmendments.amendedAt,
      amendedBy: users.displayName,
    })
    .from(directiveAmendments)
    .leftJoin(users, eq(users.id, directiveAmendments.amendedBy))
    .where(eq(directiveAmendments.directiveId, directiveId))
    .orderBy(asc(directiveAmendments.number));
}

const postColumns = {
  id: posts.id,
  code: posts.code,
  name: posts.name,
  countryCode: posts.countryCode,
  regionId: countries.regionId,
};

/** The active posts the addressees name: every post in the regions and countries, and the posts. */
export async function resolvePosts(db: Executor, a: Addressees) {
  const conditions: SQL[] = [];
  if (a.regionIds.length) conditions.push(inArray(countries.regionId, a.regionIds));
  if (a.countryCodes.length) conditions.push(inArray(posts.countryCode, a.countryCodes));
  if (a.postIds.length) conditions.push(inArray(posts.id, a.postIds));
  if (!conditions.length) return [];
  return db
    .select(postColumns)
    .from(posts)
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(and(eq(posts.active, true), or(...conditions)))
    .orderBy(asc(posts.name));
}

export async function existingRegionIds(db: Executor, ids: number[]) {
  if (!ids.length) return new Set<number>();
  const rows = await db.select({ id: regions.id }).from(regions).where(inArray(regions.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function existingCountryCodes(db: Executor, codes: string[]) {
  if (!codes.length) return new Set<string>();
  const rows = await db
    .select({ code: countries.code })
    .from(countries)
    .where(inArray(countries.code, codes));
  return new Set<string>(rows.map((r) => r.code));
}

export async function existingPostIds(db: Executor, ids: number[]) {
  if (!ids.length) return new Set<number>();
  const rows = await db.select({ id: posts.id }).from(posts).where(inArray(posts.id, ids));
  return new Set(rows.map((r) => r.id));
}

/** One tasking per post; a post already tasked is skipped (the unique constraint decides). */
export async function insertTaskings(db: Executor, directiveId: string, postIds: number[]) {
  if (!postIds.length) return [];
  return db
    .insert(taskings)
    .values(postIds.map((postId) => ({ directiveId, postId })))
    .onConflictDoNothing({ target: [taskings.directiveId, taskings.postId] })
    .returning();
}

const taskingColumns = {
  tasking: taskings,
  directiveReference: directives.reference,
  directiveTitle: directives.title,
  directiveKind: directives.kind,
  directiveStatus: directives.status,
  dueOn: directives.dueOn,
  amendment: directives.amendment,
  post: postColumns,
  regionName: regions.name,
};

function taskingQuery(db: Executor) {
  return db
    .select(taskingColumns)
    .from(taskings)
    .innerJoin(directives, eq(directives.id, taskings.directiveId))
    .innerJoin(posts, eq(posts.id, taskings.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .innerJoin(regions, eq(regions.id, countries.regionId));
}

export type TaskingRow = Awaited<ReturnType<typeof findTasking>> & object;

export async function findTasking(db: Executor, id: string) {
  const [row] = await taskingQuery(db).where(eq(taskings.id, id));
  return row;
}

export async function lockTasking(db: Executor, id: string) {
  await db.select({ id: taskings.id }).from(taskings).where(eq(taskings.id, id)).for('update');
}

export async function taskingsOfDirective(db: Executor, directiveId: string, regionId?: number) {
  return taskingQuery(db)
    .where(
      and(
        eq(taskings.directiveId, directiveId),
        regionId ? eq(countries.regionId, regionId) : undefined,
      ),
    )
    .orderBy(asc(posts.name));
}

export async function listTaskings(
  db: Executor,
  filter: {
    postIds?: number[] | undefined;
    regionIds?: number[] | undefined;
    open?: boolean | undefined;
  },
) {
  const scope: SQL[] = [];
  if (filter.postIds)
    scope.push(inArray(taskings.postId, filter.postIds.length ? filter.postIds : [-1]));
  if (filter.regionIds?.length) scope.push(inArray(countries.regionId, filter.regionIds));
  return taskingQuery(db)
    .where(
      and(
        scope.length ? or(...scope) : undefined,
        filter.open ? notInArray(taskings.status, ['accepted']) : undefined,
        filter.open ? eq(directives.status, 'issued') : undefined,
      ),
    )
    .orderBy(asc(directives.dueOn), asc(posts.name))
    .limit(1000);
}

export async function setTasking(db: Executor, id: string, values: Partial<TaskingRecord>) {
  const [row] = await db
    .update(taskings)
    .set({ ...values, version: sql`${taskings.version} + 1`, updatedAt: new Date() })
    .where(eq(taskings.id, id))
    .returning();
  return row!;
}

/** Status change without a version bump (edits by the post and the scheduler). */
export async function setTaskingStatus(db: Executor, id: string, status: TaskingRecord['status']) {
  await db.update(taskings).set({ status, updatedAt: new Date() }).where(eq(taskings.id, id));
}

export async function upsertAnswer(db: Executor, values: typeof taskingAnswers.$inferInsert) {
  await db
    .insert(taskingAnswers)
    .values(values)
    .onConflictDoUpdate({
      target: [taskingAnswers.taskingId, taskingAnswers.requirementId],
      set: {
        answer: values.answer,
        nothingToReport: values.nothingToReport,
        explanation: values.explanation,
        updatedBy: values.updatedBy,
        updatedAt: new Date(),
      },
    });
}

export async function answersOf(db: Executor, taskingIds: string[]) {
  if (!taskingIds.length) return [];
  return db.select().from(taskingAnswers).where(inArray(taskingAnswers.taskingId, taskingIds));
}

export async function insertLink(db: Executor, values: typeof taskingLinks.$inferInsert) {
  const rows = await db
    .insert(taskingLinks)
    .values(values)
    .onConflictDoNothing()
    .returning({ recordId: taskingLinks.recordId });
  return rows.length > 0;
}

export async function deleteLink(
  db: Executor,
  key: { taskingId: string; requirementId: string; recordType: string; recordId: string },
) {
  const rows = await db
    .delete(taskingLinks)
    .where(
      and(
        eq(taskingLinks.taskingId, key.taskingId),
        eq(taskingLinks.requirementId, key.requirementId),
        eq(taskingLinks.recordType, key.recordType),
        eq(taskingLinks.recordId, key.recordId),
      ),
    )
    .returning({ recordId: taskingLinks.recordId });
  return rows.length > 0;
}

export async function linksOf(db: Executor, taskingIds: string[]) {
  if (!taskingIds.length) return [];
  return db.select().from(taskingLinks).where(inArray(taskingLinks.taskingId, taskingIds));
}

export async function insertReview(db: Executor, values: typeof taskingReviews.$inferInsert) {
  await db.insert(taskingReviews).values(values);
}

export async function reviewsOf(db: Executor, taskingId: string) {
  return db
    .select({
      action: taskingReviews.action,
      comment: taskingReviews.comment,
      actorName: users.displayName,
      at: taskingReviews.at,
    })
    .from(taskingReviews)
    .leftJoin(users, eq(users.id, taskingReviews.actorId))
    .where(eq(taskingReviews.taskingId, taskingId))
    .orderBy(asc(taskingReviews.at));
}

/** Open taskings of issued directives due between `from` and `to` (inclusive). */
export async function taskingsDueBetween(db: Executor, from: string, to: string) {
  return taskingQuery(db).where(
    and(
      eq(directives.status, 'issued'),
      inArray(taskings.status, ['not_started', 'in_progress', 'returned']),
      sql`${directives.dueOn} between ${from} and ${to}`,
    ),
  );
}

/** Open taskings of issued directives whose due date has passed. */
export async function taskingsPastDue(db: Executor, today: string) {
  return taskingQuery(db).where(
    and(
      eq(directives.status, 'issued'),
      inArray(taskings.status, ['not_started', 'in_progress', 'returned', 'overdue']),
      sql`${directives.dueOn} < ${today}`,
    ),
  );
}

export async function setTaskingSeen(db: Executor, id: string, amendment: number) {
  await db.update(taskings).set({ seenAmendment: amendment }).where(eq(taskings.id, id));
}

/** Marks an open tasking overdue; false if it already was (another instance got there first). */
export async function markOverdue(db: Executor, id: string): Promise<boolean> {
  const rows = await db
    .update(taskings)
    .set({ status: 'overdue', updatedAt: new Date() })
    .where(
      and(
        eq(taskings.id, id),
        inArray(taskings.status, ['not_started', 'in_progress', 'returned']),
      ),
    )
    .returning({ id: taskings.id });
  return rows.length > 0;
}
