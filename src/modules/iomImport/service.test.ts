// Importing the IOM files as an editor would: the 2026 export becomes 238 draft incidents whose
// deaths add up to what the file says, a second import creates nothing, a file with one bad
// row imports nothing and names the row, and a dry run writes nothing.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../../../test/helpers/backends.ts';
import { prepareDatabase } from '../../app/bootstrap.ts';
import { systemActor } from '../../db/audit.ts';
import { queryRows } from '../../db/raw.ts';
import { importIomFile } from './service.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../../../shared/datasets');
const FILE_2026 = path.join(DATASETS, 'iom_mmp_global_2026_raw_export.csv');
const FILE_2019 = path.join(DATASETS, 'iom_mmp_global_2019.csv');
const editor = systemActor('test editor');

/** The file's "Number Dead" read on its own, with csv-parse: stated non-negative counts only. */
async function deadStatedIn(file: string): Promise<number> {
  const records = parse(await readFile(file), { bom: true, columns: true }) as Record<
    string,
    string
  >[];
  return records
    .map((r) => r['Number Dead']!.trim())
    .filter((cell) => /^\d+$/.test(cell))
    .reduce((sum, cell) => sum + Number(cell), 0);
}

/** A copy of the 2026 file whose 120th data row has an impossible date. */
async function withBadRowAt(dir: string, row: number): Promise<string> {
  const text = await readFile(FILE_2026, 'utf8');
  const records = parse(text, { bom: true, columns: true }) as Record<string, string>[];
  const target = records[row - 1]!;
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const line = new RegExp(
    `(\\n${escape(target['Main ID']!)},${escape(target['Incident ID']!)},[^\\n]*?)"\\w{3}, \\d\\d/\\d\\d/\\d{4} - 12:00"`,
  );
  expect(text).toMatch(line);
  const file = path.join(dir, 'one-bad-row.csv');
  await writeFile(file, text.replace(line, '$1"Thu, 13/45/2026 - 12:00"'));
  return file;
}

describeEachBackend('IOM import', (getDb) => {
  let postId: number;
  let dir: string;
  const db = () => getDb().handle.db;
  const incidentCount = async () =>
    Number((await queryRows<{ n: string }>(db(), sql`select count(*) as n from incidents`))[0]!.n);

  beforeAll(async () => {
    await prepareDatabase(getDb().handle, { adminPassword: 'admin-password-for-tests' });
    const [post] = await queryRows<{ id: number }>(
      db(),
      sql`select id from posts where code = 'EMB-FR'`,
    );
    postId = post!.id;
    dir = await mkdtemp(path.join(tmpdir(), 'iom-import-'));
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('a dry run reports what would be created and writes nothing', async () => {
    const result = await importIomFile(db(), editor, {
      path: FILE_2026,
      postId,
      countryCode: 'FR',
      dryRun: true,
    });
    expect(result).toMatchObject({ errors: [], rows: 238, created: 238, importId: null });
    expect(await incidentCount()).toBe(0);
  });

  it('a file with one bad row in the middle imports nothing and names the row', async () => {
    const file = await withBadRowAt(dir, 120);
    const result = await importIomFile(db(), editor, {
      path: file,
      postId,
      countryCode: 'FR',
      dryRun: false,
    });
    expect(result.errors).toEqual([
      expect.objectContaining({ row: 120, column: 'Incident Date', reason: expect.any(String) }),
    ]);
    expect(result.created).toBe(0);
    expect(await incidentCount()).toBe(0);
  });

  it('a row dated in the future is an error, as it is for a record entered by hand', async () => {
    const [header, first] = (await readFile(FILE_2026, 'utf8')).split('\n');
    const file = path.join(dir, 'future.csv');
    await writeFile(
      file,
      [
        header,
        first!.replace(/"\w{3}, \d\d\/\d\d\/\d{4} - 12:00"/, '"Fri, 01/01/2100 - 12:00"'),
      ].join('\n'),
    );
    const result = await importIomFile(db(), editor, {
      path: file,
      postId,
      countryCode: 'FR',
      dryRun: false,
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        row: 1,
        column: 'Incident Date',
        reason: expect.stringMatching(/future/),
      }),
    ]);
    expect(await incidentCount()).toBe(0);
  });

  it('rows without a country are refused unless the caller names a country of record', async () => {
    await expect(
      importIomFile(db(), editor, { path: FILE_2026, postId, dryRun: false }),
    ).rejects.toThrow(/name no country of incident/);
  });

  it('the 2026 export becomes 238 draft incidents whose deaths add up to the file', async () => {
    const result = await importIomFile(db(), editor, {
      path: FILE_2026,
      postId,
      countryCode: 'FR',
      dryRun: false,
    });
    expect(result).toMatchObject({ errors: [], created: 238, alreadyImported: 0 });
    const [totals] = await queryRows<{ incidents: string; drafts: string; dead: string }>(
      db(),
      sql`select count(*) as incidents,
                 count(*) filter (where status = 'draft' and categories = '{abuse_in_transit}') as drafts,
                 (select coalesce(sum(victim_count), 0) from incident_acts where act = 'death') as dead
          from incidents`,
    );
    expect(Number(totals!.incidents)).toBe(238);
    expect(Number(totals!.drafts)).toBe(238);
    expect(Number(totals!.dead)).toBe(await deadStatedIn(FILE_2026));
    expect(result.dead).toBe(await deadStatedIn(FILE_2026));
    const [linked] = await queryRows<{ unlinked: string }>(
      db(),
      sql`select count(*) as unlinked from incidents i
          where not exists (select 1 from incident_sources l where l.incident_id = i.id)`,
    );
    expect(Number(linked!.unlinked)).toBe(0);
    const audit = await queryRows<{ action: string; changes: { sha256: string; created: number } }>(
      db(),
      sql`select action, changes from audit_log where action = 'import.iom'`,
    );
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ sha256: result.sha256, created: 238 });
  });

  it('importing the same file again creates nothing new', async () => {
    const [before] = await queryRows<{ sources: string }>(
      db(),
      sql`select count(*) as sources from sources`,
    );
    const result = await importIomFile(db(), editor, {
      path: FILE_2026,
      postId,
      countryCode: 'FR',
      dryRun: false,
    });
    expect(result).toMatchObject({
      created: 0,
      alreadyImported: 238,
      sourcesCreated: 0,
      importId: null,
    });
    expect(await incidentCount()).toBe(238);
    const [after] = await queryRows<{ sources: string }>(
      db(),
      sql`select count(*) as sources from sources`,
    );
    expect(after!.sources).toBe(before!.sources);
  });

  it('imports the 2019 file (time logged, not asserted)', async () => {
    const started = performance.now();
    const result = await importIomFile(db(), editor, {
      path: FILE_2019,
      postId,
      countryCode: 'FR',
      dryRun: false,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `IOM 2019 import on ${getDb().kind}: ${result.created} incidents, ${result.sourcesCreated} sources in ${seconds.toFixed(2)} s`,
    );
    expect(result).toMatchObject({ errors: [], created: 5987 });
  }, 120_000);
});
