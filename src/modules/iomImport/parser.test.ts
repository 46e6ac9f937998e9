// The three IOM files as they are, checked against their README (../shared/datasets/README.md,
// section 1) and against an independent plain reading of the same columns, plus small
// synthetic files for what the real ones do not contain (a bad date, a broken header).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Invalid } from '../../domain/errors.ts';
import { parseIomFile, summariseIomFile } from './parser.ts';
import type { IomIncidentDraft, IomRowResult } from './types.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../../../shared/datasets');
const FILE_2019 = path.join(DATASETS, 'iom_mmp_global_2019.csv');
const FILE_2026 = path.join(DATASETS, 'iom_mmp_global_2026_raw_export.csv');
const FILE_CURATED = path.join(DATASETS, 'iom_mmp_europe_curated.csv');

async function readAll(file: string): Promise<IomRowResult[]> {
  const results: IomRowResult[] = [];
  for await (const result of parseIomFile(file)) results.push(result);
  return results;
}

function draftsOf(results: IomRowResult[]): IomIncidentDraft[] {
  return results.flatMap((r) => (r.ok ? [r.draft] : []));
}

/** The file read plainly, one object per row keyed by header, as a check on the parser. */
function plainRows(file: string): Record<string, string>[] {
  return parse(readFileSync(file), { bom: true, columns: true }) as Record<string, string>[];
}

/** Sum of a count column by the plainest reading: every cell that is a whole number. */
function plainSum(file: string, column: string): number {
  return plainRows(file)
    .map((row) => row[column]!.trim())
    .filter((cell) => /^\d+$/.test(cell))
    .reduce((sum, cell) => sum + Number(cell), 0);
}

function byExternalId(drafts: IomIncidentDraft[], id: string): IomIncidentDraft {
  const found = drafts.find((d) => d.externalId === id);
  if (!found) throw new Error(`no draft for ${id}`);
  return found;
}

describe('the 2019 legacy export', () => {
  let results: IomRowResult[];
  let drafts: IomIncidentDraft[];
  beforeAll(async () => {
    results = await readAll(FILE_2019);
    drafts = draftsOf(results);
  });

  it('turns each of the 5,987 rows into a draft, counted by year as the README says', async () => {
    expect(results).toHaveLength(5987);
    expect(drafts).toHaveLength(5987);
    const summary = await summariseIomFile(FILE_2019);
    expect(summary).toMatchObject({ layout: 'mmp2019', rows: 5987, drafts: 5987, errors: 0 });
    expect(summary.byYear).toEqual({
      '2014': 245,
      '2015': 808,
      '2016': 1275,
      '2017': 1356,
      '2018': 1506,
      '2019': 797,
    });
  });

  it('sums the dead to what a plain reading of "Number Dead" gives', () => {
    const dead = drafts.reduce((sum, d) => sum + (d.dead ?? 0), 0);
    expect(dead).toBe(plainSum(FILE_2019, 'Number Dead'));
    expect(dead).toBeGreaterThan(0);
  });

  it('keeps blanks as unknown, not zero', () => {
    expect(drafts.filter((d) => d.missing === null)).toHaveLength(5411);
    expect(drafts.filter((d) => d.dead === null)).toHaveLength(225);
    expect(drafts.filter((d) => d.latitude === null && d.geoPrecision === null)).toHaveLength(1);
  });

  it('reads the first row as IOM wrote it, with its source graded', () => {
    const first = drafts[0]!;
    expect(first).toMatchObject({
      sourceRowNumber: 1,
      externalId: '52673',
      layout: 'mmp2019',
      categories: ['abuse_in_transit'],
      occurredStart: '2019-12-30',
      occurredEnd: '2019-12-30',
      datePrecision: 'day',
      latitude: 35.568972356329,
      longitude: -1.289773129748,
      geoPrecision: 2,
      countryCode: null,
      regionText: 'Mediterranean',
      route: 'western_mediterranean',
      dead: 1,
      missing: null,
      survivors: 11,
      cumulative: false,
      source: {
        type: 'ngo_io_report',
        publisher: 'IOM Missing Migrants Project',
        url: 'https://bit.ly/2FqQHo4',
        informationSources: 'El Watan',
        originalGrade: '1',
        reliability: 'E',
      },
    });
    expect(first.title).toBe('1 dead, Western Mediterranean, 30 Dec 2019');
    expect(first.narrative).toContain('Cause of death as reported: Hypothermia.');
    expect(first.narrative).toContain('Unspecififed location off the coast of Algeria');
  });

  it('keeps the embedded newline of Web ID 40674 inside its location', () => {
    const row = byExternalId(drafts, '40674');
    expect(row.locationText).toBe('Río Bravo, Las Adjuntas, Piedras Negras, Coahuila, Mexico\n');
    expect(row.occurredStart).toBe('2015-12-09');
  });

  it('splits multi-URL cells, first link as the source URL', () => {
    const row = byExternalId(drafts, '52663');
    expect(row.source.urls).toEqual([
      'http://bit.ly/2sCnBz1',
      'http://bit.ly/2sEra83',
      'http://bit.ly/2MJk88F',
    ]);
    expect(row.source.url).toBe('http://bit.ly/2sCnBz1');
    expect(row.source.informationSources).toBe('Japan Times, Kyodo News, AFP');
  });

  it('reads the cumulative row as the period its text states', () => {
    const row = byExternalId(drafts, '52664');
    expect(row).toMatchObject({
      cumulative: true,
      datePrecision: 'range',
      occurredStart: '2019-01-01',
      occurredEnd: '2019-12-20',
      dead: 83,
    });
    expect(row.title).toBe('83 dead, Central America to US, 1 Jan – 20 Dec 2019');
    expect(row.route).toBe('us_mexico_border');
    expect(row.narrative).toMatch(
      /cumulative record 52664: a total over 1 January – 20 December 2019, not a single event/,
    );
    expect(drafts.filter((d) => d.cumulative)).toHaveLength(1);
  });
});

