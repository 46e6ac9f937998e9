// The dashboard rollups: the coarse rollup (country × month × category, no route) follows every
// write to incidents through the fine rollup's triggers: inserts of many rows in one statement,
// edits that move incidents between cells, status changes, merges, category changes, deletes.
// After each round it must equal a recount from incidents and the fine rollup summed over
// routes, and analytics.dashboard_rollups_rebuild() must give the same counts again. The
// dashboard reads (incidentCounts, incidentTrend) must agree with a recount for every grouping.
import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/app/bootstrap.ts';
import type { Executor } from '../../src/db/connection.ts';
import { queryRows } from '../../src/db/raw.ts';
import {
  incidentCounts,
  incidentTrend,
  wholeYears,
  type Grouping,
} from '../../src/modules/analytics/queries.ts';
import { describeEachBackend } from '../helpers/backends.ts';

const COUNTRIES = ['FR', 'IT', 'ES', 'DE', 'XK'];
const CATEGORIES = ['trafficking', 'forced_labour', 'abuse_in_transit'];
const ROUTES = [null, 'Central Mediterranean', 'Western Balkans'];
const STATUSES = ['draft', 'verified', 'verified', 'verified', 'returned'];

/** A small seeded generator (mulberry32), so that a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Cell = string;
/** A rollup cell (`month` holds the year for the yearly rollup). */
type Row = { category: string; month: string; country_code: string; synthetic: boolean; n: string };
const cellsOf = (rows: Row[]) =>
  Object.fromEntries(
    rows.map(
      (r) =>
        [`${r.category}|${r.month}|${r.country_code}|${r.synthetic}`, Number(r.n)] as [
          Cell,
          number,
        ],
    ),
  );

const coarse = (db: Executor, nonZero: boolean) =>
  queryRows<Row>(
    db,
    sql`select category, month::text, country_code, synthetic, incidents::text as n
          from analytics.incident_rollup_cm ${nonZero ? sql`where incidents <> 0` : sql``}`,
  );
const fineSummed = (db: Executor) =>
  queryRows<Row>(
    db,
    sql`select category, month::text, country_code, synthetic, sum(incidents)::text as n
          from analytics.incident_rollup group by 1, 2, 3, 4`,
  );
/** Verified incidents counted straight from the table, as the rollups define them. */
const recount = (db: Executor) =>
  queryRows<Row>(
    db,
    sql`select c.c as category, date_trunc('month', i.occurred_start)::date::text as month,
               i.country_code, i.synthetic, count(*)::text as n
          from incidents i
         cross join lateral (select distinct c from unnest(i.categories || '{*}'::text[]) as u(c)) c
         where i.status = 'verified' group by 1, 2, 3, 4`,
  );

