// SQL of the job queue (schema/jobs.ts). Claiming uses SELECT … FOR UPDATE SKIP LOCKED inside
// one short UPDATE, so two workers (in one process or on two app instances) never take the
// same job, and the lease (`locked_until`) means a job whose worker died is taken again once
// the lease runs out. It is the same SQL on PGlite and on a server.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { queryRows } from '../../db/raw.ts';
import { jobs } from '../../db/schema/index.ts';

export type JobRow = typeof jobs.$inferSelect;

export interface NewJob {
  queue: string;
  payload: Record<string, unknown>;
  /** The same key twice is one job: enqueueing is idempotent. */
  idempotencyKey: string;
  runAt?: Date;
  maxAttempts?: number;
}

/** True when the job was added, false when a job with that key already existed. */
export async function insertJob(db: Executor, job: NewJob): Promise<boolean> {
  const rows = await db
    .insert(jobs)
    .values({
      queue: job.queue,
      payload: job.payload,
      idempotencyKey: job.idempotencyKey,
      runAt: job.runAt ?? new Date(),
      maxAttempts: job.maxAttempts ?? 8,
    })
    .onConflictDoNothing({ target: jobs.idempotencyKey })
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/**
 * Frees the idempotency key of a job that has started (renamed to `key:id`), for work that a
 * job covers only up to the moment it starts: what arrives later queues a job of its own
 * under the same key, while at most one job with that key waits to start.
 */
export async function releaseIdempotencyKey(db: Executor, id: number): Promise<void> {
  await db
    .update(jobs)
    .set({ idempotencyKey: sql`${jobs.idempotencyKey} || ':' || ${jobs.id}` })
    .where(and(eq(jobs.id, id), sql`${jobs.idempotencyKey} not like '%:' || ${jobs.id}`));
}

interface ClaimedRow extends Record<string, unknown> {
  id: string | number;
  queue: string;
  payload: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  idempotency_key: string | null;
}

/** Takes up to `limit` due jobs of the given queues and leases them for `leaseSeconds`. */
export async function claimJobs(
  db: Executor,
  options: { queues: string[]; workerId: string; limit: number; leaseSeconds: number },
) {
  const queues = sql.join(
    options.queues.map((q) => sql`${q}`),
    sql`, `,
  );
  const rows = await queryRows<ClaimedRow>(
    db,
    sql`update jobs set attempts = jobs.attempts + 1,
            locked_until = now() + make_interval(secs => ${options.leaseSeconds}),
            locked_by = ${options.workerId}
          where id in (
            select id from jobs
             where state = 'pending' and queue in (${queues}) and run_at <= now()
               and (locked_until is null or locked_until < now())
             order by run_at, id
             limit ${options.limit}
             for update skip locked)
        returning id, queue, payload, attempts, max_attempts, idempotency_key`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    queue: r.queue,
    payload: r.payload,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    idempotencyKey: r.idempotency_key,
  }));
}

/** Marks a job done, only if this worker still holds its lease. */
export async function completeJob(db: Executor, id: number, workerId: string): Promise<boolean> {
  const rows = await db
    .update(jobs)
    .set({ state: 'done', doneAt: new Date(), lockedUntil: null, lastError: null })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, workerId), eq(jobs.state, 'pending')))
    .returning({ id: jobs.id });
  return rows.length > 0;
}

/** Records a failure: retried after `retryInSeconds`, or failed for good after max attempts. */
export async function failJob(
  db: Executor,
  id: number,
  options: { error: string; retryInSeconds: number; final: boolean },
): Promise<void> {
  await db
    .update(jobs)
    .set({
      lastError: options.error.slice(0, 2000),
      lockedUntil: null,
      state: options.final ? 'failed' : 'pending',
      runAt: sql`now() + make_interval(secs => ${options.retryInSeconds})`,
    })
    .where(eq(jobs.id, id));
}

export async function listJobs(db: Executor, queue?: string) {
  return db
    .select()
    .from(jobs)
    .where(queue ? eq(jobs.queue, queue) : undefined)
    .orderBy(jobs.id);
}

export async function countPending(db: Executor): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from jobs where state = 'pending'`,
  );
  return rows[0]?.n ?? 0;
}
