// Trends and comparisons as an analyst sees them: each point of a trend carries its exact
// Poisson 95% band (checked against limits computed independently with SciPy 1.17:
// chi2.ppf(0.025, 2k)/2 and chi2.ppf(0.975, 2k+2)/2), small counts are suppressed and not drawn,
// rates name their population, year and source; a comparison is shown only with published
// counts and populations of the same year and kind, and otherwise says which is missing. The
// rate ratio's interval is checked against SciPy's Clopper–Pearson limits (beta.ppf).
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';
import { describeEachBackend } from '../helpers/backends.ts';

/** SciPy 1.17, exact Poisson 95% limits of a count. */
const POISSON: Record<number, [number, number]> = {
  0: [0, 3.6888794541],
  9: [4.1153730974, 17.0848034514],
  20: [12.2165195854, 30.8883779027],
  35: [24.3787824025, 48.6765273691],
  1580: [1503.044407933, 1659.874463344],
};

interface Point {
  period: string;
  count: number | null;
  suppressed: string | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  denominator: { population: number; year: number; source: string; of: string } | null;
  reason: string | null;
  records: string;
  denominatorRecords: string | null;
}
interface Trend {
  points: Point[];
  total: number | null;
  synthetic: boolean;
  notes: string[];
}
interface Side {
  label: string;
  count: number | null;
  suppressed: boolean;
  rate: {
    numerator: number;
    rate: number;
    lower: number;
    upper: number;
    denominator: { population: number; year: number; source: string };
  } | null;
  records: string | null;
  denominatorRecords: string | null;
}
interface Compared {
  comparable: boolean;
  reason: string | null;
  sides: [Side, Side];
  ratio: { ratio: number; lower: number; upper: number; method: string } | null;
  notes: string[];
}