describe('the 2026 raw export', () => {
  let drafts: IomIncidentDraft[];
  let results: IomRowResult[];
  beforeAll(async () => {
    results = await readAll(FILE_2026);
    drafts = draftsOf(results);
  });

  it('reads all 238 rows, the last one without a final newline', () => {
    expect(results).toHaveLength(238);
    expect(drafts).toHaveLength(238);
    expect(drafts.at(-1)!.source.originalGrade).toBe('4');
    expect(new Set(drafts.map((d) => d.externalId)).size).toBe(238);
  });

  it('reads the Drupal date of the first row month first', () => {
    expect(plainRows(FILE_2026)[0]!['Incident Date']).toBe('Thu, 01/01/2026 - 12:00');
    expect(drafts[0]).toMatchObject({
      externalId: '2026.MMP0001',
      occurredStart: '2026-01-01',
      datePrecision: 'day',
    });
    expect(drafts[1]!.occurredStart).toBe('2026-01-02');
  });

  it('sums the dead to what a plain reading of "Number Dead" gives', () => {
    const dead = drafts.reduce((sum, d) => sum + (d.dead ?? 0), 0);
    expect(dead).toBe(plainSum(FILE_2026, 'Number Dead'));
    expect(drafts.filter((d) => d.dead === null)).toHaveLength(42);
  });

  it('keeps non-ASCII names and the stated country of origin', () => {
    expect(drafts[0]!.locationText).toContain('Şırnak, Türkiye');
    expect(drafts[1]!.locationText).toContain("Rincón de M'diq");
    expect(drafts[0]!.countriesOfOrigin).toEqual(['Iraq']);
    expect(drafts[0]!.route).toBe('other');
    expect(drafts[0]!.routeText).toBe('Türkiye-Europe land route');
  });

  it('keeps the parts of a split incident apart, under their shared main ID', () => {
    const parts = drafts.filter((d) => d.mainId === '2026.MMP0098');
    expect(parts.map((d) => d.externalId)).toEqual([
      '2026.MMP0098105',
      '2026.MMP0098106',
      '2026.MMP0098107',
      '2026.MMP0098108',
      '2026.MMP0098109',
    ]);
  });

  it('turns a negative correction into an unknown count with a note', () => {
    const row = byExternalId(drafts, '2026.MMP0190218');
    expect(row).toMatchObject({ dead: 17, missing: null, survivors: 3 });
    expect(row.importNotes).toEqual([
      'Minimum Estimated Number of Missing held -5, a correction to a linked IOM record rather than a count',
    ]);
  });
});

