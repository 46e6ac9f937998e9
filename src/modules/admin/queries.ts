// SQL for user and post administration.
import { asc, count, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { countries, posts, regions, roleAssignments, users } from '../../db/schema/index.ts';
import type { RoleAssignmentInput } from '../../domain/roles.ts';

export async function listUsersWithRoles(db: Executor, onlyId?: string) {
  const rows = await (onlyId
    ? db.select().from(users).where(eq(users.id, onlyId))
    : db.select().from(users).orderBy(asc(users.username)));
  if (rows.length === 0) return [];
  const roles = await db
    .select()
    .from(roleAssignments)
    .where(
      inArray(
        roleAssignments.userId,
        rows.map((u) => u.id),
      ),
    )
    .orderBy(asc(roleAssignments.id));
  return rows.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    email: u.email,
    active: u.active,
    mustChangePassword: u.mustChangePassword,
    synthetic: u.synthetic,
    version: u.version,
    createdAt: u.createdAt,
    roles: roles
      .filter((r) => r.userId === u.id)
      .map((r) => ({ role: r.role, postId: r.postId, regionId: r.regionId })),
  }));
}

export async function insertUser(db: Executor, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

export async function replaceRoles(
  db: Executor,
  userId: string,
  roles: readonly RoleAssignmentInput[],
) {
  await db.delete(roleAssignments).where(eq(roleAssignments.userId, userId));
  if (roles.length) {
    await db
      .insert(roleAssignments)
      .values(
        roles.map((r) => ({
          userId,
          role: r.role,
          postId: r.postId ?? null,
          regionId: r.regionId ?? null,
        })),
      );
  }
}

export async function existingPostIds(db: Executor, ids: number[]) {
  if (!ids.length) return new Set<number>();
  const rows = await db.select({ id: posts.id }).from(posts).where(inArray(posts.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function existingRegionIds(db: Executor, ids: number[]) {
  if (!ids.length) return new Set<number>();
  const rows = await db.select({ id: regions.id }).from(regions).where(inArray(regions.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function listPosts(db: Executor, onlyId?: number) {
  const query = db
    .select({
      id: posts.id,
      code: posts.code,
      name: posts.name,
      kind: posts.kind,
      countryCode: posts.countryCode,
      countryName: countries.name,
      regionId: countries.regionId,
      city: posts.city,
      active: posts.active,
      version: posts.version,
    })
    .from(posts)
    .innerJoin(countries, eq(countries.code, posts.countryCode));
  return onlyId === undefined ? query.orderBy(asc(posts.name)) : query.where(eq(posts.id, onlyId));
}

export async function insertPost(db: Executor, values: typeof posts.$inferInsert) {
  const [row] = await db.insert(posts).values(values).returning();
  return row!;
}

export async function countryExists(db: Executor, code: string) {
  const [row] = await db
    .select({ code: countries.code })
    .from(countries)
    .where(eq(countries.code, code));
  return row !== undefined;
}

export async function listRegions(db: Executor) {
  return db.select().from(regions).orderBy(asc(regions.name));
}

export async function listCountries(db: Executor) {
  return db
    .select({ code: countries.code, name: countries.name, regionId: countries.regionId })
    .from(countries)
    .orderBy(asc(countries.name));
}

export async function countAdmins(db: Executor): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(roleAssignments)
    .where(eq(roleAssignments.role, 'admin'));
  return row?.n ?? 0;
}

export async function existingUsernames(db: Executor, usernames: string[]): Promise<Set<string>> {
  if (!usernames.length) return new Set();
  const rows = await db
    .select({ username: users.username })
    .from(users)
    .where(inArray(users.username, usernames));
  return new Set(rows.map((r) => r.username));
}

export async function postByCode(db: Executor, code: string) {
  const [row] = await db.select().from(posts).where(eq(posts.code, code));
  return row;
}

export async function regionByCode(db: Executor, code: string) {
  const [row] = await db.select().from(regions).where(eq(regions.code, code));
  return row;
}