describeEachBackend('analytics trends and comparisons', (getDb) => {
  let app: FastifyInstance;
  let analyst: Session;
  const db = () => getDb().handle.db;
  const get = async <T>(url: string) => {
    const res = await as(app, analyst, 'GET', url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as T;
  };
  const population = async (country: string, year: number) =>
    Number(
      (
        await queryRows<{ p: string }>(
          db(),
          sql`select population::text as p from populations where country_code = ${country} and year = ${year}`,
        )
      )[0]!.p,
    );

  const incidents = async (country: string, start: string, n: number) => {
    const [post] = await queryRows<{ id: number }>(
      db(),
      sql`select id from posts where code = 'EMB-FR'`,
    );
    for (let i = 0; i < n; i++)
      await db().execute(
        sql`insert into incidents (post_id, country_code, title, categories, occurred_start, occurred_end, date_precision, status)
            values (${post!.id}, ${country}, 'test incident', ARRAY['trafficking']::text[], ${start}, ${start}, 'day', 'verified')`,
      );
  };

  /** A small official table, marked synthetic (invented test figures), with one observation per call. */
  const dataset = async (key: string, counted: string) => {
    const [d] = await queryRows<{ id: string }>(
      db(),
      sql`insert into stat_datasets (key, publisher, title, url, licence, reference_period, counted, counted_description, caveats, synthetic)
          values (${key}, 'Test publisher', ${`Test table ${key}`}, 'https://example.org', 'CC BY 4.0', '2014–2016', ${counted},
                  ${counted === 'population' ? 'residents on 1 January' : 'first-time asylum applicants'}, 'Test caveat: applicants are not persons at risk.', true)
          returning id`,
    );
    let row = 0;
    return async (
      country: string,
      year: number,
      dims: Record<string, string>,
      value: number | null,
    ) =>
      db().execute(
        sql`insert into stat_observations (dataset_id, area, country_code, period, period_start, period_end, indicator, dimensions, value, import_id, source_row)
            values (${d!.id}, ${country}, ${country}, ${String(year)}, ${`${year}-01-01`}, ${`${year}-12-31`}, 'Applicants',
                    ${JSON.stringify(dims)}::jsonb, ${value === null ? null : String(value)}, gen_random_uuid(), ${++row})`,
      );
  };

  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
    const a = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    analyst = await signIn(app, a.username, a.password);
    await incidents('FR', '2022-03-10', 12);
    await incidents('FR', '2023-05-10', 3);
    await incidents('FR', '2024-02-10', 20);
    // Italy's incidents fall in another month than Spain's two, and a fourth country's six
    // (Germany, in September) are the complement that protects Spain's (the smallest other
    // country of the year): so Italy's count is published and the comparison below is shown.
    await incidents('IT', '2024-08-01', 9);
    await incidents('ES', '2024-07-01', 2);
    await incidents('DE', '2024-09-01', 6);
    await incidents('PT', '2021-07-01', 9);
    await db().execute(sql`delete from populations where country_code = 'PT' and year = 2021`);

    const applicants = await dataset('test-asylum', 'applications');
    const dims = (citizenship: string, sex = 'Total') => ({
      Citizenship: citizenship,
      Sex: sex,
      Unit: 'Person',
    });
    for (const [year, total] of [
      [2014, 35],
      [2015, 1580],
      [2016, 3],
    ] as const)
      await applicants('DE', year, dims('Total'), total);
    await applicants('DE', 2014, dims('Total', 'Males'), 20);
    await applicants('DE', 2017, dims('Total'), null);
    await applicants('DE', 2015, dims('Syria'), 1580);
    await applicants('DE', 2015, dims('Afghanistan'), 310);
    await applicants('DE', 2015, dims('Eritrea'), 4);
    const residents = await dataset('test-residents', 'population');
    await residents('DE', 2015, { Citizenship: 'Syria', Sex: 'Total' }, 36_600);
    await residents('DE', 2015, { Citizenship: 'Eritrea', Sex: 'Total' }, 9_000);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('an incident trend by year: each count with its exact band, small counts suppressed and the total withheld', async () => {
    const t = await get<Trend>(
      '/api/analytics/trends/incidents?country=FR&by=year&from=2021-01-01&to=2024-12-31',
    );
    // Each year is France's figure in that year's country × month table, hidden where that
    // table hides it; the total would give 2023 away, so it is withheld instead.
    expect(t.points.map((p) => [p.period, p.count, p.suppressed])).toEqual([
      ['2021', 0, null],
      ['2022', 12, null],
      ['2023', null, 'primary'],
      ['2024', 20, null],
    ]);
    expect(t.total).toBeNull();
    expect(t.notes.join(' ')).toMatch(/The total is not shown/);
    const y2024 = t.points[3]!;
    expect(y2024.lower).toBeCloseTo(POISSON[20]![0], 6);
    expect(y2024.upper).toBeCloseTo(POISSON[20]![1], 6);
    expect(t.points[0]).toMatchObject({ value: 0, lower: 0 });
    expect(t.points[0]!.upper).toBeCloseTo(POISSON[0]![1], 6);
    // Suppressed points are not drawn.
    expect(t.points[2]).toMatchObject({ value: null, lower: null, upper: null });
    expect(y2024.records).toBe(
      '/api/incidents?status=verified&country=FR&from=2024-01-01&to=2024-12-31',
    );

    const months = await get<Trend>(
      '/api/analytics/trends/incidents?country=FR&by=month&from=2024-01-01&to=2024-06-30',
    );
    expect(months.points.map((p) => p.period)).toEqual([
      '2024-01',
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
    ]);
    expect(months.points[1]).toMatchObject({
      count: 20,
      records: expect.stringContaining('from=2024-02-01&to=2024-02-29'),
    });
  });

  it('an official series per 100,000: the rate band, its population, year and source; gaps say why', async () => {
    const t = await get<Trend>(
      '/api/analytics/trends/series?dataset=test-asylum&indicator=Applicants&country=DE',
    );
    const byPeriod = new Map(t.points.map((p) => [p.period, p]));
    const de2015 = await population('DE', 2015);
    const p2015 = byPeriod.get('2015')!;
    expect(p2015.count).toBe(1580);
    expect(p2015.denominator).toMatchObject({ population: de2015, year: 2015 });
    expect(p2015.denominator!.source).toMatch(/World Bank/);
    expect(p2015.value).toBeCloseTo((1580 / de2015) * 1e5, 9);
    expect(p2015.lower).toBeCloseTo((POISSON[1580]![0] / de2015) * 1e5, 9);
    expect(p2015.upper).toBeCloseTo((POISSON[1580]![1] / de2015) * 1e5, 9);
    // The "Total" of the breakdowns that vary (Sex) is read, not the males.
    expect(byPeriod.get('2014')!.count).toBe(35);
    expect(byPeriod.get('2016')).toMatchObject({ count: null, suppressed: 'primary', value: null });
    expect(byPeriod.get('2017')).toMatchObject({
      count: null,
      value: null,
      reason: 'not published',
    });
    expect(p2015.records).toMatch(/^\/api\/analytics\/observations\/\d+$/);
    const obs = await as(app, analyst, 'GET', p2015.records);
    expect(obs.json()).toMatchObject({ dataset: 'test-asylum', value: '1580' });
    expect(t.synthetic).toBe(true);

    // A breakdown group's rate divides only by that group's population.
    const syria = await get<Trend>(
      '/api/analytics/trends/series?dataset=test-asylum&indicator=Applicants&country=DE&dimension=Citizenship&group=Syria',
    );
    expect(syria.points[0]!.denominator).toMatchObject({ population: 36_600, year: 2015 });
    expect(syria.points[0]!.denominatorRecords).toMatch(/^\/api\/analytics\/observations\/\d+$/);
    const afghans = await get<Trend>(
      '/api/analytics/trends/series?dataset=test-asylum&indicator=Applicants&country=DE&dimension=Citizenship&group=Afghanistan',
    );
    expect(afghans.points[0]).toMatchObject({ count: 310, value: null });
    expect(afghans.points[0]!.reason).toMatch(
      /no population of Germany with Citizenship "Afghanistan" for 2015/,
    );

    const bad = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/trends/series?dataset=test-asylum&indicator=Applicants&country=DE&dimension=Citizenship',
    );
    expect(bad.statusCode).toBe(400);
  });

  it('trend exports keep their notes and synthetic mark; the SVG chart draws the band and says what is missing', async () => {
    const csv = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/trends/series.csv?dataset=test-asylum&indicator=Applicants&country=DE',
    );
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.body.split('\n');
    expect(lines[0]).toMatch(/^# Applicants per 100,000 population: Germany/);
    expect(csv.body).toContain('# Caveats: Test caveat');
    expect(csv.body).toMatch(/\n2016,<5,,,,/);
    expect(csv.body).toMatch(
      /\n2015,1580,[\d.]+,[\d.]+,[\d.]+,\d+,population of Germany,2015,"World Bank/,
    );
    expect(csv.body).toMatch(/,SYNTHETIC\r?\n/);
    const xlsx = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/trends/series.xlsx?dataset=test-asylum&indicator=Applicants&country=DE',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const figures = wb.getWorksheet('Figures')!;
    expect(figures.getRow(1).getCell(1).value).toBe('SYNTHETIC DATA');
    const sheetRows: unknown[][] = [];
    figures.eachRow((row) => sheetRows.push((row.values as unknown[]).slice(1)));
    expect(sheetRows.find((r) => r[0] === '2015')?.slice(0, 2)).toEqual(['2015', 1580]);
    expect(sheetRows.find((r) => r[0] === '2016')?.[1]).toBe('<5');
    const notes = wb.getWorksheet('Notes')!.getColumn(1).values.join(' ');
    expect(notes).toMatch(/Caveats: Test caveat/);
    const svg = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/trends/incidents.svg?country=FR&by=year&from=2021-01-01&to=2024-12-31',
    );
    expect(svg.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(svg.body).toMatch(/^<svg[^>]+role="img"/);
    expect(svg.body).toContain('<title id="trend-title">Verified incidents in France by year');
    expect(svg.body).toMatch(/<desc id="trend-desc">[^<]*2023: &lt;5/);
    expect(svg.body).toMatch(/class="band"/);
  });

  it('compares two countries on verified incidents per 100,000 with the rate ratio and its exact interval', async () => {
    const c = await get<Compared>('/api/analytics/compare?source=incidents&year=2024&a=FR&b=IT');
    expect(c).toMatchObject({ comparable: true, reason: null });
    const [fr, it_] = [await population('FR', 2024), await population('IT', 2024)];
    expect(c.sides[0].rate).toMatchObject({
      numerator: 20,
      denominator: { population: fr, year: 2024 },
    });
    expect(c.sides[1].rate!.denominator.source).toMatch(/World Bank/);
    expect(c.sides[0].rate!.lower).toBeCloseTo((POISSON[20]![0] / fr) * 1e5, 9);
    expect(c.sides[1].rate!.upper).toBeCloseTo((POISSON[9]![1] / it_) * 1e5, 9);
    // SciPy: beta.ppf(0.025, 20, 10) = 0.49167664619, beta.ppf(0.975, 21, 9) = 0.84715406039.
    const odds = (p: number) => (p / (1 - p)) * (it_ / fr);
    expect(c.ratio!.ratio).toBeCloseTo(20 / fr / (9 / it_), 9);
    expect(c.ratio!.lower).toBeCloseTo(odds(0.49167664619), 6);
    expect(c.ratio!.upper).toBeCloseTo(odds(0.84715406039), 6);
    expect(c.ratio!.method).toMatch(/Clopper–Pearson/);
    expect(c.sides[0].records).toBe(
      '/api/incidents?status=verified&country=FR&from=2024-01-01&to=2024-12-31',
    );
    expect(c.notes.join(' ')).toMatch(/Age and sex structure/);
  });

  it('refuses a comparison with a suppressed count, or without a population of the same year', async () => {
    const small = await get<Compared>(
      '/api/analytics/compare?source=incidents&year=2024&a=FR&b=ES',
    );
    expect(small).toMatchObject({ comparable: false, ratio: null });
    expect(small.reason).toMatch(/second group: the count for Spain is below 5/);
    expect(small.sides[1]).toMatchObject({ count: null, suppressed: true, rate: null });
    expect(small.sides[0].rate).toBeNull();

    const noPopulation = await get<Compared>(
      '/api/analytics/compare?source=incidents&year=2021&a=FR&b=PT',
    );
    expect(noPopulation.comparable).toBe(false);
    expect(noPopulation.reason).toBe(
      'No comparison: second group: there is no population of Portugal for 2021 in the population table (a rate needs a denominator).',
    );
  });

  it('compares two citizenship groups only over their own populations, naming the one missing', async () => {
    const base =
      '/api/analytics/compare?source=series&dataset=test-asylum&indicator=Applicants&year=2015&a=DE&b=DE&dimension=Citizenship';
    const refused = await get<Compared>(`${base}&aGroup=Syria&bGroup=Afghanistan`);
    expect(refused.comparable).toBe(false);
    expect(refused.reason).toMatch(
      /^No comparison: second group: there is no population of Germany with Citizenship "Afghanistan" for 2015 in any imported population table/,
    );
    expect(refused.reason).toMatch(
      /the whole population of Germany is not the population of that group/,
    );
    expect(refused.sides[1]).toMatchObject({ count: 310, rate: null });

    const suppressed = await get<Compared>(`${base}&aGroup=Syria&bGroup=Eritrea`);
    expect(suppressed.reason).toMatch(/the count for Germany, Citizenship "Eritrea" is below 5/);

    // Once a population table gives the group, the comparison is shown.
    const [d] = await queryRows<{ id: string }>(
      db(),
      sql`select id from stat_datasets where key = 'test-residents'`,
    );
    await db().execute(
      sql`insert into stat_observations (dataset_id, area, country_code, period, period_start, period_end, indicator, dimensions, value, import_id, source_row)
          values (${d!.id}, 'DE', 'DE', '2015', '2015-01-01', '2015-12-31', 'Applicants', '{"Citizenship":"Afghanistan","Sex":"Total"}'::jsonb, '24600', gen_random_uuid(), 99)`,
    );
    const shown = await get<Compared>(`${base}&aGroup=Syria&bGroup=Afghanistan`);
    expect(shown.comparable).toBe(true);
    expect(shown.sides[1].rate!.denominator).toMatchObject({ population: 24_600, year: 2015 });
    expect(shown.sides[1].rate!.denominator.source).toMatch(/test-residents/);
    expect(shown.sides[1].denominatorRecords).toMatch(/^\/api\/analytics\/observations\/\d+$/);
    // SciPy: 3.4257006874669487 [3.031104713617957, 3.8817985815517035]
    expect(shown.ratio!.ratio).toBeCloseTo(3.4257006875, 8);
    expect(shown.ratio!.lower).toBeCloseTo(3.0311047136, 7);
    expect(shown.ratio!.upper).toBeCloseTo(3.8817985816, 7);
  });

  it('asks for what a comparison needs, by field', async () => {
    const res = await as(
      app,
      analyst,
      'GET',
      '/api/analytics/compare?source=series&year=2015&a=DE&b=FR',
    );
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/dataset/);
  });
});
