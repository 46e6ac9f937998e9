// The import over HTTP as an editor uses it: upload the CSV, see what a dry run would create,
// see the refused rows of a bad file, and be refused as anyone but an editor.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, makeUser, signIn, type Session } from '../../../test/helpers/app.ts';
import { describeEachBackend } from '../../../test/helpers/backends.ts';
import { queryRows } from '../../db/raw.ts';

const FILE_2026 = path.resolve(
  import.meta.dirname,
  '../../../../shared/datasets/iom_mmp_global_2026_raw_export.csv',
);

describeEachBackend('IOM import over HTTP', (getDb) => {
  let app: FastifyInstance;
  let editor: Session;
  let reporter: Session;
  let postId: number;
  let csv: Buffer;

  const upload = (who: Session, query: string, body: Buffer | string) =>
    app.inject({
      method: 'POST',
      url: `/api/import/iom?${query}`,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken, 'content-type': 'text/csv' },
      payload: body,
    });

  beforeAll(async () => {
    const handle = getDb().handle;
    app = await buildTestApp(handle);
    const [post] = await queryRows<{ id: number }>(
      handle.db,
      sql`select id from posts where code = 'EMB-FR'`,
    );
    postId = post!.id;
    const e = await makeUser(handle, [{ role: 'editor' }]);
    const r = await makeUser(handle, [{ role: 'reporter', postId }]);
    editor = await signIn(app, e.username, e.password);
    reporter = await signIn(app, r.username, r.password);
    csv = await readFile(FILE_2026);
  });
  afterAll(() => app?.close());

  it('an editor dry-runs an upload: the counts, nothing written', async () => {
    const res = await upload(editor, `postId=${postId}&countryCode=FR&dryRun=true`, csv);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: true, rows: 238, created: 238, errors: [] });
    const [n] = await queryRows<{ n: string }>(
      getDb().handle.db,
      sql`select count(*) as n from incidents`,
    );
    expect(Number(n!.n)).toBe(0);
  });

  it('a bad row is reported with its row and column, with 422', async () => {
    const lines = csv.toString('utf8').split('\n');
    const bad = [
      lines[0],
      lines[1],
      lines[2]!.replace(/"\w{3}, \d\d\/\d\d\/\d{4} - 12:00"/, '"someday"'),
      lines[3],
    ].join('\n');
    const res = await upload(editor, `postId=${postId}&countryCode=FR`, bad);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ row: 2, column: 'Incident Date' }),
    ]);
  });

  it('an editor imports the upload; a reporter may not', async () => {
    expect((await upload(reporter, `postId=${postId}&countryCode=FR`, csv)).statusCode).toBe(403);
    const res = await upload(editor, `postId=${postId}&countryCode=FR`, csv);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ created: 238, layout: 'mmp2026' });
  });

  it('a body that is not CSV is refused', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/import/iom?postId=${postId}`,
      headers: { cookie: editor.cookie, 'x-csrf-token': editor.csrfToken },
      payload: { file: 'x' },
    });
    expect(res.statusCode).toBe(400);
  });
});
