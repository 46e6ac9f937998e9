// Folding the pending facet changes (analytics.incident_facet_pending) into the pre-aggregated
// pairs, as a queued job rather than on a read: a facet read counts pairs + pending, exact at
// every moment, and never waits for a fold. A fold is queued after bulk writes (the import) and,
// on every instance's worker, whenever changes wait (`FACET_FOLD_EVERY_MS`), so everyday edits
// are folded within that interval. At most one fold job waits to start (one idempotency key,
// freed when the job starts so that changes written while it runs queue the next one), and two
// folds never run at once nor count a change twice (`foldPendingAfterOthers`).
import type { Database, Executor } from '../../db/connection.ts';
import { insertJob, releaseIdempotencyKey } from '../jobs/queries.ts';
import type { JobHandler } from '../jobs/worker.ts';
import { foldPendingAfterOthers, hasPendingChanges } from './queries.ts';

export const FACET_FOLD_QUEUE = 'incident-facet-fold';
/** The key of the fold job waiting to start. */
export const FACET_FOLD_KEY = 'incident-facet-fold';
/** How often each worker queues a fold when changes wait. */
export const FACET_FOLD_EVERY_MS = 30_000;

/** How long a fold job waits for a fold already running before it queues itself again. */
export const FACET_FOLD_WAIT_MS = 10_000;

/** Queues a fold unless one is already waiting to start; true when this call queued it. */
export async function enqueueFacetFold(db: Executor, runAt?: Date): Promise<boolean> {
  return insertJob(db, {
    queue: FACET_FOLD_QUEUE,
    payload: {},
    idempotencyKey: FACET_FOLD_KEY,
    maxAttempts: 5,
    ...(runAt ? { runAt } : {}),
  });
}

/** Queues a fold when changes wait (the workers' periodic task). */
export async function enqueueFacetFoldIfPending(db: Executor): Promise<boolean> {
  return (await hasPendingChanges(db)) ? enqueueFacetFold(db) : false;
}

/**
 * The fold job: frees the key (later changes queue the next fold), then folds. When another
 * fold (a bulk loader's) is still running after `waitMs`, it queues a fold for later and ends,
 * rather than hold its worker (and the e-mail queue behind it) for the length of that fold.
 */
export function facetFoldHandler(db: Database, waitMs = FACET_FOLD_WAIT_MS): JobHandler {
  return async (job) => {
    await releaseIdempotencyKey(db, job.id);
    if ((await foldPendingAfterOthers(db, waitMs)) === null)
      await enqueueFacetFold(db, new Date(Date.now() + FACET_FOLD_EVERY_MS));
  };
}
