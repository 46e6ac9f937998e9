// SQL for identity: users with their scoped roles, sessions and API tokens.
import { and, count, desc, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Database, Executor } from '../../db/connection.ts';
import { prepared } from '../../db/prepared.ts';
import {
  apiTokens,
  posts,
  protectedDetailGrants,
  regions,
  roleAssignments,
  sessions,
  settings,
  totpFactors,
  users,
  webauthnCredentials,
} from '../../db/schema/index.ts';

export async function findUserByUsername(db: Executor, username: string) {
  const [user] = await db.select().from(users).where(eq(users.username, username.toLowerCase()));
  return user;
}

export async function findUserById(db: Executor, id: string) {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

export async function rolesOfUser(db: Executor, userId: string) {
  return db
    .select({
      role: roleAssignments.role,
      postId: roleAssignments.postId,
      postName: posts.name,
      regionId: roleAssignments.regionId,
      regionName: regions.name,
    })
    .from(roleAssignments)
    .leftJoin(posts, eq(posts.id, roleAssignments.postId))
    .leftJoin(regions, eq(regions.id, roleAssignments.regionId))
    .where(eq(roleAssignments.userId, userId))
    .orderBy(roleAssignments.id);
}

/**
 * The user's roles as one JSON array, for selecting alongside the user row: the same rows and
 * order as `rolesOfUser`, so authentication costs one round trip instead of three.
 */
const rolesJson = sql<RoleRow[]>`coalesce((
  select json_agg(json_build_object(
    'role', ${roleAssignments.role}, 'postId', ${roleAssignments.postId}, 'postName', ${posts.name},
    'regionId', ${roleAssignments.regionId}, 'regionName', ${regions.name})
    order by ${roleAssignments.id})
  from ${roleAssignments}
  left join ${posts} on ${posts.id} = ${roleAssignments.postId}
  left join ${regions} on ${regions.id} = ${roleAssignments.regionId}
  where ${roleAssignments.userId} = ${users.id}), '[]'::json)`;

type RoleRow = Awaited<ReturnType<typeof rolesOfUser>>[number];

const principalColumns = {
  userId: users.id,
  username: users.username,
  displayName: users.displayName,
  email: users.email,
  active: users.active,
  mustChangePassword: users.mustChangePassword,
  roles: rolesJson,
};

/**
 * A live session (not revoked, not expired) with its user and the user's roles, in one query,
 * prepared once (see db/prepared.ts): the rows themselves are read at every request.
 */
export async function findLiveSessionWithUser(db: Database, id: string, now: Date) {
  const query = prepared(db, 'auth_live_session', (d) =>
    d
      .select({
        id: sessions.id,
        csrfToken: sessions.csrfToken,
        lastSeenAt: sessions.lastSeenAt,
        stage: sessions.stage,
        method: sessions.method,
        user: principalColumns,
      })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(
        and(
          eq(sessions.id, sql.placeholder('id')),
          isNull(sessions.revokedAt),
          gt(sessions.expiresAt, sql`${sql.placeholder('now')}::timestamptz`),
        ),
      )
      .prepare('auth_live_session'),
  );
  const [row] = await query.execute({ id, now: now.toISOString() });
  return row;
}

/** An API token by its hash with its user and the user's roles, in one prepared query. */
export async function findApiTokenWithUser(db: Database, tokenHash: string) {
  const query = prepared(db, 'auth_api_token', (d) =>
    d
      .select({
        id: apiTokens.id,
        scopes: apiTokens.scopes,
        revokedAt: apiTokens.revokedAt,
        expiresAt: apiTokens.expiresAt,
        lastUsedAt: apiTokens.lastUsedAt,
        user: principalColumns,
      })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(eq(apiTokens.tokenHash, sql.placeholder('hash')))
      .prepare('auth_api_token'),
  );
  const [row] = await query.execute({ hash: tokenHash });
  return row;
}

export async function recordFailedLogin(db: Executor, userId: string, lockedUntil: Date | null) {
  await db
    .update(users)
    .set({ failedLogins: sql`${users.failedLogins} + 1`, lockedUntil })
    .where(eq(users.id, userId));
}

export async function clearFailedLogins(db: Executor, userId: string) {
  await db.update(users).set({ failedLogins: 0, lockedUntil: null }).where(eq(users.id, userId));
}

export async function insertSession(db: Executor, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values);
}

export async function touchSession(db: Executor, id: string, now: Date) {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

export async function revokeSession(db: Executor, id: string, now: Date) {
  await db.update(sessions).set({ revokedAt: now }).where(eq(sessions.id, id));
}

/** Ends every live session of a user, except optionally the one making the request. */
export async function revokeUserSessions(
  db: Executor,
  userId: string,
  now: Date,
  exceptId?: string,
) {
  const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (exceptId) conditions.push(ne(sessions.id, exceptId));
  await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(...conditions));
}

export async function setPassword(
  db: Executor,
  userId: string,
  passwordHash: string,
  mustChange: boolean,
) {
  await db
    .update(users)
    .set({
      passwordHash,
      mustChangePassword: mustChange,
      passwordChangedAt: new Date(),
      failedLogins: 0,
      lockedUntil: null,
      updatedAt: new Date(),
      version: sql`${users.version} + 1`,
    })
    .where(eq(users.id, userId));
}

export async function insertApiToken(db: Executor, values: typeof apiTokens.$inferInsert) {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function listApiTokens(db: Executor, userId: string) {
  return db
    .select()
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(apiTokens.createdAt);
}

export async function revokeApiToken(db: Executor, userId: string, tokenId: string, now: Date) {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(
      and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)),
    )
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export async function markTokenUsed(db: Executor, tokenId: string, now: Date) {
  await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, tokenId));
}

/** Live sessions of a user, newest first (for "your sessions" and the admin page). */
export async function listLiveSessions(db: Executor, userId: string, now: Date) {
  return db
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      stage: sessions.stage,
      method: sessions.method,
    })
    .from(sessions)
    .where(
      and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)),
    )
    .orderBy(desc(sessions.createdAt));
}

export async function revokeUserSession(db: Executor, userId: string, id: string, now: Date) {
  const rows = await db
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, id), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

export async function setSessionChallenge(db: Executor, id: string, challenge: string | null) {
  await db.update(sessions).set({ challenge }).where(eq(sessions.id, id));
}

export async function sessionChallenge(db: Executor, id: string) {
  const [row] = await db
    .select({ challenge: sessions.challenge })
    .from(sessions)
    .where(eq(sessions.id, id));
  return row?.challenge ?? null;
}

/** Which second factors a user has (a confirmed TOTP authenticator, WebAuthn credentials). */
export async function factorsOfUser(db: Executor, userId: string) {
  const [totp] = await db
    .select({ confirmedAt: totpFactors.confirmedAt })
    .from(totpFactors)
    .where(eq(totpFactors.userId, userId));
  const [keys] = await db
    .select({ n: count() })
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, userId));
  return { totp: Boolean(totp?.confirmedAt), webauthn: (keys?.n ?? 0) > 0 };
}

export async function hasProtectedGrant(db: Executor, userId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(protectedDetailGrants)
    .where(eq(protectedDetailGrants.userId, userId));
  return (row?.n ?? 0) > 0;
}

export async function readSetting(db: Executor, key: string) {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row;
}

export async function writeSetting(db: Executor, key: string, value: unknown, version: number) {
  const rows = await db
    .insert(settings)
    .values({ key, value, version })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, version, updatedAt: new Date() },
      setWhere: eq(settings.version, version - 1),
    })
    .returning();
  return rows[0];
}
