// The dashboard's figures: the rollup follows every write to incidents (verify, un-verify,
// edit, delete) in the same transaction and agrees with a full scan; counts suppress small
// cells so that none can be recovered from the total; rates carry their denominator or say why
// there is none; exports and SVG charts keep their notes. Also the statistics import over HTTP:
// upload → preview with the row errors → commit, and a refused commit of a file with errors.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { incidentCounts, incidentCountsByScan } from '../../src/modules/analytics/queries.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';
import { describeEachBackend } from '../helpers/backends.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../../shared/datasets');

describeEachBackend('analytics', (getDb) => {
  let app: FastifyInstance;
  let analyst: Session;
  let reporter: Session;
  let editor: Session;
  const db = () => getDb().handle.db;

  /** Inserts incidents as the database sees them (the trigger does the rest). */
  const insert = async (
    rows: {
      country: string;
      status: string;
      start: string;
      categories: string[];
      route?: string;
    }[],
  ) => {
    const [post] = await queryRows<{ id: number }>(
      db(),
      sql`select id from posts where code = 'EMB-FR'`,
    );
    for (const r of rows)
      await db()
        .execute(sql`insert into incidents (post_id, country_code, title, categories, occurred_start, occurred_end, date_precision, status, route)
        values (${post!.id}, ${r.country}, 'test incident', ${sql.raw(`ARRAY[${r.categories.map((c) => `'${c}'`).join(',')}]::text[]`)}, ${r.start}, ${r.start}, 'day', ${r.status}, ${r.route ?? null})`);
  };
  const rollupTotal = async (country: string) =>
    Number(
      (
        await queryRows<{ n: string | null }>(
          db(),
          sql`select coalesce(sum(incidents), 0)::text as n from analytics.incident_rollup where country_code = ${country} and category = '*'`,
        )
      )[0]!.n,
    );

  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
    const a = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    analyst = await signIn(app, a.username, a.password);
    const r = await makeUser(getDb().handle, [{ role: 'reporter', postId: 1 }]);
    reporter = await signIn(app, r.username, r.password);
    const e = await makeUser(getDb().handle, [{ role: 'editor' }]);
    editor = await signIn(app, e.username, e.password);
    await insert([
      ...Array.from({ length: 12 }, () => ({
        country: 'FR',
        status: 'verified',
        start: '2024-03-10',
        categories: ['trafficking', 'forced_labour'],
        route: 'Central Mediterranean',
      })),
      ...Array.from({ length: 7 }, () => ({
        country: 'IT',
        status: 'verified',
        start: '2024-05-02',
        categories: ['abuse_in_transit'],
      })),
      ...Array.from({ length: 2 }, () => ({
        country: 'ES',
        status: 'verified',
        start: '2024-06-20',
        categories: ['abuse_in_transit'],
      })),
      { country: 'FR', status: 'draft', start: '2024-03-10', categories: ['trafficking'] },
      { country: 'XK', status: 'verified', start: '2024-02-01', categories: ['trafficking'] },
      ...Array.from({ length: 6 }, () => ({
        country: 'XK',
        status: 'verified',
        start: '2024-02-01',
        categories: ['trafficking'],
      })),
    ]);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('the rollup follows verification, edits and deletion, and agrees with a full scan', async () => {
    expect(await rollupTotal('FR')).toBe(12);
    const scan = await incidentCountsByScan(db(), { from: '2024-01-01', to: '2024-12-31' });
    // The API never lowers the threshold below 5, so the rollup is read as the API reads it.
    const rollup = await incidentCounts(db(), 'country', { from: '2024-01-01', to: '2024-12-31' });
    expect(rollup.map((r) => [r.key, Number(r.incidents)])).toEqual(
      scan.map((s) => [s.key, Number(s.incidents)]),
    );
    const lowered = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/incidents?by=country&from=2024-01-01&to=2024-12-31&threshold=1',
    );
    expect(lowered.statusCode).toBe(400);
    expect(lowered.body).toMatch(/threshold/);

    await db().execute(
      sql`update incidents set status = 'verified' where country_code = 'FR' and status = 'draft'`,
    );
    expect(await rollupTotal('FR')).toBe(13);
    await db().execute(
      sql`update incidents set country_code = 'DE' where id = (select id from incidents where country_code = 'FR' limit 1)`,
    );
    expect([await rollupTotal('FR'), await rollupTotal('DE')]).toEqual([12, 1]);
    await db().execute(sql`update incidents set status = 'returned' where country_code = 'DE'`);
    expect(await rollupTotal('DE')).toBe(0);
    await db().execute(sql`delete from incidents where country_code = 'DE'`);
    expect(await rollupTotal('DE')).toBe(0);
    // Categories: an incident with two counts once in '*' and once in each category.
    const cats = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/incidents?by=category&from=2024-01-01&to=2024-12-31',
    );
    const rows = (
      cats.json() as { rows: { key: string; incidents: number | null }[]; total: number | null }
    ).rows;
    const [fl] = await queryRows<{ n: string }>(
      db(),
      sql`select count(*)::text as n from incidents where status = 'verified' and 'forced_labour' = any(categories)`,
    );
    expect(rows.find((r) => r.key === 'forced_labour')?.incidents).toBe(Number(fl!.n));
    expect((cats.json() as { total: number | null }).total).toBeNull();
  });

  it('suppresses small counts and a complement, so the total cannot give them away', async () => {
    const res = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/incidents?by=country&from=2024-01-01&to=2024-12-31',
    );
    expect(res.statusCode).toBe(200);
    const v = res.json() as {
      rows: { key: string; incidents: number | null; suppressed: string | null; records: string }[];
      total: number | null;
      notes: string[];
    };
    const es = v.rows.find((r) => r.key === 'ES')!;
    expect(es).toMatchObject({ incidents: null, suppressed: 'primary' });
    const hidden = v.rows.filter((r) => r.incidents === null);
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect(es.records).toBe(
      '/api/incidents?status=verified&from=2024-01-01&to=2024-12-31&country=ES',
    );
    expect(v.notes.join(' ')).toMatch(/<5/);
    // The record link works and lists the verified incidents behind the figure.
    const fr = v.rows.find((r) => r.key === 'FR')!;
    const listed = await as(app, editor, 'GET', fr.records);
    expect(listed.statusCode).toBe(200);
  });

  it('rates carry numerator, denominator, year and source; no population means a stated reason', async () => {
    const res = await as(app, analyst, 'GET', '/api/analytics/rates?year=2024');
    expect(res.statusCode).toBe(200);
    const v = res.json() as { rows: Record<string, unknown>[] };
    const fr = v.rows.find((r) => r['country'] === 'FR') as {
      rate: {
        numerator: number;
        denominator: { population: number; year: number; source: string };
        rate: number;
        lower: number;
        upper: number;
      };
    };
    const [pop] = await queryRows<{ population: string }>(
      db(),
      sql`select population::text from populations where country_code = 'FR' and year = 2024`,
    );
    expect(fr.rate.numerator).toBe(12);
    expect(fr.rate.denominator).toMatchObject({ population: Number(pop!.population), year: 2024 });
    expect(fr.rate.denominator.source).toMatch(/World Bank/);
    expect(fr.rate.rate).toBeCloseTo((12 / Number(pop!.population)) * 1e5, 8);
    expect(fr.rate.lower).toBeLessThan(fr.rate.rate);
    const xk = v.rows.find((r) => r['country'] === 'XK') as { rate: null; reason?: string };
    if (xk.reason !== undefined) expect(xk.reason).toMatch(/no rate/);
    expect(v.rows.find((r) => r['country'] === 'ES')).toMatchObject({
      rate: null,
      suppressed: true,
    });
  });

  it('exports keep the notes and charts render as SVG with their legend', async () => {
    const csv = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/incidents.csv?by=country&from=2024-01-01&to=2024-12-31',
    );
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\n')[0]).toMatch(/^# Verified incidents by country/);
    expect(csv.body).toMatch(/\nES,Spain,<5,/);
    const xlsx = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/incidents.xlsx?by=country&from=2024-01-01&to=2024-12-31',
    );
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const svg = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/incidents.svg?by=month&from=2024-01-01&to=2024-12-31',
    );
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg[^>]+role="img"/);
    const map = await as(app, analyst, 'GET', '/api/analytics/map.svg?year=2024&measure=rate');
    expect(map.body).toContain('Rate: verified incidents per 100,000 residents');
    expect((map.body.match(/<path /g) ?? []).length).toBeGreaterThan(200);
    const countMap = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/map.svg?year=2024&measure=count',
    );
    expect(countMap.body).toContain('Count: number of verified incidents');
  });

  it('a reporter does not see the dashboard', async () => {
    expect((await as(app, reporter, 'GET', '/api/analytics/incidents')).statusCode).toBe(403);
  });

  it('imports a table over HTTP: upload, preview with totals, commit; a file with errors cannot be committed', async () => {
    const body = await readFile(path.join(DATASETS, 'uk_nrm_conclusive_grounds.csv'));
    const start = await app.inject({
      method: 'POST',
      url: '/api/statistics/imports?mapping=uk-nrm-conclusive-grounds&fileName=uk_nrm_conclusive_grounds.csv',
      headers: {
        cookie: editor.cookie,
        'x-csrf-token': editor.csrfToken,
        'content-type': 'text/csv',
      },
      payload: body,
    });
    expect(start.statusCode).toBe(202);
    const id = (start.json() as { id: string }).id;
    const poll = async (until: string[]) => {
      for (let i = 0; i < 600; i++) {
        const r = (await as(app, editor, 'GET', `/api/statistics/imports/${id}`)).json() as {
          status: string;
          preview: { indicators: { indicator: string; total: string }[]; errors: unknown[] } | null;
          result: { inserted: number } | null;
        };
        if (until.includes(r.status)) return r;
        await new Promise((res) => setTimeout(res, 100));
      }
      throw new Error('import did not finish');
    };
    const previewed = await poll(['previewed', 'failed']);
    expect(previewed.status).toBe('previewed');
    expect(previewed.preview!.errors).toEqual([]);
    expect(previewed.preview!.indicators.find((i) => i.indicator === 'Total')?.total).toBe('72194');
    expect((await as(app, analyst, 'GET', `/api/statistics/imports/${id}`)).statusCode).toBe(403);
    expect((await as(app, editor, 'POST', `/api/statistics/imports/${id}/commit`)).statusCode).toBe(
      202,
    );
    const committed = await poll(['committed', 'failed']);
    expect(committed).toMatchObject({ status: 'committed', result: { inserted: 500 } });

    const series = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/series?dataset=uk-nrm-conclusive-grounds&indicator=Total',
    );
    const s = series.json() as {
      dataset: { caveats: string };
      points: { period: string; value: number; observation: string }[];
    };
    expect(s.dataset.caveats).toMatch(/not a confirmed victim/);
    expect(s.points.find((p) => p.period === '2014')?.value).toBe(1592);
    const obs = await as(app, analyst, 'GET', s.points[0]!.observation);
    expect(obs.json()).toMatchObject({
      dataset: 'uk-nrm-conclusive-grounds',
      file_name: 'uk_nrm_conclusive_grounds.csv',
    });

    const bad = Buffer.from(body.toString('utf8').replace('2014,Q1,79', '2014,Q1,seventy-nine'));
    const second = await app.inject({
      method: 'POST',
      url: '/api/statistics/imports?mapping=uk-nrm-conclusive-grounds&datasetKey=bad-upload',
      headers: {
        cookie: editor.cookie,
        'x-csrf-token': editor.csrfToken,
        'content-type': 'text/csv',
      },
      payload: bad,
    });
    const badId = (second.json() as { id: string }).id;
    let r:
      | {
          status: string;
          preview: { errors: { row: number; column: string; reason: string }[] } | null;
        }
      | undefined;
    for (let i = 0; i < 600 && r?.status !== 'previewed'; i++) {
      r = (await as(app, editor, 'GET', `/api/statistics/imports/${badId}`)).json() as typeof r;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(r!.preview!.errors).toEqual([
      {
        row: 3,
        column: 'Adult (18 or over) - Negative conclusive grounds',
        reason: '"seventy-nine" is not a number',
      },
    ]);
    expect(
      (await as(app, editor, 'POST', `/api/statistics/imports/${badId}/commit`)).statusCode,
    ).toBe(409);
  });
});
