// The background work of an app instance: one job worker running the e-mail queue, the
// directives' due-date scheduler and the folding of pending facet changes into the pairs. Every instance runs one; the queue's locking makes them
// share the work without doing any of it twice.
import type { Config } from '../../config.ts';
import type { Database } from '../../db/connection.ts';
import { runDirectiveSchedule } from '../directives/scheduler.ts';
import {
  enqueueFacetFoldIfPending,
  FACET_FOLD_EVERY_MS,
  FACET_FOLD_QUEUE,
  facetFoldHandler,
} from '../incidentSearch/facetFold.ts';
import { emailHandler, smtpMailer, type Mailer } from '../notifications/mailer.ts';
import { EMAIL_QUEUE } from '../notifications/service.ts';
import { createWorker, type JobWorker } from './worker.ts';

export interface Background {
  worker: JobWorker;
  stop(): Promise<void>;
}

export function startBackground(
  db: Database,
  config: Pick<Config, 'smtpUrl' | 'mailFrom' | 'port' | 'workerPollMs'> & {
    publicUrl?: string | undefined;
  },
  log: { error(obj: unknown, msg?: string): void },
  options: { mailer?: Mailer; scheduleEveryMs?: number; facetFoldEveryMs?: number } = {},
): Background {
  const mailer =
    options.mailer ?? (config.smtpUrl ? smtpMailer(config.smtpUrl, config.mailFrom) : undefined);
  const worker = createWorker(db, {
    handlers: {
      [EMAIL_QUEUE]: emailHandler(
        db,
        mailer,
        config.publicUrl ?? `http://localhost:${config.port}`,
      ),
      [FACET_FOLD_QUEUE]: facetFoldHandler(db),
    },
    periodic: [
      {
        name: 'directive-schedule',
        everyMs: options.scheduleEveryMs ?? 15 * 60_000,
        run: async () => void (await runDirectiveSchedule(db)),
      },
      {
        name: 'incident-facet-fold',
        everyMs: options.facetFoldEveryMs ?? FACET_FOLD_EVERY_MS,
        run: async () => void (await enqueueFacetFoldIfPending(db)),
      },
    ],
    pollMs: config.workerPollMs,
    onError: (err, context) => log.error({ err, context }, 'background job failed'),
  });
  worker.start();
  return {
    worker,
    async stop() {
      await worker.stop();
      mailer?.close();
    },
  };
}
