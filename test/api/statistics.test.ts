// Every official table in shared/datasets imports with the mapping shipped for it, and the
// totals in the database are the ones a separate reading of the file gives (computed with
// Python's csv module and, for the workbooks, by reading the sheet XML from the zip; see
// docs/statistics.md). Then the faults: a file in the wrong encoding, text in a value
// column, a period that doesn't parse, duplicates (refused or replaced, never doubled), a
// cancelled import, and the HTTP upload → preview → commit.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.ts';
import { systemActor } from '../../src/db/audit.ts';
import { queryRows } from '../../src/db/raw.ts';
import { statMapping } from '../../src/modules/statistics/mapping.ts';
import {
  builtinMapping,
  ImportCancelled,
  importStatistics,
  type StatImportResult,
} from '../../src/modules/statistics/service.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../../shared/datasets');
const editor = systemActor('test editor');

/** mapping → file, data rows, observations, and per indicator: observations, missing, sum. */
const EXPECTED: {
  mapping: string;
  file: string;
  rows: number;
  indicator: string;
  observations: number;
  missing: number;
  total: string;
}[] = [
  {
    mapping: 'eurostat-demo-pjan',
    file: 'eurostat_demo_pjan_totals.csv',
    rows: 580,
    indicator: 'Population on 1 January',
    observations: 580,
    missing: 45,
    total: '35985018421',
  },
  {
    mapping: 'eurostat-migr-asyappctza-totals',
    file: 'eurostat_migr_asyappctza_2008_2016_totals.csv',
    rows: 1224,
    indicator: 'Asylum applicant',
    observations: 612,
    missing: 12,
    total: '31563540',
  },
  {
    mapping: 'eurostat-migr-asyappctza-citizenship',
    file: 'eurostat_migr_asyappctza_by_citizenship.csv',
    rows: 34680,
    indicator: 'First time applicant',
    observations: 34680,
    missing: 2757,
    total: '11430615',
  },
  {
    mapping: 'eurostat-migr-asydcfsta',
    file: 'eurostat_migr_asydcfsta_decisions.csv',
    rows: 1836,
    indicator: 'Total',
    observations: 612,
    missing: 8,
    total: '22539585',
  },
  {
    mapping: 'uk-nrm-referrals-government',
    file: 'uk_nrm_referrals_government_2023q4.csv',
    rows: 29505,
    indicator: 'Potential victims referred',
    observations: 29505,
    missing: 0,
    total: '19080',
  },
  {
    mapping: 'uk-nrm-reasonable-grounds',
    file: 'uk_nrm_reasonable_grounds.csv',
    rows: 50,
    indicator: 'Total',
    observations: 50,
    missing: 0,
    total: '172060',
  },
  {
    mapping: 'uk-nrm-conclusive-grounds',
    file: 'uk_nrm_conclusive_grounds.csv',
    rows: 50,
    indicator: 'Total',
    observations: 50,
    missing: 0,
    total: '72194',
  },
  {
    mapping: 'uk-nrm-duty-to-notify',
    file: 'uk_nrm_duty_to_notify_2023q4.csv',
    rows: 99,
    indicator: 'Duty to notify reports',
    observations: 99,
    missing: 0,
    total: '2088',
  },
  {
    mapping: 'uk-irregular-migration-detections',
    file: 'uk_irregular_migration_detections.csv',
    rows: 10816,
    indicator: 'Detections',
    observations: 10816,
    missing: 0,
    total: '174977',
  },
  {
    mapping: 'uk-irregular-migration-d01',
    file: 'uk_homeoffice_irregular_migration_detailed_ye_sep2023.xlsx',
    rows: 10294,
    indicator: 'Detected attempts to enter the UK irregularly',
    observations: 10294,
    missing: 0,
    total: '168099',
  },
  {
    mapping: 'uk-irregular-migration-d02',
    file: 'uk_homeoffice_irregular_migration_detailed_ye_sep2023.xlsx',
    rows: 3969,
    indicator: 'Asylum applications from small boat arrivals',
    observations: 3969,
    missing: 0,
    total: '91918',
  },
  {
    mapping: 'uk-irregular-migration-d03',
    file: 'uk_homeoffice_irregular_migration_detailed_ye_sep2023.xlsx',
    rows: 5380,
    indicator: 'Initial decisions on asylum applications from small boat arrivals',
    observations: 5380,
    missing: 0,
    total: '84637',
  },
  {
    mapping: 'uk-irregular-migration-d04',
    file: 'uk_homeoffice_irregular_migration_detailed_ye_sep2023.xlsx',
    rows: 3334,
    indicator: 'NRM referrals from small boat arrivals',
    observations: 3334,
    missing: 0,
    total: '91918',
  },
  {
    mapping: 'uk-irregular-migration-d05',
    file: 'uk_homeoffice_irregular_migration_detailed_ye_sep2023.xlsx',
    rows: 2768,
    indicator: 'Outcomes of NRM referrals from small boat arrivals',
    observations: 2768,
    missing: 0,
    total: '12993',
  },
  {
    mapping: 'de-bka-pks-t01',
    file: 'de_bka_pks2023_T01_laenderuebersicht.xlsx',
    rows: 19363,
    indicator: 'Nichtdeutsche Tatverdächtige',
    observations: 19363,
    missing: 0,
    total: '16664837',
  },
  {
    mapping: 'worldbank-population',
    file: 'worldbank_population_sp_pop_totl_long.csv',
    rows: 17195,
    indicator: 'Population, total',
    observations: 17195,
    missing: 0,
    total: '3752600645022',
  },
];

