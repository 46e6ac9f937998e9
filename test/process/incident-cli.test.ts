// `rapporteur incident import | list | export` on the embedded database: a bad file is refused
// whole with every row error, a good one creates drafts, and the editor who imported them lists
// and exports them. (Each command starts the embedded database, so the journey is kept short;
// visibility rules are tested through the same services in test/api/incident-search.test.ts.)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './spawn.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'rapporteur-incident-cli-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const HEADER =
  'post,countryCode,title,narrative,language,categories,occurredStart,occurredEnd,datePrecision,latitude,longitude,geoPrecision,route,marking,tags';

describe('rapporteur incident', () => {
  it('imports all or nothing, then lists, shows and exports what each user may see', async () => {
    const env = {
      RAPPORTEUR_DATA_DIR: path.join(root, 'data'),
      RAPPORTEUR_ADMIN_PASSWORD: 'cli-admin-password',
    };
    // `migrate` loads the reference data (posts, countries) as well as the schema.
    expect((await runCli(['migrate'], env)).code).toBe(0);
    const editor = await runCli(
      [
        'user',
        'create',
        'ed.itor',
        '--name',
        'Ed Itor',
        '--role',
        'editor',
        '--password',
        'pw-long-enough-1',
      ],
      env,
    );
    expect(editor.code, editor.output).toBe(0);

    const bad = path.join(root, 'bad.csv');
    fs.writeFileSync(
      bad,
      [
        HEADER,
        'EMB-FR,FR,Robbery at the harbour,Migrants robbed,en,abuse_in_transit,2025-03-01,,day,50.95,1.85,1,english_channel,sbu,',
        'EMB-FR,FR,Bad row,,en,nonsense,2025-03-01,,fortnight,,,,,sbu,',
        'EMB-FR,FR,Held on a farm,Workers held,en,forced_labour,2025-04-01,,day,,,,,sbu,',
      ].join('\n'),
    );
    const refused = await runCli(['incident', 'import', bad, '--as', 'ed.itor'], env);
    expect(refused.code).toBe(2);
    expect(refused.output).toMatch(/nothing was imported/);
    expect(refused.output).toMatch(/row 3, categories: unknown category "nonsense"/);
    expect(refused.output).toMatch(/row 3, datePrecision: /);

    const good = path.join(root, 'good.csv');
    fs.writeFileSync(
      good,
      [
        HEADER,
        ...fs
          .readFileSync(bad, 'utf8')
          .split('\n')
          .slice(1)
          .filter((l) => !l.includes('Bad row')),
      ].join('\n'),
    );
    const imported = await runCli(['incident', 'import', good, '--as', 'ed.itor'], env);
    expect(imported.code, imported.output).toBe(0);
    expect(imported.output).toMatch(/created 2 draft incidents: INC-\d{4}-\d{6}/);

    const listed = await runCli(
      ['incident', 'list', '--as', 'ed.itor', '--category', 'forced_labour'],
      env,
    );
    expect(listed.output).toMatch(
      /^INC-\d{4}-\d{6}\t2025-04-01\tFR\tdraft\tforced_labour\tHeld on a farm$/m,
    );
    expect(listed.output).toMatch(/^1 incident\(s\)$/m);
    const out = path.join(root, 'export.geojson');
    const exported = await runCli(
      ['incident', 'export', '--as', 'ed.itor', '--format', 'geojson', '--out', out],
      env,
    );
    expect(exported.code, exported.output).toBe(0);
    const collection = JSON.parse(fs.readFileSync(out, 'utf8')) as { features: unknown[] };
    expect(collection.features).toHaveLength(2);
  }, 900_000);
});
