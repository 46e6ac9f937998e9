// Suppression across views: an attacker who asks every view of the incident counts — the count
// table by country, region and month over any range, the trends by month and by year, the
// rates (and so the map) and the comparisons, at the minimum threshold and above it — and
// subtracts the published figures from one another recovers no suppressed count. Checked two
// ways: the subtractions that worked before the rule was shared by the views (a year minus its
// shown months; a month's total minus a rate's numerator), and in general by linear algebra:
// every published figure is an equation over the country × month cells, and no figure hidden
// for being small is a combination of them (Gaussian elimination over the cells).
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';
import { describeEachBackend } from '../helpers/backends.ts';

type Hidden = 'primary' | 'complementary' | null;
interface Counts {
  rows: { key: string; incidents: number | null; suppressed: Hidden }[];
  total: number | null;
}
interface Trend {
  points: { period: string; count: number | null; suppressed: Hidden }[];
  total: number | null;
}
interface Rates {
  rows: { country: string; rate: { numerator: number } | null; suppressed?: true }[];
}
interface Compared {
  comparable: boolean;
  reason: string | null;
  sides: { count: number | null; suppressed: boolean }[];
}

/** Verified incidents of the fixture: country, month, how many. */
const FIXTURE: [string, string, number][] = [
  ['FR', '2023-05', 3],
  ['FR', '2023-11', 8],
  ['FR', '2024-03', 12],
  ['FR', '2024-06', 3],
  ['IT', '2024-07', 9],
  ['ES', '2024-07', 2],
  ['DE', '2024-02', 20],
  ['DE', '2024-10', 6],
  ['IT', '2023-04', 30],
];
const COUNTRIES = ['DE', 'ES', 'FR', 'IT'];
const MONTHS = [2023, 2024].flatMap((y) =>
  Array.from({ length: 12 }, (_, m) => `${y}-${String(m + 1).padStart(2, '0')}`),
);
const lastDay = (month: string) =>
  new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0))
    .toISOString()
    .slice(0, 10);
const monthsOf = (from: string, to: string) =>
  MONTHS.filter((m) => m >= from.slice(0, 7) && m <= to.slice(0, 7));

/** A published figure: the sum of some country × month cells. */
interface Equation {
  cells: string[];
  value: number;
}
const cellsOf = (countries: string[], months: string[]) =>
  countries.flatMap((c) => months.map((m) => `${c}|${m}`));

/** Whether the sum over `target` is a linear combination of the published equations. */
function recoverable(target: string[], published: Equation[]): boolean {
  const index = new Map(cellsOf(COUNTRIES, MONTHS).map((c, i) => [c, i] as const));
  const vector = (cells: string[]) => {
    const v = Array<number>(index.size).fill(0);
    for (const c of cells) v[index.get(c)!] = 1;
    return v;
  };
  // Row echelon basis of the published vectors, each with its pivot column.
  const basis: { pivot: number; row: number[] }[] = [];
  const reduce = (v: number[]) => {
    for (const b of basis) {
      const f = v[b.pivot]!;
      if (Math.abs(f) > 1e-9) for (let i = 0; i < v.length; i++) v[i]! -= f * b.row[i]!;
    }
    return v;
  };
  for (const e of published) {
    const v = reduce(vector(e.cells));
    const pivot = v.findIndex((x) => Math.abs(x) > 1e-9);
    if (pivot < 0) continue;
    const p = v[pivot]!;
    const row = v.map((x) => x / p);
    for (const b of basis) {
      const f = b.row[pivot]!;
      if (Math.abs(f) > 1e-9) for (let i = 0; i < row.length; i++) b.row[i]! -= f * row[i]!;
    }
    basis.push({ pivot, row });
  }
  return reduce(vector(target)).every((x) => Math.abs(x) < 1e-9);
}