describe('the curated Europe re-export', () => {
  let drafts: IomIncidentDraft[];
  let results: IomRowResult[];
  beforeAll(async () => {
    results = await readAll(FILE_CURATED);
    drafts = draftsOf(results);
  });

  it('reads all 6,802 rows', async () => {
    expect(results).toHaveLength(6802);
    expect(drafts).toHaveLength(6802);
    expect((await summariseIomFile(FILE_CURATED)).layout).toBe('mmpEuropeCurated');
  });

  it('sums the dead to a plain reading of "No. dead", NA counting as unknown', () => {
    const dead = drafts.reduce((sum, d) => sum + (d.dead ?? 0), 0);
    expect(dead).toBe(plainSum(FILE_CURATED, 'No. dead'));
    expect(drafts.filter((d) => d.dead === null)).toHaveLength(638);
    expect(drafts.filter((d) => d.children === null)).toHaveLength(5593);
  });

  it('splits a multi-valued country of origin as stated', () => {
    const row = byExternalId(drafts, '2016.MMP00484560,2016.MMP00484561');
    expect(row.countriesOfOrigin).toEqual(['Morocco', 'Unknown']);
    expect(row.mainId).toBe('2016.MMP00484');
  });

  it('names the country of incident by ISO code and reads split lat/lon', () => {
    expect(drafts[0]).toMatchObject({
      externalId: '2014.MMP00007',
      countryCode: 'GR',
      countryText: 'Greece',
      latitude: 37.2832,
      longitude: 27,
      geoPrecision: 2,
      source: { originalGrade: '5', reliability: 'A' },
    });
    const codes = new Set(drafts.map((d) => d.countryCode));
    expect(codes).toContain('TR');
    expect(codes).toContain('IR');
    expect(codes).toContain('GB');
    // "012 52E" (a coordinate in the country column) and "NA" are the only rows left unnamed.
    const unnamed = drafts.filter((d) => d.countryCode === null).map((d) => d.countryText);
    expect(unnamed).toHaveLength(2);
    expect(unnamed).toEqual(expect.arrayContaining([null, '012 52E']));
  });

  it('keeps a joined grade such as "45" and grades it by its weakest part', () => {
    const row = drafts.find((d) => d.mainId === '2019.MMP00057')!;
    expect(row.source).toMatchObject({ originalGrade: '45', reliability: 'B' });
  });
});

