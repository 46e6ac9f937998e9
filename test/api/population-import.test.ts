// Population denominators updated through the statistics import (`stats import
// --as-population`): the annual country figures of a population table replace the ones the
// rates divide by, and each rate then names that dataset as its denominator's source. A table
// that is not a population, one that states a country and year twice, or a figure that is not
// a whole number of people changes nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { prepareDatabase } from '../../src/app/bootstrap.ts';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/raw.ts';
import { Invalid } from '../../src/domain/errors.ts';
import { ratesByCountry } from '../../src/modules/analytics/service.ts';
import { statMapping } from '../../src/modules/statistics/mapping.ts';
import { builtinMapping, importStatistics } from '../../src/modules/statistics/service.ts';
import { as, buildTestApp, makeUser, signIn } from '../helpers/app.ts';
import { describeEachBackend } from '../helpers/backends.ts';

const analyst = systemActor('test analyst');

describeEachBackend('population denominators from the statistics import', (getDb) => {
  const db = () => getDb().handle.db;
  let dir: string;
  const file = async (name: string, lines: string[]) => {
    const p = path.join(dir, name);
    await writeFile(p, ['Country Name,Country Code,Year,Value', ...lines].join('\r\n') + '\r\n');
    return p;
  };
  const populationOf = async (code: string, year: number) =>
    (
      await queryRows<{ population: string; source: string }>(
        db(),
        sql`select population::text, source from populations where country_code = ${code} and year = ${year}`,
      )
    )[0];
  const importPopulation = (p: string, key: string) =>
    importStatistics(db(), getDb().handle.kind, analyst, {
      path: p,
      mapping: builtinMapping('worldbank-population'),
      dataset: { key },
      asPopulation: true,
    });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rapporteur-population-test-'));
    await prepareDatabase(getDb().handle, { adminPassword: 'admin-password-for-tests' });
    // Six verified incidents in France in 2023: enough for a rate to be shown.
    const [post] = await queryRows<{ id: number }>(
      db(),
      sql`select id from posts where code = 'EMB-FR'`,
    );
    for (let i = 1; i <= 6; i++)
      await db().execute(sql`insert into incidents (post_id, country_code, title, categories,
          occurred_start, occurred_end, date_precision, status)
        values (${post!.id}, 'FR', 'test incident', ARRAY['trafficking']::text[],
          ${`2023-03-0${i}`}, ${`2023-03-0${i}`}, 'day', 'verified')`);
  }, 180_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces the figures the rates divide by, naming the dataset as their source', async () => {
    const shipped = await populationOf('FR', 2023);
    expect(shipped?.source).toMatch(/World Bank/);
    const p = await file('revised.csv', [
      'France,FRA,2023,60000000',
      'France,FRA,2022,59000000',
      'World,WLD,2023,8000000000',
    ]);
    const r = await importPopulation(p, 'population-revised');
    expect(r.errors).toEqual([]);
    expect(r.inserted).toBe(3);
    expect(r.populations).toBe(2); // the aggregate "World" is no country: it stays out
    const source =
      'World Bank: Population, total (SP.POP.TOTL) (statistics dataset "population-revised")';
    expect(await populationOf('FR', 2023)).toEqual({ population: '60000000', source });

    const rates = await ratesByCountry(db(), 2023);
    const fr = rates.rows.find((row) => row.country === 'FR');
    expect(fr?.rate).toMatchObject({
      numerator: 6,
      denominator: { population: 60_000_000, year: 2023, source },
    });
    // 6 incidents of 60,000,000 residents: 0.01 per 100,000.
    expect(fr?.rate?.rate).toBeCloseTo(0.01, 12);
    const [audit] = await queryRows<{ n: string }>(
      db(),
      sql`select count(*)::text as n from audit_log where action = 'reference.population.import'
            and changes->>'dataset' = 'population-revised'`,
    );
    expect(audit!.n).toBe('1');
  });

  it('refuses a table stating a country and year twice, and a fraction of a person: nothing changes', async () => {
    // One figure per country and year is needed: a breakdown (here a copy of the value as a
    // dimension) gives two.
    const base = builtinMapping('worldbank-population');
    const byIndicator = await importStatistics(db(), getDb().handle.kind, analyst, {
      path: await file('two.csv', ['France,FRA,2021,1000', 'France,FRA,2021,2000']),
      mapping: statMapping.parse({
        ...base,
        name: 'population-by-copy',
        dimensions: [{ column: 'Value', name: 'copy' }],
      }),
      dataset: { key: 'population-twice' },
      asPopulation: true,
    });
    expect(byIndicator.importId).toBeNull();
    expect(byIndicator.errors).toEqual([
      {
        row: 2,
        column: '(population)',
        reason:
          'FR 2021 has 2 figures in this table; population figures need one per country and year',
      },
    ]);
    const fraction = await importPopulation(
      await file('fraction.csv', ['France,FRA,2021,1000.5']),
      'population-fraction',
    );
    expect(fraction.errors).toEqual([
      {
        row: 2,
        column: '(population)',
        reason: '"1000.5" (FR 2021) is not a whole number of people',
      },
    ]);
    expect((await populationOf('FR', 2021))?.source).toMatch(/^World Bank, SP\.POP\.TOTL/);
    const [kept] = await queryRows<{ n: string }>(
      db(),
      sql`select count(*)::text as n from stat_datasets where key in ('population-twice', 'population-fraction')`,
    );
    expect(kept!.n).toBe('0');
  });

  it('takes a population table over HTTP (asPopulation=true) and refuses any other table', async () => {
    const app = await buildTestApp(getDb().handle);
    try {
      const u = await makeUser(getDb().handle, [{ role: 'editor' }]);
      const editor = await signIn(app, u.username, u.password);
      const upload = (query: string, body: string) =>
        app.inject({
          method: 'POST',
          url: `/api/statistics/imports?${query}`,
          headers: {
            cookie: editor.cookie,
            'x-csrf-token': editor.csrfToken,
            'content-type': 'text/csv',
          },
          payload: body,
        });
      const refused = await upload(
        'mapping=uk-nrm-duty-to-notify&fileName=x.csv&asPopulation=true',
        'Nationality,Total\r\nAfghan,3\r\n',
      );
      expect(refused.statusCode).toBe(400);
      expect(refused.body).toMatch(/asPopulation/);

      const start = await upload(
        'mapping=worldbank-population&fileName=pop.csv&datasetKey=population-http&asPopulation=true',
        'Country Name,Country Code,Year,Value\r\nSpain,ESP,2023,50000000\r\n',
      );
      expect(start.statusCode, start.body).toBe(202);
      const id = (start.json() as { id: string }).id;
      const poll = async (until: string[]) => {
        for (let i = 0; i < 600; i++) {
          const r = (await as(app, editor, 'GET', `/api/statistics/imports/${id}`)).json() as {
            status: string;
            result: { populations: number | null } | null;
          };
          if (until.includes(r.status)) return r;
          await new Promise((res) => setTimeout(res, 100));
        }
        throw new Error('import did not finish');
      };
      expect((await poll(['previewed', 'failed'])).status).toBe('previewed');
      expect(await populationOf('ES', 2023)).toMatchObject({
        source: expect.stringMatching(/^World Bank, SP/) as string,
      });
      await as(app, editor, 'POST', `/api/statistics/imports/${id}/commit`);
      expect(await poll(['committed', 'failed'])).toMatchObject({
        status: 'committed',
        result: { populations: 1 },
      });
      expect(await populationOf('ES', 2023)).toEqual({
        population: '50000000',
        source:
          'World Bank: Population, total (SP.POP.TOTL) (statistics dataset "population-http")',
      });
    } finally {
      await app.close();
    }
  });

  it('refuses to take a table that counts something else as a population', async () => {
    await expect(
      importStatistics(db(), getDb().handle.kind, analyst, {
        path: await file('x.csv', ['France,FRA,2021,1000']),
        mapping: builtinMapping('worldbank-population'),
        dataset: { key: 'not-population', counted: 'victims' },
        asPopulation: true,
      }),
    ).rejects.toBeInstanceOf(Invalid);
  });
});
