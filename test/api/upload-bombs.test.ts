// A statistics table uploaded as XLSX is zipped XML: a workbook that inflates far beyond its
// size is refused before any of it is read (ASVS 5.2.3), with a 415 problem naming the reason,
// and no import is started.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachBackend } from '../helpers/backends.ts';
import { buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';
import { zipOf } from '../helpers/zip.ts';

const DATASETS = path.resolve(import.meta.dirname, '../../../shared/datasets');

describeEachBackend('zip bombs in statistics uploads', (getDb) => {
  let app: FastifyInstance;
  let analyst: Session;

  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
    const user = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    analyst = await signIn(app, user.username, user.password);
  }, 60_000);
  afterAll(() => app?.close());

  const upload = (body: Buffer) =>
    app.inject({
      method: 'POST',
      url: '/api/statistics/imports?mapping=uk-irregular-migration-d01&fileName=bomb.xlsx',
      headers: {
        cookie: analyst.cookie,
        'x-csrf-token': analyst.csrfToken,
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
      payload: body,
    });

  it('refuses a workbook that unpacks a thousand times its size, naming the zip bomb', async () => {
    const bomb = zipOf([
      { name: '[Content_Types].xml', data: Buffer.from('<?xml version="1.0"?><Types/>') },
      { name: 'xl/sharedStrings.xml', data: Buffer.alloc(30 * 1024 * 1024, 0x20) },
    ]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const res = await upload(bomb);
    expect(res.statusCode, res.body).toBe(415);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().detail).toMatch(/zip bomb/);
  });

  it('lets a real published workbook through to its preview', async () => {
    const workbook = await readFile(
      path.join(DATASETS, 'uk_homeoffice_irregular_migration_detailed_ye_sep2023.xlsx'),
    );
    const res = await upload(workbook);
    expect(res.statusCode, res.body).toBe(202);
    const id = res.json().id as string;
    for (;;) {
      const job = await app.inject({
        method: 'GET',
        url: `/api/statistics/imports/${id}`,
        headers: { cookie: analyst.cookie },
      });
      const status = job.json().status as string;
      if (status !== 'previewing') {
        expect(status, job.body).toBe('previewed');
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 180_000);

  it('refuses a workbook whose entry names leave the archive', async () => {
    const escape = zipOf([{ name: '../../etc/cron.d/x', data: Buffer.from('x') }]);
    const res = await upload(escape);
    expect(res.statusCode, res.body).toBe(415);
    expect(res.json().detail).toMatch(/etc\/cron\.d/);
  });
});