describeEachBackend('suppression across analytics views', (getDb) => {
  let app: FastifyInstance;
  let analyst: Session;
  const db = () => getDb().handle.db;
  const get = async <T>(url: string) => {
    const res = await as(app, analyst, 'GET', url);
    expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
    return res.json() as T;
  };

  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
    const a = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    analyst = await signIn(app, a.username, a.password);
    const [post] = await queryRows<{ id: number }>(
      db(),
      sql`select id from posts where code = 'EMB-FR'`,
    );
    for (const [country, month, n] of FIXTURE)
      for (let i = 0; i < n; i++)
        await db().execute(
          sql`insert into incidents (post_id, country_code, title, categories, occurred_start, occurred_end, date_precision, status)
              values (${post!.id}, ${country}, 'test incident', ARRAY['trafficking']::text[], ${`${month}-15`}, ${`${month}-15`}, 'day', 'verified')`,
        );
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a year minus the months shown elsewhere does not give a hidden month away', async () => {
    // France 2024: 12 in March, 3 in June. The month trend hides June and, to protect it, March.
    const months = await get<Trend>(
      '/api/analytics/trends/incidents?country=FR&by=month&from=2024-01-01&to=2024-12-31',
    );
    const byMonth = new Map(months.points.map((p) => [p.period, p]));
    expect(byMonth.get('2024-06')).toMatchObject({ count: null, suppressed: 'primary' });
    expect(byMonth.get('2024-03')).toMatchObject({ count: null, suppressed: 'complementary' });
    // The year as the year trend and the count table give it (15, published), ...
    const year = await get<Trend>(
      '/api/analytics/trends/incidents?country=FR&by=year&from=2024-01-01&to=2024-12-31',
    );
    expect(year.points[0]!.count).toBe(15);
    // ... and March asked for on its own, in each view that can show it: hidden too, so 15 − 12
    // cannot be worked out (before the views shared the rule, March alone was published as 12).
    const march = await get<Counts>(
      '/api/analytics/incidents?by=country&from=2024-03-01&to=2024-03-31',
    );
    expect(march.rows.find((r) => r.key === 'FR')).toMatchObject({ incidents: null });
    const marchTrend = await get<Trend>(
      '/api/analytics/trends/incidents?country=FR&by=month&from=2024-03-01&to=2024-03-31',
    );
    expect(marchTrend.points[0]!.count).toBeNull();
    expect(marchTrend.total).toBeNull();
    const spring = await get<Counts>(
      '/api/analytics/incidents?by=month&country=FR&from=2024-01-01&to=2024-05-31',
    );
    expect(spring.total).toBeNull();
    // A trend over 2023 and 2024 by year: 2023 holds a hidden May (3), yet its year (11) is a
    // figure of the 2023 table, published there; the two years' total is then a sum of
    // published figures.
    const years = await get<Trend>(
      '/api/analytics/trends/incidents?country=FR&by=year&from=2023-01-01&to=2024-12-31',
    );
    expect(years.points.map((p) => p.count)).toEqual([11, 15]);
    expect(years.total).toBe(26);
    // A range that cuts 2023 after May sums the hidden May: withheld.
    const cut = await get<Trend>(
      '/api/analytics/trends/incidents?country=FR&by=year&from=2023-01-01&to=2023-06-30',
    );
    expect(cut.points[0]).toMatchObject({ count: null });
  });

  it('a month total minus a rate’s numerator or a comparison’s count does not give a hidden country away', async () => {
    // July 2024: Italy 9, Spain 2. Spain is hidden; Italy's year would give it away from July's
    // total over all countries, so Italy is hidden in every view that shows its year.
    const july = await get<Counts>(
      '/api/analytics/incidents?by=country&from=2024-07-01&to=2024-07-31',
    );
    expect(july.rows.map((r) => [r.key, r.incidents])).toEqual([
      ['ES', null],
      ['IT', null],
    ]);
    const rates = await get<Rates>('/api/analytics/rates?year=2024');
    expect(rates.rows.find((r) => r.country === 'ES')).toMatchObject({ suppressed: true });
    expect(rates.rows.find((r) => r.country === 'IT')).toMatchObject({
      rate: null,
      suppressed: true,
    });
    const compared = await get<Compared>(
      '/api/analytics/compare?source=incidents&year=2024&a=FR&b=IT',
    );
    expect(compared.comparable).toBe(false);
    expect(compared.sides[1]).toMatchObject({ count: null, suppressed: true });
    expect(compared.reason).toMatch(/the count for Italy is hidden in the published tables/);
    const italy = await get<Trend>(
      '/api/analytics/trends/incidents?country=IT&by=year&from=2024-01-01&to=2024-12-31',
    );
    expect(italy.points[0]!.count).toBeNull();
    // Germany 2024 (26) is published everywhere, rate numerator included.
    expect(rates.rows.find((r) => r.country === 'DE')?.rate?.numerator).toBe(26);
  });

  it('a threshold below the minimum is refused; a higher one hides at least as much', async () => {
    const low = await as(app, analyst, 'GET', '/api/analytics/rates?year=2024&threshold=2');
    expect(low.statusCode).toBe(400);
    expect(low.body).toMatch(/threshold/);
    const at5 = await get<Counts>(
      '/api/analytics/incidents?by=country&from=2024-01-01&to=2024-12-31',
    );
    const at7 = await get<Counts>(
      '/api/analytics/incidents?by=country&from=2024-01-01&to=2024-12-31&threshold=7',
    );
    for (const r of at5.rows)
      if (r.incidents === null) expect(at7.rows.find((s) => s.key === r.key)!.incidents).toBeNull();
  });

  it('no figure hidden for being small is a combination of all the figures every view publishes', async () => {
    const published: Equation[] = [];
    const targets: string[][] = [];
    // What must stay hidden: the counts below the minimum threshold (a count of 6 hidden at a
    // threshold of 7 is published at 5, by design).
    let atMinimum = true;
    const note = (cells: string[], value: number | null, suppressed: Hidden) => {
      if (value !== null) published.push({ cells, value });
      if (suppressed === 'primary' && atMinimum) targets.push(cells);
    };
    const [regionRows] = [
      await queryRows<{ code: string; region: string }>(
        db(),
        sql`select c.code, g.code as region from countries c join regions g on g.id = c.region_id`,
      ),
    ];
    const regionOf = new Map(regionRows.map((r) => [r.code, r.region]));
    // Ranges: each year, each month, each quarter, and a few that cut years.
    const ranges: [string, string][] = [
      ['2023-01-01', '2023-12-31'],
      ['2024-01-01', '2024-12-31'],
      ['2023-01-01', '2024-12-31'],
      ['2023-06-01', '2024-06-30'],
      ['2024-03-01', '2024-07-31'],
      ...MONTHS.map((m): [string, string] => [`${m}-01`, lastDay(m)]),
      ...MONTHS.filter((m) => /-(01|04|07|10)$/.test(m)).map((m): [string, string] => [
        `${m}-01`,
        lastDay(MONTHS[MONTHS.indexOf(m) + 2]!),
      ]),
    ];
    // At the minimum every range; above it (which can only hide more) the years and cuts.
    for (const threshold of [5, 7])
      for (const [from, to] of threshold === 5 ? ranges : ranges.slice(0, 5)) {
        atMinimum = threshold === 5;
        const months = monthsOf(from, to);
        const t = `&threshold=${threshold}`;
        for (const by of ['country', 'region', 'month'] as const) {
          const scopes: (string | undefined)[] =
            by === 'month' ? [undefined, ...COUNTRIES] : [undefined];
          for (const country of scopes) {
            const v = await get<Counts>(
              `/api/analytics/incidents?by=${by}&from=${from}&to=${to}${country ? `&country=${country}` : ''}${t}`,
            );
            const scope = country ? [country] : COUNTRIES;
            for (const r of v.rows)
              note(
                by === 'country'
                  ? cellsOf([r.key], months)
                  : by === 'region'
                    ? cellsOf(
                        scope.filter((c) => regionOf.get(c) === r.key),
                        months,
                      )
                    : cellsOf(scope, [r.key]),
                r.incidents,
                r.suppressed,
              );
            // Whatever is not listed has no incidents: the attacker knows those zeros too.
            if (by === 'country')
              for (const c of COUNTRIES)
                if (!v.rows.some((r) => r.key === c)) note(cellsOf([c], months), 0, null);
            note(cellsOf(scope, months), v.total, null);
          }
        }
        for (const country of COUNTRIES)
          for (const by of ['month', 'year'] as const) {
            const trend = await get<Trend>(
              `/api/analytics/trends/incidents?country=${country}&by=${by}&from=${from}&to=${to}${t}`,
            );
            for (const p of trend.points)
              note(
                cellsOf(
                  [country],
                  by === 'month' ? [p.period] : months.filter((m) => m.startsWith(p.period)),
                ),
                p.count,
                p.suppressed,
              );
            note(cellsOf([country], months), trend.total, null);
          }
      }
    atMinimum = true;
    for (const year of [2023, 2024]) {
      const months = monthsOf(`${year}-01-01`, `${year}-12-31`);
      const rates = await get<Rates>(`/api/analytics/rates?year=${year}`);
      for (const r of rates.rows)
        if (COUNTRIES.includes(r.country) && r.rate)
          note(cellsOf([r.country], months), r.rate.numerator, null);
      for (const a of COUNTRIES)
        for (const b of COUNTRIES) {
          if (a >= b) continue;
          const c = await get<Compared>(
            `/api/analytics/compare?source=incidents&year=${year}&a=${a}&b=${b}`,
          );
          note(cellsOf([a], months), c.sides[0]!.count, null);
          note(cellsOf([b], months), c.sides[1]!.count, null);
        }
    }
    // Every published figure is the true sum of its cells (the equations are right) ...
    const truth = new Map<string, number>(FIXTURE.map(([c, m, n]) => [`${c}|${m}`, n]));
    for (const e of published)
      expect(e.cells.reduce((a, c) => a + (truth.get(c) ?? 0), 0)).toBe(e.value);
    // ... small figures were hidden (France's May 2023 and June 2024, Spain's July 2024) ...
    expect(targets.length).toBeGreaterThan(10);
    for (const cell of ['FR|2023-05', 'FR|2024-06', 'ES|2024-07'])
      expect(targets.some((t) => t.length === 1 && t[0] === cell)).toBe(true);
    // ... and none of them is a combination of what was published.
    const recovered = targets.filter((t) => recoverable(t, published));
    expect(recovered).toEqual([]);
    // The check can fail: published with its own figure, a hidden cell is recovered.
    expect(recoverable(['ES|2024-07'], [...published, { cells: ['ES|2024-07'], value: 2 }])).toBe(
      true,
    );
  }, 600_000);
});
