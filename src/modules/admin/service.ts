// User and post administration. Every change is audited in its own transaction; edits carry
// the version the admin saw. Changing a user's roles, deactivating them or resetting their
// password ends their sessions, so a removed permission takes effect at once.
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database, Tx } from '../../db/connection.ts';
import { UNIQUE_VIOLATION, pgErrorOf } from '../../db/pgError.ts';
import { posts, users } from '../../db/schema/index.ts';
import { updateVersioned } from '../../db/versioned.ts';
import { Invalid, NotFound, type FieldError } from '../../domain/errors.ts';
import { roleScopeErrors, type RoleAssignmentInput } from '../../domain/roles.ts';
import { revokeUserSessions, setPassword } from '../auth/queries.ts';
import { checkPasswordRules, hashPassword } from '../auth/passwords.ts';
import * as q from './queries.ts';

async function checkRoles(tx: Tx, roles: readonly RoleAssignmentInput[]): Promise<void> {
  const errors: FieldError[] = roleScopeErrors(roles);
  const postIds = await q.existingPostIds(
    tx,
    roles.flatMap((r) => (r.postId != null ? [r.postId] : [])),
  );
  const regionIds = await q.existingRegionIds(
    tx,
    roles.flatMap((r) => (r.regionId != null ? [r.regionId] : [])),
  );
  roles.forEach((r, i) => {
    if (r.postId != null && !postIds.has(r.postId))
      errors.push({ field: `roles.${i}.postId`, message: `post ${r.postId} does not exist` });
    if (r.regionId != null && !regionIds.has(r.regionId))
      errors.push({ field: `roles.${i}.regionId`, message: `region ${r.regionId} does not exist` });
  });
  if (errors.length) throw new Invalid(errors);
}

async function oneUser(tx: Tx | Database, id: string) {
  const [user] = await q.listUsersWithRoles(tx, id);
  if (!user) throw new NotFound(`user ${id} does not exist`);
  return user;
}

export const listUsers = (db: Database) => q.listUsersWithRoles(db);

export interface CreateUserInput {
  username: string;
  displayName: string;
  email?: string | null | undefined;
  password: string;
  mustChangePassword?: boolean | undefined;
  roles: RoleAssignmentInput[];
  synthetic?: boolean | undefined;
}

export async function createUser(db: Database, actor: Actor, input: CreateUserInput) {
  checkPasswordRules(input.password);
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      await checkRoles(tx, input.roles);
      const user = await q.insertUser(tx, {
        username: input.username.toLowerCase(),
        displayName: input.displayName,
        email: input.email ?? null,
        passwordHash,
        mustChangePassword: input.mustChangePassword ?? true,
        synthetic: input.synthetic ?? false,
      });
      await q.replaceRoles(tx, user.id, input.roles);
      await appendAudit(tx, actor, {
        action: 'user.created',
        entityType: 'user',
        entityId: user.id,
        changes: {
          username: user.username,
          displayName: user.displayName,
          email: user.email,
          roles: input.roles,
        },
      });
      return oneUser(tx, user.id);
    });
  } catch (err) {
    if (pgErrorOf(err)?.code === UNIQUE_VIOLATION)
      throw Invalid.field('username', `"${input.username}" is already taken`);
    throw err;
  }
}

export interface UpdateUserInput {
  version: number;
  displayName?: string | undefined;
  email?: string | null | undefined;
  active?: boolean | undefined;
}

export async function updateUser(db: Database, actor: Actor, id: string, input: UpdateUserInput) {
  const { version, ...patch } = input;
  return db.transaction(async (tx) => {
    const result = await updateVersioned(
      tx,
      { table: users, idColumn: users.id, id, label: 'User' },
      version,
      patch,
    );
    if (input.active === false) await revokeUserSessions(tx, id, new Date());
    await appendAudit(tx, actor, {
      action: 'user.updated',
      entityType: 'user',
      entityId: id,
      changes: result.changes,
    });
    return oneUser(tx, id);
  });
}

export async function setUserRoles(
  db: Database,
  actor: Actor,
  id: string,
  input: { version: number; roles: RoleAssignmentInput[] },
) {
  return db.transaction(async (tx) => {
    await checkRoles(tx, input.roles);
    const before = await oneUser(tx, id);
    await updateVersioned(
      tx,
      { table: users, idColumn: users.id, id, label: 'User' },
      input.version,
      {},
    );
    await q.replaceRoles(tx, id, input.roles);
    await revokeUserSessions(tx, id, new Date());
    await appendAudit(tx, actor, {
      action: 'user.roles_changed',
      entityType: 'user',
      entityId: id,
      changes: { roles: { from: before.roles, to: input.roles } },
    });
    return oneUser(tx, id);
  });
}

export async function resetUserPassword(db: Database, actor: Actor, id: string, password: string) {
  checkPasswordRules(password);
  const passwordHash = await hashPassword(password);
  await db.transaction(async (tx) => {
    await oneUser(tx, id);
    await setPassword(tx, id, passwordHash, true);
    await revokeUserSessions(tx, id, new Date());
    await appendAudit(tx, actor, {
      action: 'user.password_reset',
      entityType: 'user',
      entityId: id,
    });
  });
}

export const listPosts = (db: Database) => q.listPosts(db);
export const listRegions = (db: Database) => q.listRegions(db);
export const listCountries = (db: Database) => q.listCountries(db);
export const countAdmins = (db: Database) => q.countAdmins(db);

export interface CreatePostInput {
  code: string;
  name: string;
  kind: 'embassy' | 'consulate' | 'mission';
  countryCode: string;
  city?: string | null | undefined;
}

export async function createPost(db: Database, actor: Actor, input: CreatePostInput) {
  try {
    return await db.transaction(async (tx) => {
      if (!(await q.countryExists(tx, input.countryCode)))
        throw Invalid.field('countryCode', `unknown country ${input.countryCode}`);
      const post = await q.insertPost(tx, { ...input, city: input.city ?? null });
      await appendAudit(tx, actor, {
        action: 'post.created',
        entityType: 'post',
        entityId: post.id,
        changes: input,
      });
      const [view] = await q.listPosts(tx, post.id);
      return view!;
    });
  } catch (err) {
    if (pgErrorOf(err)?.code === UNIQUE_VIOLATION)
      throw Invalid.field('code', `post code "${input.code}" is already used`);
    throw err;
  }
}

export interface UpdatePostInput {
  version: number;
  name?: string | undefined;
  kind?: CreatePostInput['kind'] | undefined;
  city?: string | null | undefined;
  active?: boolean | undefined;
}

export async function updatePost(db: Database, actor: Actor, id: number, input: UpdatePostInput) {
  const { version, ...patch } = input;
  return db.transaction(async (tx) => {
    const result = await updateVersioned(
      tx,
      { table: posts, idColumn: posts.id, id, label: 'Post' },
      version,
      patch,
    );
    await appendAudit(tx, actor, {
      action: 'post.updated',
      entityType: 'post',
      entityId: id,
      changes: result.changes,
    });
    const [view] = await q.listPosts(tx, id);
    return view!;
  });
}