describe('files the parser must refuse or report row by row', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'iom-import-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const HEADER_2019 = [
    'Web ID',
    'Region of Incident',
    'Reported Date',
    'Reported Year',
    'Reported Month',
    'Number Dead',
    'Minimum Estimated Number of Missing',
    'Total Dead and Missing',
    'Number of Survivors',
    'Number of Females',
    'Number of Males',
    'Number of Children',
    'Cause of Death',
    'Location Description',
    'Information Source',
    'Location Coordinates',
    'Migration Route',
    'URL',
    'UNSD Geographical Grouping',
    'Source Quality',
  ];

  /** A 2019-layout row; only what a test cares about is passed. */
  function row2019(id: number, reportedDate = 'December 30, 2019'): string[] {
    return [
      String(id),
      'Mediterranean',
      reportedDate,
      '2019',
      'Dec',
      '2',
      '',
      '2',
      '',
      '',
      '',
      '',
      'Drowning',
      'Off the coast of Algeria',
      'El Watan',
      '35.5, -1.2',
      'Western Mediterranean',
      'https://bit.ly/x',
      'Uncategorized',
      '3',
    ];
  }

  async function csvFile(name: string, rows: string[][]): Promise<string> {
    const file = path.join(dir, name);
    const quote = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
    await writeFile(file, '\uFEFF' + rows.map((r) => r.map(quote).join(',')).join('\n') + '\n');
    return file;
  }

  it('reports a bad date in row 3 with its column, and still reads the other rows', async () => {
    const file = await csvFile('bad-date.csv', [
      HEADER_2019,
      row2019(1),
      row2019(2),
      row2019(3, 'Decembre 32, 2019'),
      row2019(4),
    ]);
    const results = await readAll(file);
    expect(results).toHaveLength(4);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true]);
    expect(results[2]).toMatchObject({
      ok: false,
      row: 3,
      column: 'Reported Date',
      externalId: '3',
    });
    expect(!results[2]!.ok && results[2]!.reason).toMatch(/"Decembre 32, 2019"/);
    const summary = await summariseIomFile(file);
    expect(summary).toMatchObject({ rows: 4, drafts: 3, errors: 1 });
  });

  it('lists every problem of a row, each with its column', async () => {
    const bad = row2019(7, 'February 30, 2019');
    bad[5] = 'two';
    bad[19] = '9';
    const file = await csvFile('many-problems.csv', [HEADER_2019, bad]);
    const [result] = await readAll(file);
    expect(result).toMatchObject({ ok: false, row: 1, column: 'Reported Date' });
    expect(!result!.ok && result!.problems.map((p) => p.column)).toEqual([
      'Reported Date',
      'Number Dead',
      'Source Quality',
    ]);
  });

  it('reports a row with a missing field as that row’s error', async () => {
    const file = await csvFile('short-row.csv', [HEADER_2019, row2019(1), row2019(2).slice(0, 19)]);
    const results = await readAll(file);
    expect(results[0]!.ok).toBe(true);
    expect(results[1]).toMatchObject({ ok: false, row: 2, column: '(row)' });
  });

  it('refuses an unknown header, naming the columns it lacks', async () => {
    const header = HEADER_2019.map((h) => (h === 'Reported Date' ? 'Date' : h)).filter(
      (h) => h !== 'Source Quality',
    );
    const file = await csvFile('renamed.csv', [header, row2019(1).slice(0, 19)]);
    await expect(readAll(file)).rejects.toBeInstanceOf(Invalid);
    await expect(readAll(file)).rejects.toThrow(
      /nearest \(mmp2019\) lacks the columns "Reported Date", "Source Quality"/,
    );
  });

  it('reads a curated "Cumulative Incident" as a total over its year', async () => {
    const [header, first] = parse(readFileSync(FILE_CURATED), { toLine: 2 }) as string[][];
    const cumulative = first!.map((cell, i) =>
      header![i] === 'Incident Type' ? 'Cumulative Incident' : cell,
    );
    const file = await csvFile('cumulative.csv', [header!, cumulative]);
    const [result] = await readAll(file);
    expect(result).toMatchObject({
      ok: true,
      draft: {
        cumulative: true,
        datePrecision: 'year',
        occurredStart: '2014-01-01',
        occurredEnd: '2014-12-31',
      },
    });
    expect(result!.ok && result!.draft.title).toBe('12 dead, Eastern Mediterranean, 2014');
  });

  it('refuses an empty file and one that is not CSV', async () => {
    const empty = path.join(dir, 'empty.csv');
    await writeFile(empty, '');
    await expect(readAll(empty)).rejects.toThrow(/empty/);
    const broken = path.join(dir, 'broken.csv');
    await writeFile(broken, HEADER_2019.join(',') + '\n"52673,"Mediterranean\n');
    await expect(readAll(broken)).rejects.toBeInstanceOf(Invalid);
    await expect(readAll(path.join(dir, 'absent.csv'))).rejects.toThrow(/ENOENT/);
  });
});
