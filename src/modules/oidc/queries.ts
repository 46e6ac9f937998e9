// SQL for single sign-on: sign-ins under way, users by identity-provider subject.
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { oidcLogins, posts, regions, users } from '../../db/schema/index.ts';

export async function insertPending(db: Executor, values: typeof oidcLogins.$inferInsert) {
  // Abandoned sign-ins are cleared as new ones begin.
  await db.delete(oidcLogins).where(lt(oidcLogins.expiresAt, new Date()));
  await db.insert(oidcLogins).values(values);
}

/** Takes a pending sign-in out (it can be used once), if it has not expired. */
export async function takePending(db: Executor, id: string, now: Date) {
  const [row] = await db
    .delete(oidcLogins)
    .where(and(eq(oidcLogins.id, id), gt(oidcLogins.expiresAt, now)))
    .returning();
  return row;
}

export async function findUserBySubject(db: Executor, issuer: string, subject: string) {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.oidcIssuer, issuer), eq(users.oidcSubject, subject)));
  return row;
}

export async function usernameTaken(db: Executor, username: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(users)
    .where(eq(users.username, username));
  return (row?.n ?? 0) > 0;
}

export async function insertSsoUser(db: Executor, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function scopeCodes(db: Executor) {
  const postRows = await db.select({ id: posts.id, code: posts.code }).from(posts);
  const regionRows = await db.select({ id: regions.id, code: regions.code }).from(regions);
  return { posts: postRows, regions: regionRows };
}
