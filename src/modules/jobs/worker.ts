// The worker that runs queued jobs. It polls the queue (no LISTEN/NOTIFY: PGlite has one
// connection and a server may sit behind PgBouncer), runs each claimed job's handler, and marks
// it done or schedules a retry with back-off. Periodic tasks (the directives scheduler) run on
// the same loop. stop() waits for the jobs in hand, so a clean shutdown leaves none half-run;
// an unclean one leaves leases that expire and are taken again.
import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/connection.ts';
import * as q from './queries.ts';

export interface ClaimedJob {
  id: number;
  queue: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
  idempotencyKey: string | null;
}

export type JobHandler = (job: ClaimedJob) => Promise<void>;

export interface WorkerOptions {
  handlers: Record<string, JobHandler>;
  /** Run every `everyMs` on the worker's loop (e.g. enqueue due-date reminders). */
  periodic?: { name: string; everyMs: number; run: () => Promise<void> }[];
  pollMs?: number;
  batch?: number;
  leaseSeconds?: number;
  onError?: (err: unknown, context: string) => void;
}

export interface JobWorker {
  readonly id: string;
  start(): void;
  /** Claims and runs what is due now, once; returns the number of jobs run. */
  runOnce(): Promise<number>;
  stop(): Promise<void>;
}

/** Back-off before retry n (1-based): 10 s, 40 s, 90 s, … capped at one hour. */
export function retryDelaySeconds(attempt: number): number {
  return Math.min(3600, 10 * attempt * attempt);
}

export function createWorker(db: Database, options: WorkerOptions): JobWorker {
  const id = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const pollMs = options.pollMs ?? 2000;
  const batch = options.batch ?? 5;
  const leaseSeconds = options.leaseSeconds ?? 120;
  const onError = options.onError ?? (() => undefined);
  const lastRun = new Map<string, number>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let stopped = true;
  let current: Promise<unknown> = Promise.resolve();

  async function runJob(job: ClaimedJob): Promise<void> {
    const handler = options.handlers[job.queue];
    try {
      if (!handler) throw new Error(`no handler for queue ${job.queue}`);
      await handler(job);
      await q.completeJob(db, job.id, id);
    } catch (err) {
      onError(err, `job ${job.id} (${job.queue})`);
      await q.failJob(db, job.id, {
        error: err instanceof Error ? err.message : String(err),
        retryInSeconds: retryDelaySeconds(job.attempts),
        final: job.attempts >= job.maxAttempts,
      });
    }
  }

  async function runOnce(): Promise<number> {
    const now = Date.now();
    for (const task of options.periodic ?? []) {
      if (now - (lastRun.get(task.name) ?? 0) < task.everyMs) continue;
      lastRun.set(task.name, now);
      try {
        await task.run();
      } catch (err) {
        onError(err, task.name);
      }
    }
    const queues = Object.keys(options.handlers);
    let total = 0;
    for (;;) {
      const claimed = await q.claimJobs(db, { queues, workerId: id, limit: batch, leaseSeconds });
      for (const job of claimed) await runJob(job);
      total += claimed.length;
      if (claimed.length < batch || stopped) return total;
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      if (running) return schedule();
      running = true;
      current = runOnce()
        .catch((err: unknown) => onError(err, 'poll'))
        .finally(() => {
          running = false;
          schedule();
        });
    }, pollMs);
    timer.unref();
  }

  return {
    id,
    start() {
      if (!stopped) return;
      stopped = false;
      // First poll soon after start, so jobs queued before a restart go out promptly.
      lastRun.clear();
      schedule();
    },
    runOnce,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
