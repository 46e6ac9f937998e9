import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, count, eq } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/helpers/backends.ts';
import type { Executor } from '../../db/connection.ts';
import { auditLog, populations } from '../../db/schema/index.ts';
import { Invalid } from '../../domain/errors.ts';
import { DEFAULT_POPULATION_FILE, importWorldBankPopulation } from './population.ts';
import { countReferenceData } from './queries.ts';
import { seedReferenceData } from './seed.ts';

// Facts read off the shipped file (rows `Germany,DEU,2020,83160871`, `Germany,DEU,2021,83196078`
// and `"Egypt, Arab Rep.",EGY,2020,109315124`), and its tally: 17,195 data rows, of which 13,945
// belong to 215 ISO countries and 3,250 to 50 aggregate or non-ISO codes.
const GERMANY_2020 = 83_160_871;
const GERMANY_2021 = 83_196_078;
const EGYPT_2020 = 109_315_124;
const HEADER = 'Country Name,Country Code,Year,Value';

/** Writes a small World Bank–style file (CRLF, as published) and returns its path. */
async function worldBankFile(rows: string[], header = HEADER): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rapporteur-population-'));
  const file = path.join(dir, 'population.csv');
  await writeFile(file, [header, ...rows].join('\r\n') + '\r\n');
  return file;
}

async function populationOf(db: Executor, alpha2: string, year: number) {
  const [row] = await db
    .select()
    .from(populations)
    .where(and(eq(populations.countryCode, alpha2), eq(populations.year, year)));
  return row;
}

async function importAudits(db: Executor): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(auditLog)
    .where(eq(auditLog.action, 'reference.population.import'));
  return row?.n ?? 0;
}

async function refusal(promise: Promise<unknown>): Promise<Invalid> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Invalid);
  return error as Invalid;
}

describeEachBackend('World Bank population import', (getDb) => {
  beforeAll(async () => {
    await seedReferenceData(getDb().handle.db);
  });

  it('imports the country rows of the shipped file and skips the aggregates', async () => {
    const { db } = getDb().handle;
    const result = await importWorldBankPopulation(db, DEFAULT_POPULATION_FILE);

    expect(result).toMatchObject({ imported: 13_945, changed: 13_945, skippedAggregates: 3_250 });
    expect(result.skippedCodes).toHaveLength(50);
    expect(result.skippedCodes).toEqual(
      expect.arrayContaining(['WLD', 'EUU', 'AFE', 'ARB', 'HIC', 'XKX', 'CHI']),
    );
    expect(result.skippedCodes).not.toContain('DEU');
    expect((await countReferenceData(db)).populations).toBe(13_945);
    const countriesWithFigures = await db
      .selectDistinct({ code: populations.countryCode })
      .from(populations);
    expect(countriesWithFigures).toHaveLength(215);
    expect(await importAudits(db)).toBe(1);
  });

  it('stores Germany’s 2020 population as the World Bank states it, with its source', async () => {
    const germany = await populationOf(getDb().handle.db, 'DE', 2020);
    expect(germany).toMatchObject({
      population: GERMANY_2020,
      source: 'World Bank, SP.POP.TOTL (World Development Indicators)',
    });
  });

  it('reads quoted World Bank names with commas in them', async () => {
    expect((await populationOf(getDb().handle.db, 'EG', 2020))?.population).toBe(EGYPT_2020);
  });

  it('changes nothing when the same file is imported again', async () => {
    const { db } = getDb().handle;
    const before = await countReferenceData(db);
    const germanyBefore = await populationOf(db, 'DE', 2020);

    const result = await importWorldBankPopulation(db, DEFAULT_POPULATION_FILE);

    expect(result).toMatchObject({ imported: 13_945, changed: 0, skippedAggregates: 3_250 });
    expect(await countReferenceData(db)).toEqual(before);
    expect(await populationOf(db, 'DE', 2020)).toEqual(germanyBefore);
    expect(await importAudits(db)).toBe(1);
  });

  it('takes a revised figure from a newer file', async () => {
    const { db } = getDb().handle;
    const revised = await worldBankFile([
      `Germany,DEU,2020,${GERMANY_2020 + 1}`,
      `Germany,DEU,2021,${GERMANY_2021}`,
    ]);
    expect(await importWorldBankPopulation(db, revised)).toMatchObject({ imported: 2, changed: 1 });
    expect((await populationOf(db, 'DE', 2020))?.population).toBe(GERMANY_2020 + 1);

    const original = await worldBankFile([`Germany,DEU,2020,${GERMANY_2020}`]);
    expect(await importWorldBankPopulation(db, original)).toMatchObject({ changed: 1 });
  });

  it('writes nothing from a file with a bad value in the middle, and names the row', async () => {
    const { db } = getDb().handle;
    const before = await countReferenceData(db);
    const file = await worldBankFile([
      'Germany,DEU,2020,1', // would change Germany's 2020 figure if anything were written
      '"Egypt, Arab Rep.",EGY,2020,2',
      'Germany,DEU,2019,n/a',
      'France,FRA,2020,3',
    ]);

    const error = await refusal(importWorldBankPopulation(db, file));

    expect(error.errors).toEqual([
      { field: 'row 4, Value', message: '"n/a" is not a whole number of people' },
    ]);
    expect(error.message).toContain('row 4');
    expect((await populationOf(db, 'DE', 2020))?.population).toBe(GERMANY_2020);
    expect((await populationOf(db, 'EG', 2020))?.population).toBe(EGYPT_2020);
    expect(await countReferenceData(db)).toEqual(before);
  });

  it('refuses bad years, decimals, missing codes and repeated rows, naming each', async () => {
    const file = await worldBankFile([
      'Germany,DEU,20x0,5',
      'Germany,DEU,1850,5',
      'Germany,DEU,2020,5.5',
      'Somewhere,,2020,5',
      'France,FRA,2020,7',
      'France,FRA,2020,8',
    ]);
    const error = await refusal(importWorldBankPopulation(getDb().handle.db, file));
    expect(error.errors.map((e) => e.field)).toEqual([
      'row 2, Year',
      'row 3, Year',
      'row 4, Value',
      'row 5, Country Code',
      'row 7, Year',
    ]);
    expect(error.errors[4]?.message).toBe('FRA 2020 already appears in row 6');
  });

  it('refuses a file that is not in the World Bank long format', async () => {
    const { db } = getDb().handle;
    const wide = await worldBankFile(['Germany,DEU,83160871'], 'Country Name,Country Code,2020');
    expect((await refusal(importWorldBankPopulation(db, wide))).errors[0]?.field).toBe('row 1');

    const unclosedQuote = await worldBankFile([
      'Germany,DEU,2020,1',
      '"Egypt, Arab Rep.,EGY,2020,2',
    ]);
    expect((await refusal(importWorldBankPopulation(db, unclosedQuote))).errors[0]?.field).toMatch(
      /^row \d+$/,
    );

    const extraColumn = await worldBankFile(['Germany,DEU,2020,1', 'France,FRA,2020,2,3']);
    expect((await refusal(importWorldBankPopulation(db, extraColumn))).errors[0]?.field).toBe(
      'row 3',
    );
    expect((await populationOf(db, 'DE', 2020))?.population).toBe(GERMANY_2020);
  });
});
