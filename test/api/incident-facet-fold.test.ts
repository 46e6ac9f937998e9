// Pending facet changes are folded into the pre-aggregated pairs by a queued job, never by a
// read: counts stay exact before, during and after a fold; at most one fold job waits to start;
// two workers folding at the same moment never count a change twice nor leave one behind.
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/app/bootstrap.ts';
import { systemActor } from '../../src/db/audit.ts';
import type { Database } from '../../src/db/connection.ts';
import { queryRows } from '../../src/db/raw.ts';
import { generateSyntheticData } from '../../src/modules/demo/generate.ts';
import {
  enqueueFacetFold,
  enqueueFacetFoldIfPending,
  FACET_FOLD_KEY,
  FACET_FOLD_QUEUE,
  facetFoldHandler,
} from '../../src/modules/incidentSearch/facetFold.ts';
import {
  facetCounts,
  facetCountsByScan,
  foldPendingAfterOthers,
  hasPendingChanges,
  searchWhere,
} from '../../src/modules/incidentSearch/queries.ts';
import type { SearchFilters } from '../../src/modules/incidentSearch/schemas.ts';
import * as jobs from '../../src/modules/jobs/queries.ts';
import { createWorker } from '../../src/modules/jobs/worker.ts';
import { describeEachBackend } from '../helpers/backends.ts';

type Visibility = { userId: string; postIds: number[]; regionIds: number[]; everywhere: boolean };

