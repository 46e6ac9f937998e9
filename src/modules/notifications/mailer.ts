// E-mail delivery of notifications through SMTP (nodemailer), as the "email" job's handler.
// The Message-ID is derived from the notification, so a mail server or reader can recognise a
// rare duplicate (a worker dying after the server accepted the mail but before the job was
// marked done) as the same message.
import nodemailer from 'nodemailer';
import type { Database } from '../../db/connection.ts';
import type { ClaimedJob } from '../jobs/worker.ts';
import * as q from './queries.ts';

export interface Mailer {
  send(message: { to: string; subject: string; text: string; messageId: string }): Promise<void>;
  close(): void;
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from, ...message });
    },
    close: () => transport.close(),
  };
}

/** The job handler: sends one notification's e-mail. Without a mailer it sends nothing. */
export function emailHandler(db: Database, mailer: Mailer | undefined, baseUrl: string) {
  return async (job: ClaimedJob) => {
    if (!mailer) return;
    const id = String(job.payload.notificationId);
    const found = await q.findWithRecipient(db, id);
    if (!found?.email) return; // recipient gone or without address: nothing to send
    const n = found.notification;
    const link = n.link ? `\n\n${baseUrl.replace(/\/$/, '')}${n.link}` : '';
    await mailer.send({
      to: found.email,
      subject: `[Rapporteur] ${n.title}`,
      text: `${n.body}${link}\n`,
      messageId: `<notification-${n.id}@rapporteur>`,
    });
  };
}
