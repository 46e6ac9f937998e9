// Notification e-mail through the PostgreSQL job queue, against a real SMTP server started
// here (smtp-server, capturing what it receives). The fault from the issue: the app stops
// (and one worker dies holding leases) while notification jobs are queued; after the restart,
// with two instances' workers competing for the queue, every e-mail arrives exactly once.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../src/db/audit.ts';
import { openDatabase, type DatabaseHandle } from '../../src/db/connection.ts';
import { queryRows } from '../../src/db/raw.ts';
import { startBackground } from '../../src/modules/jobs/background.ts';
import * as jobs from '../../src/modules/jobs/queries.ts';
import { createWorker } from '../../src/modules/jobs/worker.ts';
import { notify } from '../../src/modules/notifications/service.ts';
import { prepareDatabase } from '../../src/app/bootstrap.ts';
import { createUser } from '../../src/modules/admin/service.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { startSmtpCapture, type SmtpCapture } from '../helpers/smtpCapture.ts';

async function until(check: () => Promise<boolean>, timeoutMs = 60_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describeEachBackend('notification e-mail through the job queue', (getDb) => {
  let smtp: SmtpCapture;
  const log = { error: () => undefined };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    await prepareDatabase(getDb().handle, { adminPassword: 'admin-password-for-tests' });
  }, 120_000);
  afterAll(() => smtp?.close());

  const config = () => ({
    smtpUrl: smtp.url,
    mailFrom: 'Rapporteur <noreply@example.org>',
    port: 8080,
    workerPollMs: 50,
  });

  it('sends each e-mail exactly once when the app restarts with jobs queued and a worker died holding leases', async () => {
    const { db } = getDb().handle;
    const people: { id: string; email: string }[] = [];
    for (let i = 0; i < 4; i++) {
      const user = await createUser(db, systemActor('test'), {
        username: `officer${i}.queue`,
        displayName: `Officer ${i}`,
        password: 'a-long-enough-password',
        mustChangePassword: false,
        roles: [{ role: 'editor' }],
        email: `officer${i}@example.org`,
      });
      people.push({ id: user.id, email: `officer${i}@example.org` });
    }
    // Three events for four people: twelve notifications, twelve e-mail jobs. Raising the
    // same events again (another instance, a retried request) queues nothing more.
    for (let round = 0; round < 2; round++)
      for (const kind of ['issued', 'due_soon', 'overdue'] as const)
        await db.transaction((tx) =>
          notify(tx, people, { kind, title: `Directive ${kind}`, eventKey: `test:${kind}` }),
        );
    const queued = await jobs.listJobs(db, 'email');
    expect(queued).toHaveLength(12);

    // Instance A starts and is stopped at once (a restart); a crashed worker holds three jobs.
    const first = startBackground(db, config(), log);
    await first.stop();
    const crashed = await jobs.claimJobs(db, {
      queues: ['email'],
      workerId: 'crashed-worker',
      limit: 3,
      leaseSeconds: 1,
    });
    expect(crashed.length).toBeLessThanOrEqual(3);

    // After the restart: two instances, each with its own connections on a server.
    let second: DatabaseHandle | undefined;
    if (getDb().url) second = await openDatabase({ databaseUrl: getDb().url, poolMax: 3 });
    const a = startBackground(db, config(), log);
    const b = startBackground(second?.db ?? db, config(), log);
    try {
      await until(async () => (await jobs.countPending(db)) === 0);
    } finally {
      await a.stop();
      await b.stop();
      await second?.close();
    }

    const notifications = await queryRows<{ id: string }>(
      db,
      sql`select id from notifications where event_key like 'test:%'`,
    );
    expect(notifications).toHaveLength(12);
    const ids = smtp.received.map((m) => m.messageId).sort();
    expect(ids).toEqual(notifications.map((n) => `<notification-${n.id}@rapporteur>`).sort());
    expect(new Set(ids).size).toBe(12);
    expect(smtp.received.flatMap((m) => m.to).sort()).toEqual(
      people.flatMap((p) => [p.email, p.email, p.email]).sort(),
    );
    const done = await jobs.listJobs(db, 'email');
    expect(done.every((j) => j.state === 'done')).toBe(true);
    // The jobs the dead worker held were taken again after its lease ran out.
    for (const job of crashed) expect(done.find((j) => j.id === job.id)!.attempts).toBe(2);
  }, 120_000);

  it('retries a failed job after a back-off, and marks it failed after its last attempt', async () => {
    const { db } = getDb().handle;
    await jobs.insertJob(db, {
      queue: 'flaky',
      payload: {},
      idempotencyKey: 'test:flaky',
      maxAttempts: 3,
    });
    await jobs.insertJob(db, {
      queue: 'broken',
      payload: {},
      idempotencyKey: 'test:broken',
      maxAttempts: 1,
    });
    let calls = 0;
    const worker = createWorker(db, {
      handlers: {
        flaky: async () => {
          calls++;
          if (calls === 1) throw new Error('SMTP down');
        },
        broken: () => Promise.reject(new Error('always fails')),
      },
    });
    expect(await worker.runOnce()).toBe(2);
    const state = async (key: string) =>
      (await jobs.listJobs(db)).find((j) => j.idempotencyKey === key)!;
    const flaky = await state('test:flaky');
    expect(flaky).toMatchObject({ state: 'pending', attempts: 1, lastError: 'SMTP down' });
    expect(flaky.runAt.getTime()).toBeGreaterThan(Date.now() + 5_000);
    expect(await state('test:broken')).toMatchObject({ state: 'failed', attempts: 1 });
    // Not due yet: nothing runs. Once due, it runs again and is done.
    expect(await worker.runOnce()).toBe(0);
    await db.execute(sql`update jobs set run_at = now() where idempotency_key = 'test:flaky'`);
    expect(await worker.runOnce()).toBe(1);
    expect(await state('test:flaky')).toMatchObject({ state: 'done', attempts: 2 });
    expect(calls).toBe(2);
  });
});
