// Administration of sign-in: a user's live sessions (list, end one, end all) and the sign-in
// settings (MFA requirement, system-use notice). Every change is audited.
import { appendAudit, type Actor } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { NotFound } from '../../domain/errors.ts';
import * as authQ from '../auth/queries.ts';

async function existingUser(db: Database, userId: string) {
  const user = await authQ.findUserById(db, userId);
  if (!user) throw new NotFound(`user ${userId} does not exist`);
  return user;
}

export async function listUserSessions(db: Database, userId: string, currentId?: string) {
  await existingUser(db, userId);
  const rows = await authQ.listLiveSessions(db, userId, new Date());
  return rows.map((r) => ({ ...r, current: r.id === currentId }));
}

export async function endUserSession(
  db: Database,
  actor: Actor,
  userId: string,
  sessionId: string,
) {
  await db.transaction(async (tx) => {
    if (!(await authQ.revokeUserSession(tx, userId, sessionId, new Date())))
      throw new NotFound(`no live session ${sessionId.slice(0, 12)}… of user ${userId}`);
    await appendAudit(tx, actor, {
      action: 'user.session_ended',
      entityType: 'user',
      entityId: userId,
      changes: { session: sessionId.slice(0, 12) },
    });
  });
}

export async function endAllUserSessions(db: Database, actor: Actor, userId: string) {
  await existingUser(db, userId);
  await db.transaction(async (tx) => {
    await authQ.revokeUserSessions(tx, userId, new Date());
    await appendAudit(tx, actor, {
      action: 'user.sessions_ended',
      entityType: 'user',
      entityId: userId,
    });
  });
}
