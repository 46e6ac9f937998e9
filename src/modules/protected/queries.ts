// SQL for protected details and their grants. Rows hold ciphertext only.
import { and, asc, count, eq, ne } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { posts, protectedDetailGrants, protectedDetails, users } from '../../db/schema/index.ts';

export type ProtectedRow = typeof protectedDetails.$inferSelect;

export async function hasGrant(db: Executor, userId: string, postId: number): Promise<boolean> {
  const [row] = await db
    .select({ userId: protectedDetailGrants.userId })
    .from(protectedDetailGrants)
    .where(and(eq(protectedDetailGrants.userId, userId), eq(protectedDetailGrants.postId, postId)));
  return !!row;
}

export async function listForIncident(db: Executor, incidentId: string) {
  return db
    .select()
    .from(protectedDetails)
    .where(eq(protectedDetails.incidentId, incidentId))
    .orderBy(asc(protectedDetails.createdAt), asc(protectedDetails.id));
}

export async function countForIncident(db: Executor, incidentId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(protectedDetails)
    .where(eq(protectedDetails.incidentId, incidentId));
  return row?.n ?? 0;
}

export async function findForUpdate(db: Executor, incidentId: string, id: string) {
  const [row] = await db
    .select()
    .from(protectedDetails)
    .where(and(eq(protectedDetails.id, id), eq(protectedDetails.incidentId, incidentId)))
    .for('update');
  return row;
}

export async function insertDetail(db: Executor, values: typeof protectedDetails.$inferInsert) {
  const [row] = await db.insert(protectedDetails).values(values).returning();
  return row!;
}

export async function updateDetail(
  db: Executor,
  id: string,
  values: Partial<typeof protectedDetails.$inferInsert>,
) {
  const [row] = await db
    .update(protectedDetails)
    .set(values)
    .where(eq(protectedDetails.id, id))
    .returning();
  return row!;
}

export async function deleteDetail(db: Executor, id: string) {
  await db.delete(protectedDetails).where(eq(protectedDetails.id, id));
}

/** A batch of rows not yet under `keyId`, locked for re-encryption. */
export async function rowsNotUnderKey(db: Executor, keyId: string, limit: number) {
  return db
    .select()
    .from(protectedDetails)
    .where(ne(protectedDetails.keyId, keyId))
    .orderBy(asc(protectedDetails.id))
    .limit(limit)
    .for('update');
}

export async function rowsPerKey(db: Executor) {
  return db
    .select({ keyId: protectedDetails.keyId, rows: count() })
    .from(protectedDetails)
    .groupBy(protectedDetails.keyId);
}

export async function listGrants(db: Executor) {
  return db
    .select({
      userId: protectedDetailGrants.userId,
      username: users.username,
      displayName: users.displayName,
      postId: protectedDetailGrants.postId,
      postCode: posts.code,
      postName: posts.name,
      grantedAt: protectedDetailGrants.grantedAt,
    })
    .from(protectedDetailGrants)
    .innerJoin(users, eq(users.id, protectedDetailGrants.userId))
    .innerJoin(posts, eq(posts.id, protectedDetailGrants.postId))
    .orderBy(asc(users.username), asc(posts.code));
}

export async function insertGrant(
  db: Executor,
  values: { userId: string; postId: number; grantedBy: string | null },
): Promise<boolean> {
  const rows = await db
    .insert(protectedDetailGrants)
    .values(values)
    .onConflictDoNothing()
    .returning({ userId: protectedDetailGrants.userId });
  return rows.length > 0;
}

export async function deleteGrant(db: Executor, userId: string, postId: number): Promise<boolean> {
  const rows = await db
    .delete(protectedDetailGrants)
    .where(and(eq(protectedDetailGrants.userId, userId), eq(protectedDetailGrants.postId, postId)))
    .returning({ userId: protectedDetailGrants.userId });
  return rows.length > 0;
}

export async function userExists(db: Executor, id: string): Promise<boolean> {
  const [row] = await db.select({ id: users.id }).from(users).where(eq(users.id, id));
  return !!row;
}

export async function postExists(db: Executor, id: number): Promise<boolean> {
  const [row] = await db.select({ id: posts.id }).from(posts).where(eq(posts.id, id));
  return !!row;
}

export async function grantedPostIds(db: Executor, userId: string): Promise<number[]> {
  const rows = await db
    .select({ postId: protectedDetailGrants.postId })
    .from(protectedDetailGrants)
    .where(eq(protectedDetailGrants.userId, userId));
  return rows.map((r) => r.postId);
}
