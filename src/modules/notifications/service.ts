// Notifications: recorded in-app for each recipient, once per event (the event key), and
// e-mailed through the job queue when the recipient has an address. The e-mail job's
// idempotency key is the notification's id, so each e-mail is queued once however many
// instances raise the same event; see docs/directives.md for the delivery guarantees.
import type { Executor } from '../../db/connection.ts';
import { insertJob } from '../jobs/queries.ts';
import * as q from './queries.ts';

export const EMAIL_QUEUE = 'email';

export interface NotificationEvent {
  kind: q.NewNotification['kind'];
  title: string;
  body?: string;
  link?: string;
  /** Identifies the event: the same key for the same person is recorded once. */
  eventKey: string;
}

export async function notify(
  db: Executor,
  recipients: { id: string; email: string | null }[],
  event: NotificationEvent,
): Promise<number> {
  const created = await q.insertNotifications(
    db,
    recipients.map((r) => ({
      userId: r.id,
      kind: event.kind,
      title: event.title,
      body: event.body ?? '',
      link: event.link ?? null,
      eventKey: event.eventKey,
    })),
  );
  const withEmail = new Set(recipients.filter((r) => r.email).map((r) => r.id));
  for (const n of created)
    if (withEmail.has(n.userId))
      await insertJob(db, {
        queue: EMAIL_QUEUE,
        payload: { notificationId: n.id },
        idempotencyKey: `email:${n.id}`,
      });
  return created.length;
}

export async function postRecipients(db: Executor, postId: number) {
  return q.recipients(db, { postId, roles: ['reporter', 'approver'] });
}

export async function editorRecipients(db: Executor) {
  return q.recipients(db, { roles: ['editor'] });
}

export async function listNotifications(db: Executor, userId: string) {
  const [items, unread] = await Promise.all([
    q.listForUser(db, userId, 50),
    q.unreadCount(db, userId),
  ]);
  return { items, unread };
}

export async function markRead(db: Executor, userId: string, ids: string[] | 'all') {
  await q.markRead(db, userId, ids);
  return { unread: await q.unreadCount(db, userId) };
}