describeEachBackend('folding pending facet changes as a queued job', (getDb) => {
  let roles: Record<string, Visibility>;

  beforeAll(async () => {
    const handle = getDb().handle;
    await prepareDatabase(handle, { adminPassword: 'facet-fold-test-password' });
    await generateSyntheticData(handle.db, systemActor('test'), {
      incidents: 300,
      batchSize: 150,
      run: 'f01d0001',
    });
    const [fr] = await queryRows<{ id: number; region_id: number }>(
      handle.db,
      sql`select p.id, c.region_id from posts p join countries c on c.code = p.country_code where p.code = 'EMB-FR'`,
    );
    const nobody = '00000000-0000-4000-8000-000000000000';
    roles = {
      editor: { userId: nobody, postIds: [], regionIds: [], everywhere: true },
      reporter: { userId: nobody, postIds: [fr!.id], regionIds: [], everywhere: false },
      reviewer: { userId: nobody, postIds: [], regionIds: [fr!.region_id], everywhere: false },
    };
  }, 180_000);

  const FILTERS: SearchFilters[] = [
    {},
    { status: 'verified' },
    { country: 'FR' },
    { category: 'trafficking', from: '2018-01-01', to: '2021-12-31' },
    { sourceType: 'court_record' },
  ];

  const expectExact = async (db: Database, label: string) => {
    for (const [role, v] of Object.entries(roles))
      for (const f of FILTERS) {
        const where = `${label}, ${role}, ${JSON.stringify(f)}`;
        const viaPairs = await facetCounts(db, v, f);
        expect(viaPairs, where).toEqual(await facetCountsByScan(db, v, f));
        const [pageable] = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from incidents where ${searchWhere(v, f)}`,
        );
        expect(viaPairs.total, where).toBe(pageable!.n);
      }
  };

  const pendingCount = async (db: Database) =>
    (
      await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from analytics.incident_facet_pending`,
      )
    )[0]!.n;

  /** The pairs, cell by cell, and the same cells rebuilt from the facet copy. */
  const cells = async (db: Database) =>
    (
      await queryRows<{ c: string }>(
        db,
        sql`select concat_ws('|', fdim, fval, region_id, status, start_year, end_year, dim, val, n) as c
            from analytics.incident_facet_pairs where n <> 0 order by 1`,
      )
    ).map((r) => r.c);
  const expectPairsEqualRebuild = async (db: Database) => {
    const kept = await cells(db);
    await db.execute(sql`select analytics.incident_facet_pairs_rebuild()`);
    expect(kept).toEqual(await cells(db));
  };

  /** Edits that move records between cells, leaving pending changes. */
  const edit = async (db: Database, round: number) => {
    await db.execute(sql`update incidents set status = 'verified'
      where id in (select id from incidents where status <> 'verified' order by id limit 10)`);
    await db.execute(sql`update incidents set country_code = 'FR',
      categories = array['trafficking', 'forced_labour'],
      occurred_start = date '2019-12-30' + ${round}::int, occurred_end = date '2020-01-02' + ${round}::int, date_precision = 'day'
      where id in (select id from incidents order by id desc offset ${round * 12} limit 12)`);
  };

  const foldJobs = (db: Database) => jobs.listJobs(db, FACET_FOLD_QUEUE);

  it('queues one fold at a time, folds it on a worker, and counts exactly before and after', async () => {
    const db = getDb().handle.db;
    await edit(db, 1);
    expect(await pendingCount(db)).toBeGreaterThan(0);
    // Read with changes pending: exact, and the read folds nothing.
    const before = await pendingCount(db);
    await expectExact(db, 'pending');
    expect(await pendingCount(db)).toBe(before);
    expect(await foldJobs(db)).toHaveLength(0);

    // Writes, the periodic task and an import may all ask for a fold: one job waits.
    expect(await enqueueFacetFold(db)).toBe(true);
    expect(await enqueueFacetFold(db)).toBe(false);
    expect(await enqueueFacetFoldIfPending(db)).toBe(false);
    await Promise.all([enqueueFacetFold(db), enqueueFacetFold(db), enqueueFacetFold(db)]);
    const waiting = await foldJobs(db);
    expect(waiting).toHaveLength(1);
    expect(waiting[0]!.idempotencyKey).toBe(FACET_FOLD_KEY);

    const worker = createWorker(db, { handlers: { [FACET_FOLD_QUEUE]: facetFoldHandler(db) } });
    expect(await worker.runOnce()).toBe(1);
    expect(await pendingCount(db)).toBe(0);
    const [done] = await foldJobs(db);
    expect(done!.state).toBe('done');
    // The key was freed when the job started: the next change queues the next fold.
    expect(done!.idempotencyKey).toBe(`${FACET_FOLD_KEY}:${done!.id}`);
    await expectExact(db, 'folded');
    await expectPairsEqualRebuild(db);

    // Nothing pending: the periodic task queues nothing; after an edit it does.
    expect(await hasPendingChanges(db)).toBe(false);
    expect(await enqueueFacetFoldIfPending(db)).toBe(false);
    await edit(db, 2);
    expect(await enqueueFacetFoldIfPending(db)).toBe(true);
    expect((await foldJobs(db)).filter((j) => j.state === 'pending')).toHaveLength(1);
    expect(await worker.runOnce()).toBe(1);
    expect(await pendingCount(db)).toBe(0);
    await expectExact(db, 'folded again');
  }, 300_000);

  it('keeps reads exact while a fold is under way and not yet committed', async () => {
    const { db } = getDb().handle;
    const url = getDb().url;
    await edit(db, 3);
    expect(await pendingCount(db)).toBeGreaterThan(0);
    if (!url) {
      // One connection (PGlite): a read runs before or after a fold, never beside it.
      await expectExact(db, 'pending');
      await foldPendingAfterOthers(db);
      await expectExact(db, 'folded');
      return;
    }
    // A fold on another connection has taken the pending rows and written the pairs, but not
    // committed: readers see the pairs and pending rows as they were, then as they are.
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    try {
      await other.query('begin');
      const { rows } = await other.query<{ cells: string }>(
        'select analytics.incident_facet_pairs_drain() as cells',
      );
      expect(Number(rows[0]!.cells)).toBeGreaterThan(0);
      await expectExact(db, 'fold not committed');
      expect(await pendingCount(db)).toBeGreaterThan(0);
      await other.query('commit');
    } finally {
      await other.end();
    }
    expect(await pendingCount(db)).toBe(0);
    await expectExact(db, 'fold committed');
  }, 300_000);

  it('never folds a change twice nor leaves one behind when two workers fold at once', async () => {
    const { db } = getDb().handle;
    const url = getDb().url;
    const handler = facetFoldHandler(db, 120_000);
    const a = createWorker(db, { handlers: { [FACET_FOLD_QUEUE]: handler } });
    const b = createWorker(db, { handlers: { [FACET_FOLD_QUEUE]: handler } });
    await edit(db, 4);

    // On a server, a long fold (a bulk loader's) holds the fold lock on another connection
    // while both workers start theirs: each must wait for it, then fold what it left.
    const loader = url ? new pg.Client({ connectionString: url }) : undefined;
    try {
      if (loader) {
        await loader.connect();
        await loader.query('begin');
        await loader.query(
          `select pg_advisory_xact_lock(hashtext('analytics.incident_facet_pairs_drain'))`,
        );
        await loader.query('select analytics.incident_facet_pairs_drain()');
      }
      expect(await enqueueFacetFold(db)).toBe(true);
      const first = a.runOnce();
      // Worker A has started its job (and freed the key) once a second job can be queued.
      const start = Date.now();
      while (!(await enqueueFacetFold(db))) {
        if (Date.now() - start > 60_000) throw new Error('the first fold job never started');
        await new Promise((r) => setTimeout(r, 20));
      }
      const second = b.runOnce();
      // Changes written while both folds wait: the later fold must take them.
      await edit(db, 5);
      if (loader) {
        expect(await hasPendingChanges(db)).toBe(true);
        await loader.query('commit');
      }
      expect((await Promise.all([first, second])).reduce((x, y) => x + y, 0)).toBe(2);
    } finally {
      await loader?.end();
    }
    const all = await foldJobs(db);
    expect(all.filter((j) => j.state !== 'done')).toHaveLength(0);
    expect(await pendingCount(db)).toBe(0);
    await expectExact(db, 'two workers');
    await expectPairsEqualRebuild(db);
  }, 300_000);

  it('does not hold its worker through a long fold: it queues itself for later instead', async () => {
    const { db } = getDb().handle;
    const url = getDb().url;
    await edit(db, 6);
    if (!url) {
      // One connection (PGlite): no other session can hold the fold lock, so the short wait
      // never runs out and the job folds.
      expect(await enqueueFacetFold(db)).toBe(true);
      const worker = createWorker(db, {
        handlers: { [FACET_FOLD_QUEUE]: facetFoldHandler(db, 300) },
      });
      expect(await worker.runOnce()).toBe(1);
      expect(await pendingCount(db)).toBe(0);
      expect((await foldJobs(db)).filter((j) => j.state === 'pending')).toHaveLength(0);
      await expectExact(db, 'folded with a short wait');
      return;
    }
    const loader = new pg.Client({ connectionString: url });
    await loader.connect();
    try {
      await loader.query('begin');
      await loader.query(
        `select pg_advisory_xact_lock(hashtext('analytics.incident_facet_pairs_drain'))`,
      );
      expect(await enqueueFacetFold(db)).toBe(true);
      const worker = createWorker(db, {
        handlers: { [FACET_FOLD_QUEUE]: facetFoldHandler(db, 300) },
      });
      const started = Date.now();
      expect(await worker.runOnce()).toBe(1);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(await hasPendingChanges(db)).toBe(true);
      const waiting = (await foldJobs(db)).filter((j) => j.state === 'pending');
      expect(waiting).toHaveLength(1);
      expect(waiting[0]!.idempotencyKey).toBe(FACET_FOLD_KEY);
      expect(waiting[0]!.runAt.getTime()).toBeGreaterThan(Date.now());
    } finally {
      await loader.query('rollback').catch(() => undefined);
      await loader.end();
    }
    await expectExact(db, 'fold deferred');
    expect(await foldPendingAfterOthers(db)).toBeGreaterThan(0);
    await expectExact(db, 'folded later');
  }, 300_000);
});
