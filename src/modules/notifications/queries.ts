// SQL for in-app notifications and their recipients.
import { and, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { notifications, roleAssignments, users } from '../../db/schema/index.ts';

export type NewNotification = typeof notifications.$inferInsert;
export type NotificationRow = typeof notifications.$inferSelect;

/** Inserts what is new; an (user, event) pair already notified is skipped. Returns the new rows. */
export async function insertNotifications(db: Executor, rows: NewNotification[]) {
  if (!rows.length) return [];
  return db
    .insert(notifications)
    .values(rows)
    .onConflictDoNothing({ target: [notifications.userId, notifications.eventKey] })
    .returning();
}

export async function listForUser(db: Executor, userId: string, limit: number) {
  return db
    .select()
    .from(notifications)
    .where(eq(notifications.userId, userId))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit);
}

export async function unreadCount(db: Executor, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function markRead(db: Executor, userId: string, ids: string[] | 'all') {
  await db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(
        eq(notifications.userId, userId),
        isNull(notifications.readAt),
        ids === 'all' ? undefined : inArray(notifications.id, ids),
      ),
    );
}

export async function findWithRecipient(db: Executor, id: string) {
  const [row] = await db
    .select({ notification: notifications, email: users.email, displayName: users.displayName })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(eq(notifications.id, id));
  return row;
}

/** Active users holding one of `roles` for the post (post roles) or globally (editors). */
export async function recipients(
  db: Executor,
  filter: { postId?: number; roles: ('reporter' | 'approver' | 'editor')[] },
) {
  const rows = await db
    .selectDistinct({ id: users.id, email: users.email })
    .from(users)
    .innerJoin(roleAssignments, eq(roleAssignments.userId, users.id))
    .where(
      and(
        eq(users.active, true),
        inArray(roleAssignments.role, filter.roles),
        filter.postId === undefined ? undefined : eq(roleAssignments.postId, filter.postId),
      ),
    );
  return rows;
}