describeEachBackend('dashboard rollups', (getDb) => {
  const db = () => getDb().handle.db;
  beforeAll(async () => {
    await prepareDatabase(getDb().handle, { adminPassword: 'rollup-test-password' });
  }, 120_000);
  const rnd = random(20261204);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const date = () =>
    `${2022 + Math.floor(rnd() * 3)}-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
  const lit = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
  const cats = () => {
    const c = CATEGORIES.filter(() => rnd() < 0.5);
    return `ARRAY[${(c.length ? c : [pick(CATEGORIES)]).map(lit).join(',')}]::text[]`;
  };

  /** One statement inserting `n` random incidents. */
  const insertMany = async (n: number) => {
    const [post] = await queryRows<{ id: number }>(
      db(),
      sql`select id from posts where code = 'EMB-FR'`,
    );
    const values = Array.from({ length: n }, () => {
      const d = date();
      return `(${post!.id}, ${lit(pick(COUNTRIES))}, 'rollup test', ${cats()}, '${d}', '${d}', 'day', ${lit(pick(STATUSES))}, ${lit(pick(ROUTES))}, ${rnd() < 0.3})`;
    });
    await db().execute(
      sql.raw(`insert into incidents (post_id, country_code, title, categories, occurred_start, occurred_end, date_precision, status, route, synthetic)
               values ${values.join(', ')}`),
    );
  };
  const ids = async () =>
    (await queryRows<{ id: string }>(db(), sql`select id from incidents order by id`)).map(
      (r) => r.id,
    );
  const some = async (share: number) => (await ids()).filter(() => rnd() < share);
  const inList = (xs: string[]) => sql.raw(xs.length ? xs.map(lit).join(',') : 'NULL');

  /** One round of mixed writes, each statement touching several incidents. */
  const writeRound = async () => {
    await insertMany(60);
    await insertMany(1);
    // Status changes both ways.
    await db().execute(
      sql`update incidents set status = 'verified' where id in (${inList(await some(0.2))})`,
    );
    await db().execute(
      sql`update incidents set status = 'returned' where id in (${inList(await some(0.1))})`,
    );
    // Edits that move incidents between cells (country, month, route, categories, synthetic).
    await db().execute(
      sql`update incidents set country_code = ${pick(COUNTRIES)} where id in (${inList(await some(0.15))})`,
    );
    await db().execute(
      sql`update incidents set occurred_start = occurred_start - 40, occurred_end = occurred_end - 40
           where id in (${inList(await some(0.15))})`,
    );
    await db().execute(
      sql`update incidents set route = ${pick(ROUTES)} where id in (${inList(await some(0.15))})`,
    );
    await db().execute(
      sql`update incidents set categories = ${sql.raw(cats())} where id in (${inList(await some(0.15))})`,
    );
    await db().execute(
      sql`update incidents set synthetic = not synthetic where id in (${inList(await some(0.1))})`,
    );
    // An edit that changes no counted field, and one touching no row.
    await db().execute(
      sql`update incidents set title = 'edited' where id in (${inList(await some(0.2))})`,
    );
    await db().execute(sql`update incidents set status = 'verified' where false`);
    // Merges: a verified record merged into another leaves the counts.
    const [from, to] = await some(0.05);
    if (from && to)
      await db().execute(
        sql`update incidents set status = 'merged', merged_into = ${to} where id = ${from}`,
      );
    // Deletes (records without merges pointing at them).
    await db().execute(
      sql`delete from incidents where id in (${inList(await some(0.08))})
            and id not in (select merged_into from incidents where merged_into is not null)`,
    );
  };

  const expectExact = async () => {
    const want = cellsOf(await recount(db()));
    expect(cellsOf(await coarse(db(), true))).toEqual(want);
    // The coarse rollup is the fine one summed over routes, zero cells included.
    expect(cellsOf(await coarse(db(), false))).toEqual(cellsOf(await fineSummed(db())));
    // The yearly rollup is the coarse one summed by year, zero cells included.
    const yearly = await queryRows<Row>(
      db(),
      sql`select category, year::text as month, country_code, synthetic, incidents::text as n
            from analytics.incident_rollup_cy`,
    );
    const coarseByYear = await queryRows<Row>(
      db(),
      sql`select category, extract(year from month)::text as month, country_code, synthetic,
                 sum(incidents)::text as n from analytics.incident_rollup_cm group by 1, 2, 3, 4`,
    );
    expect(cellsOf(yearly)).toEqual(cellsOf(coarseByYear));
    return want;
  };

  it('the coarse rollup equals a recount after inserts, edits, status changes, merges and deletes', async () => {
    for (let round = 0; round < 4; round++) {
      await writeRound();
      await expectExact();
    }
    // Writes inside a transaction that rolls back leave no trace.
    const before = cellsOf(await coarse(db(), false));
    await db()
      .transaction(async (tx) => {
        await tx.execute(sql`update incidents set status = 'verified'`);
        throw new Error('roll back');
      })
      .catch(() => undefined);
    expect(cellsOf(await coarse(db(), false))).toEqual(before);
  });

  it('the rebuild function recounts both rollups from incidents, the same counts', async () => {
    await writeRound();
    const want = await expectExact();
    // A rollup gone wrong (as after a bulk load with the triggers bypassed) is put right.
    await db().execute(sql`update analytics.incident_rollup set incidents = incidents + 3`);
    expect(cellsOf(await coarse(db(), true))).not.toEqual(want);
    const [rebuilt] = await queryRows<{ fine_rows: string; coarse_rows: string }>(
      db(),
      sql`select fine_rows::text, coarse_rows::text from analytics.dashboard_rollups_rebuild()`,
    );
    expect(cellsOf(await coarse(db(), false))).toEqual(want);
    expect(Number(rebuilt!.coarse_rows)).toBe(Object.keys(want).length);
    const [fine] = await queryRows<{ n: string }>(
      db(),
      sql`select count(*)::text as n from analytics.incident_rollup where incidents > 0`,
    );
    expect(Number(rebuilt!.fine_rows)).toBe(Number(fine!.n));
    // Kept incrementally again after the rebuild.
    await writeRound();
    await expectExact();
  });

  it('dashboard counts agree with a recount for every grouping and filter', async () => {
    const scan = async (
      by: Grouping,
      from: string,
      to: string,
      country?: string,
      category?: string,
    ) => {
      const key =
        by === 'country'
          ? sql`i.country_code`
          : by === 'region'
            ? sql`g.code`
            : by === 'category'
              ? sql`c.c`
              : by === 'route'
                ? sql`coalesce(i.route, '')`
                : sql`to_char(i.occurred_start, 'YYYY-MM')`;
      const cat =
        by === 'category'
          ? category
            ? sql`c.c = ${category}`
            : sql`c.c <> '*'`
          : sql`c.c = ${category ?? '*'}`;
      return queryRows<{ key: string; incidents: string; synthetic: boolean }>(
        db(),
        sql`select ${key} as key, count(*)::text as incidents, bool_or(i.synthetic) as synthetic
              from incidents i join countries co on co.code = i.country_code
              join regions g on g.id = co.region_id
             cross join lateral (select distinct c from unnest(i.categories || '{*}'::text[]) as u(c)) c
             where i.status = 'verified'
               and i.occurred_start between date_trunc('month', ${from}::date)::date and ${to}::date
               and ${cat} ${country ? sql`and i.country_code = ${country}` : sql``}
             group by 1 order by 1`,
      );
    };
    const strip = (rows: { key: string; incidents: string; synthetic: boolean }[]) =>
      rows.map((r) => [r.key, Number(r.incidents), r.synthetic]);
    let compared = 0;
    for (const by of ['country', 'region', 'category', 'route', 'month'] as const)
      for (const [from, to] of [
        ['2021-01-01', '2025-12-31'],
        ['2023-02-15', '2023-11-30'],
        ['2022-03-10', '2024-12-31'],
        ['2021-01-01', '2023-06-30'],
        ['2022-12-01', '2024-01-31'],
      ] as const)
        for (const country of [undefined, 'FR'])
          for (const category of [undefined, 'forced_labour']) {
            const got = await incidentCounts(db(), by, { from, to, country, category });
            const want = await scan(by, from, to, country, category);
            expect(strip(got), `${by} ${from} ${to} ${country} ${category}`).toEqual(strip(want));
            compared += want.length;
          }
    expect(compared).toBeGreaterThan(100);
    // Whole years of a period (read from the yearly rollup; the rest month by month).
    expect(wholeYears({ from: '2021-01-01', to: '2025-12-31' })).toEqual({
      first: 2021,
      last: 2025,
      head: false,
      tail: false,
    });
    expect(wholeYears({ from: '2022-03-10', to: '2024-12-01' })).toEqual({
      first: 2023,
      last: 2024,
      head: true,
      tail: false,
    });
    expect(wholeYears({ from: '2022-12-01', to: '2024-01-31' })).toEqual({
      first: 2023,
      last: 2023,
      head: true,
      tail: true,
    });
    expect(wholeYears({ from: '2023-01-15', to: '2023-11-30' })).toBeUndefined();
    expect(wholeYears({ from: '2023-02-01', to: '2023-12-31' })).toBeUndefined();
    const trend = await incidentTrend(db(), 'FR', 'month', {
      from: '2021-01-01',
      to: '2025-12-31',
    });
    // A month whose incidents all left keeps a 0 row (as with the fine rollup before).
    expect(strip(trend.filter((r) => Number(r.incidents) > 0))).toEqual(
      strip(await scan('month', '2021-01-01', '2025-12-31', 'FR')),
    );
    const years = await incidentTrend(db(), 'IT', 'year', { from: '2021-01-01', to: '2025-12-31' });
    expect(years.reduce((s, r) => s + Number(r.incidents), 0)).toBe(
      (await scan('country', '2021-01-01', '2025-12-31', 'IT')).reduce(
        (s, r) => s + Number(r.incidents),
        0,
      ),
    );
  });
});