const SLOW = 900_000;

describeEachBackend('statistics import', (getDb) => {
  const handle = () => getDb().handle;
  const run = (
    file: string,
    mapping: string,
    extra: Partial<Parameters<typeof importStatistics>[3]> = {},
  ) =>
    importStatistics(handle().db, handle().kind, editor, {
      path: path.isAbsolute(file) ? file : path.join(DATASETS, file),
      mapping: builtinMapping(mapping),
      ...extra,
    });
  const observationsOf = async (key: string) =>
    Number(
      (
        await queryRows<{ n: string }>(
          handle().db,
          sql`select count(*)::text as n from stat_observations o join stat_datasets d on d.id = o.dataset_id where d.key = ${key}`,
        )
      )[0]!.n,
    );
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rapporteur-stats-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'imports every shared statistical table with its shipped mapping, totals as the files state',
    async () => {
      for (const e of EXPECTED) {
        const r = await run(e.file, e.mapping);
        expect(r.errors, e.mapping).toEqual([]);
        expect(r.rows, e.mapping).toBe(e.rows);
        expect(r.inserted, e.mapping).toBe(r.observations);
        const [stored] = await queryRows<{ n: string; missing: string; total: string }>(
          handle().db,
          sql`select count(*)::text as n, (count(*) - count(value))::text as missing, sum(value)::text as total
                from stat_observations o join stat_datasets d on d.id = o.dataset_id
               where d.key = ${e.mapping} and o.indicator = ${e.indicator}`,
        );
        expect({ mapping: e.mapping, ...stored }).toEqual({
          mapping: e.mapping,
          n: String(e.observations),
          missing: String(e.missing),
          total: e.total,
        });
      }
      // Spot checks a reader can repeat against the files.
      const [de] = await queryRows<{ value: string; country_code: string; period_start: string }>(
        handle().db,
        sql`select value::text, country_code, period_start::text from stat_observations o join stat_datasets d on d.id = o.dataset_id
             where d.key = 'worldbank-population' and o.area = 'Germany' and o.period = '2020'`,
      );
      expect(de).toEqual({ value: '83160871', country_code: 'DE', period_start: '2020-01-01' });
      const [bund] = await queryRows<{ value: string; country_code: string }>(
        handle().db,
        sql`select value::text, country_code from stat_observations o join stat_datasets d on d.id = o.dataset_id
             where d.key = 'de-bka-pks-t01' and o.area = 'Bundesrepublik Deutschland'
               and o.indicator = 'Erfasste Fälle' and o.dimensions->>'Schlüssel' = '------'`,
      );
      expect(bund).toEqual({ value: '5940667', country_code: 'DE' });
      // Latin-1 read as Latin-1: the São Tomé label survives.
      const [stp] = await queryRows<{ n: string }>(
        handle().db,
        sql`select count(*)::text as n from stat_observations where dimensions->>'Citizenship' = 'São Tomé and Príncipe'`,
      );
      expect(Number(stp!.n)).toBeGreaterThan(0);
      // Eurostat labels name countries; aggregates stay without one.
      const [geo] = await queryRows<{ germany: string; eu: string | null }>(
        handle().db,
        sql`select max(country_code) filter (where area like 'Germany%') as germany,
                   max(country_code) filter (where area like 'European Union%') as eu
              from stat_observations o join stat_datasets d on d.id = o.dataset_id where d.key = 'eurostat-demo-pjan'`,
      );
      expect(geo).toEqual({ germany: 'DE', eu: null });
    },
    SLOW,
  );

  it('refuses a second import of the same table, or replaces by choice: never doubled', async () => {
    const before = await observationsOf('uk-nrm-duty-to-notify');
    expect(before).toBe(99);
    const again = await run('uk_nrm_duty_to_notify_2023q4.csv', 'uk-nrm-duty-to-notify');
    expect(again.importId).toBeNull();
    expect(again.errorCount).toBe(99);
    expect(again.errors[0]).toMatchObject({ row: 2, column: '(row)' });
    expect(again.errors[0]!.reason).toMatch(/already holds this observation/);
    const replaced = await run('uk_nrm_duty_to_notify_2023q4.csv', 'uk-nrm-duty-to-notify', {
      onDuplicate: 'replace',
    });
    expect(replaced).toMatchObject({ errorCount: 0, inserted: 0, replaced: 99 });
    expect(await observationsOf('uk-nrm-duty-to-notify')).toBe(99);
  });

  it('names a row that repeats another row of the same file', async () => {
    const text = await readFile(path.join(DATASETS, 'uk_nrm_duty_to_notify_2023q4.csv'), 'utf8');
    const file = path.join(dir, 'dup.csv');
    await writeFile(file, text.trimEnd() + '\nAfghan,3\n');
    const r = await importStatistics(handle().db, handle().kind, editor, {
      path: file,
      mapping: statMapping.parse({
        ...builtinMapping('uk-nrm-duty-to-notify'),
        name: 'dup-test',
        dataset: { ...builtinMapping('uk-nrm-duty-to-notify').dataset, key: 'dup-test' },
      }),
    });
    expect(r.errors).toEqual([
      { row: 101, column: '(row)', reason: expect.stringMatching(/^repeats row 2:/) as string },
    ]);
    expect(await observationsOf('dup-test')).toBe(0);
  });

  it('refuses a Latin-1 file declared UTF-8, naming the first line that is not', async () => {
    const m = builtinMapping('eurostat-migr-asyappctza-citizenship');
    const r = await importStatistics(handle().db, handle().kind, editor, {
      path: path.join(DATASETS, 'eurostat_migr_asyappctza_by_citizenship.csv'),
      mapping: { ...m, encoding: 'utf-8' },
      dataset: { key: 'wrong-encoding' },
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ column: '(file)' });
    expect(r.errors[0]!.reason).toMatch(/^line \d+ is not valid UTF-8/);
    expect(await observationsOf('wrong-encoding')).toBe(0);
  });

  it('names the row and column of text in a value column and of a period that does not parse; writes nothing', async () => {
    const text = await readFile(path.join(DATASETS, 'eurostat_demo_pjan_totals.csv'), 'utf8');
    const lines = text.split('\n');
    lines[4] = lines[4]!.replace(/"[\d,]+"(,"[^"]*")$/, '"about 3 million"$1');
    lines[7] = lines[7]!.replace(/^"2007"/, '"20O7"');
    const file = path.join(dir, 'bad-cells.csv');
    await writeFile(file, lines.join('\n'));
    const r = await run(file, 'eurostat-demo-pjan', { dataset: { key: 'bad-cells' } });
    expect(r.errors).toEqual([
      { row: 5, column: 'Value', reason: '"about 3 million" is not a number' },
      {
        row: 8,
        column: 'TIME',
        reason: expect.stringMatching(/^"20O7" is not a period/) as string,
      },
    ]);
    expect(r.importId).toBeNull();
    expect(await observationsOf('bad-cells')).toBe(0);
  });

  it('a preview (dry run) reports totals and writes nothing', async () => {
    const r = await run('uk_nrm_reasonable_grounds.csv', 'uk-nrm-reasonable-grounds', {
      dryRun: true,
      dataset: { key: 'preview-only' },
    });
    expect(r.errors).toEqual([]);
    expect(r.indicators.find((i) => i.indicator === 'Total')?.total).toBe('172060');
    expect(r.sample[0]).toMatchObject({
      row: 2,
      area: 'United Kingdom',
      countryCode: 'GB',
      period: '2014',
    });
    expect(await observationsOf('preview-only')).toBe(0);
  });

  it('a cancelled import leaves nothing behind', async () => {
    const controller = new AbortController();
    let seen = 0;
    const attempt = run(
      'uk_irregular_migration_detections.csv',
      'uk-irregular-migration-detections',
      {
        dataset: { key: 'cancelled' },
        onProgress: (p) => {
          seen = p.rows;
          if (p.rows >= 5000) controller.abort();
        },
        signal: controller.signal,
      },
    );
    await expect(attempt).rejects.toBeInstanceOf(ImportCancelled);
    expect(seen).toBeGreaterThanOrEqual(5000);
    expect(await observationsOf('cancelled')).toBe(0);
    const [ds] = await queryRows<{ n: string }>(
      handle().db,
      sql`select count(*)::text as n from stat_datasets where key = 'cancelled'`,
    );
    expect(ds!.n).toBe('0');
  });

  it('keeps one audit entry per committed import', async () => {
    const rows = await queryRows<{ n: string }>(
      handle().db,
      sql`select count(*)::text as n from audit_log where action = 'import.statistics'`,
    );
    const imports = await queryRows<{ n: string }>(
      handle().db,
      sql`select count(*)::text as n from stat_imports`,
    );
    expect(rows[0]!.n).toBe(imports[0]!.n);
  });
});

export type { StatImportResult };
