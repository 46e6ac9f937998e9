// A caller who sees only their posts' records and their own (reporters, approvers) has each
// page read post by post plus their own records elsewhere, merged. Paging through must give
// exactly the rows, in exactly the order, of the one query over what `visibleTo` admits: under
// every sort, with filters, for one post, two posts, and records of their own at other posts.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/app/bootstrap.ts';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/raw.ts';
import type { Principal } from '../../src/domain/policy.ts';
import { incidentVisibility } from '../../src/domain/incidentWorkflow.ts';
import { generateSyntheticData } from '../../src/modules/demo/generate.ts';
import { searchWhere } from '../../src/modules/incidentSearch/queries.ts';
import {
  listQuery,
  type SearchFilters,
  type SortKey,
} from '../../src/modules/incidentSearch/schemas.ts';
import { listIncidents } from '../../src/modules/incidentSearch/service.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { makeUser } from '../helpers/app.ts';

const ORDER: Record<SortKey, string> = {
  occurred_desc: 'occurred_start desc, id asc',
  occurred_asc: 'occurred_start asc, id desc',
  updated_desc: 'updated_at desc, id asc',
  reference_desc: 'reference desc',
  reference_asc: 'reference asc',
};

describeEachBackend('pages of a caller who sees their posts and their own records', (getDb) => {
  const callers: Record<string, Principal> = {};

  beforeAll(async () => {
    const handle = getDb().handle;
    await prepareDatabase(handle, { adminPassword: 'post-pages-test-password' });
    await generateSyntheticData(handle.db, systemActor('test'), {
      incidents: 400,
      batchSize: 200,
      run: 'a0570001',
    });
    // The two posts with the most records.
    const busiest = await queryRows<{ post_id: number }>(
      handle.db,
      sql`select post_id from incidents group by 1 order by count(*) desc, 1 limit 2`,
    );
    const [p1, p2] = busiest.map((r) => r.post_id);
    const principal = async (role: 'reporter' | 'approver', postIds: number[]) => {
      const user = await makeUser(
        handle,
        postIds.map((postId) => ({ role, postId })),
      );
      const [row] = await queryRows<{ id: string }>(
        handle.db,
        sql`select id from users where username = ${user.username}`,
      );
      return {
        userId: row!.id,
        username: user.username,
        displayName: user.username,
        roles: postIds.map((postId) => ({ role, postId, regionId: null })),
        via: 'system',
      } as Principal;
    };
    callers.reporter = await principal('reporter', [p1!]);
    callers.approverOfTwo = await principal('approver', [p1!, p2!]);
    // Records the reporter wrote at other posts (drafts among them) and at their own post.
    await handle.db.execute(sql`update incidents set created_by = ${callers.reporter.userId}
      where id in (select id from incidents where post_id <> ${p1!} order by id limit 25)`);
    await handle.db.execute(sql`update incidents set created_by = ${callers.reporter.userId}
      where id in (select id from incidents where post_id = ${p1!} order by id limit 5)`);
    await handle.db.execute(sql`update incidents set status = 'draft'
      where id in (select id from incidents where created_by = ${callers.reporter.userId} order by id limit 8)`);
    // Ties on the sort keys, so the id tie-breaker decides across parts.
    await handle.db.execute(sql`update incidents set occurred_start = date '2021-05-05',
      occurred_end = date '2021-05-05', date_precision = 'day'
      where id in (select id from incidents order by id limit 60)`);
  }, 180_000);

  it('equal the single query over what they may see, under every sort and filters, page by page', async () => {
    const db = getDb().handle.db;
    const filters: SearchFilters[] = [
      {},
      { status: 'draft' },
      { from: '2020-01-01' },
      { category: 'trafficking' },
    ];
    let compared = 0;
    for (const [name, principal] of Object.entries(callers))
      for (const f of filters)
        for (const sort of Object.keys(ORDER) as SortKey[]) {
          const v = incidentVisibility(principal);
          const expected = (
            await queryRows<{ id: string }>(
              db,
              sql`select id from incidents where ${searchWhere(v, f)} order by ${sql.raw(ORDER[sort])}`,
            )
          ).map((r) => r.id);
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await listIncidents(
              db,
              principal,
              listQuery.parse({ ...f, sort, limit: 9, ...(cursor ? { cursor } : {}) }),
            );
            seen.push(...page.items.map((i) => i.id));
            cursor = page.nextCursor ?? undefined;
          } while (cursor);
          expect(seen, `${name}, ${sort}, ${JSON.stringify(f)}`).toEqual(expected);
          compared += expected.length;
        }
    // The parts all contributed: rows of both posts and the reporter's own elsewhere.
    expect(compared).toBeGreaterThan(500);
    const v = incidentVisibility(callers.reporter!);
    const [own] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from incidents
          where created_by = ${v.userId} and post_id <> ${v.postIds[0]!}`,
    );
    expect(own!.n).toBe(25);
  }, 300_000);
});
