// The directives' periodic task, run by the job worker: taskings due within seven days get a
// "due soon" notification, taskings past their due date become overdue and get an "overdue"
// notification. Each is raised once per tasking (the notification's event key), however many
// app instances run the task and however often.
import { appendAudit, systemActor } from '../../db/audit.ts';
import type { Database } from '../../db/connection.ts';
import { addDays, isoToday } from '../../domain/directives.ts';
import { notify, postRecipients } from '../notifications/service.ts';
import * as q from './queries.ts';

export const DUE_SOON_DAYS = 7;

export async function runDirectiveSchedule(db: Database, now = new Date()) {
  const today = isoToday(now);
  let dueSoon = 0;
  let overdue = 0;
  for (const t of await q.taskingsDueBetween(db, today, addDays(today, DUE_SOON_DAYS)))
    dueSoon += await notify(db, await postRecipients(db, t.post.id), {
      kind: 'due_soon',
      title: `${t.directiveReference} is due on ${t.dueOn}`,
      body: `${t.directiveTitle}: your post's answer is due within ${DUE_SOON_DAYS} days.`,
      link: `/taskings/${t.tasking.id}`,
      eventKey: `due_soon:${t.tasking.id}:${t.dueOn}`,
    });
  for (const t of await q.taskingsPastDue(db, today)) {
    await db.transaction(async (tx) => {
      if (await q.markOverdue(tx, t.tasking.id))
        await appendAudit(tx, systemActor('scheduler'), {
          action: 'tasking.overdue',
          entityType: 'tasking',
          entityId: t.tasking.id,
          changes: { dueOn: t.dueOn },
        });
      overdue += await notify(tx, await postRecipients(tx, t.post.id), {
        kind: 'overdue',
        title: `${t.directiveReference} is overdue`,
        body: `${t.directiveTitle} was due on ${t.dueOn}.`,
        link: `/taskings/${t.tasking.id}`,
        eventKey: `overdue:${t.tasking.id}:${t.dueOn}`,
      });
    });
  }
  return { dueSoon, overdue };
}
