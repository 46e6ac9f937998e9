// Property-based tests (fast-check) of the incident importer over HTTP, CSV and JSON: rows whose
// posts, dates, date precisions, coordinates and categories are drawn from valid and hostile
// values alike. Whatever arrives, the answer is never a 500: either every row is created, or
// a 4xx names each bad row and column and nothing at all is written.
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

const HEADER =
  'post,countryCode,title,narrative,language,categories,occurredStart,occurredEnd,datePrecision,latitude,longitude,geoPrecision,route,marking,tags';

const hostile = fc.constantFrom(
  '',
  ' ',
  '=cmd|/C calc!A0',
  '"',
  '""',
  '\u0000',
  '<script>x</script>',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '９',
  '2024-02-30',
  '0000-00-00',
  '2024-13-01',
  '99999-01-01',
  '\u202e',
);
const date = fc.oneof(
  fc
    .date({ min: new Date('1950-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.constantFrom('2024', '2024-05', '2024-05-01T10:00:00Z'),
  hostile,
);
const coordinate = fc.oneof(
  fc.double({ min: -200, max: 200, noNaN: true }).map(String),
  fc.integer({ min: -181, max: 181 }).map(String),
  hostile,
  fc.constant(''),
);
const row = fc.record({
  post: fc.constantFrom('EMB-FR', 'EMB-KE', 'EMB-XX', ''),
  countryCode: fc.constantFrom('FR', 'KE', 'XX', 'fr', ''),
  title: fc.oneof(fc.string({ minLength: 1, maxLength: 30 }), hostile),
  narrative: fc.string({ maxLength: 40 }),
  language: fc.constantFrom('en', 'fr', '', 'x'),
  categories: fc.constantFrom('abuse_in_transit', 'trafficking;abuse_in_transit', 'nope', ''),
  occurredStart: date,
  occurredEnd: fc.oneof(fc.constant(''), date),
  datePrecision: fc.constantFrom('day', 'month', 'year', 'approximate', 'week', ''),
  latitude: coordinate,
  longitude: coordinate,
  geoPrecision: fc.constantFrom('', '1', '2', '3', '9', 'x'),
  route: fc.constantFrom('', 'western_mediterranean', 'nowhere'),
  marking: fc.constantFrom('sbu', 'unclassified', '', 'TOP'),
  tags: fc.constantFrom('', 'a;b', 'property'),
});
/** Rows that are valid however drawn: these must always be imported. */
const validRow = fc.record({
  post: fc.constant('EMB-FR'),
  countryCode: fc.constant('FR'),
  title: fc.stringMatching(/^[A-Za-zÀ-ÿ0-9][A-Za-zÀ-ÿ0-9 ,.'-]{0,40}$/),
  narrative: fc.string({ maxLength: 40 }).filter((s) => !s.includes('\u0000')),
  language: fc.constantFrom('en', 'fr'),
  categories: fc.constantFrom('abuse_in_transit', 'trafficking;abuse_in_transit'),
  occurredStart: fc
    .date({ min: new Date('1950-01-01'), max: new Date('2025-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  occurredEnd: fc.constant(''),
  datePrecision: fc.constant('day'),
  latitude: fc.double({ min: -90, max: 90, noNaN: true, noDefaultInfinity: true }).map(String),
  longitude: fc.double({ min: -180, max: 180, noNaN: true, noDefaultInfinity: true }).map(String),
  geoPrecision: fc.constantFrom('1', '2'),
  route: fc.constantFrom('', 'western_mediterranean'),
  marking: fc.constant('sbu'),
  tags: fc.constantFrom('', 'a;b'),
});
type Row = typeof row extends fc.Arbitrary<infer T> ? T : never;

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const toCsv = (rows: Row[]) =>
  [HEADER, ...rows.map((r) => Object.values(r).map(csvCell).join(','))].join('\n');
const toJson = (rows: Row[]) =>
  rows.map((r) => ({
    ...r,
    categories: r.categories ? r.categories.split(';') : [],
    tags: r.tags ? r.tags.split(';') : [],
    latitude: r.latitude === '' ? null : Number(r.latitude),
    longitude: r.longitude === '' ? null : Number(r.longitude),
    occurredEnd: r.occurredEnd || null,
  }));

describeEachBackend('incident import, property-based', (getDb) => {
  let app: FastifyInstance;
  let editor: Session;

  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
    const user = await makeUser(getDb().handle, [{ role: 'editor' }]);
    editor = await signIn(app, user.username, user.password);
  }, 60_000);
  afterAll(() => app?.close());

  const count = async () =>
    Number(
      (
        await queryRows<{ n: string }>(getDb().handle.db, sql`select count(*) as n from incidents`)
      )[0]!.n,
    );

  const check = async (payload: string, contentType: string, rows: number) => {
    const before = await count();
    const res = await app.inject({
      method: 'POST',
      url: '/api/incidents/import',
      headers: {
        cookie: editor.cookie,
        'x-csrf-token': editor.csrfToken,
        'content-type': contentType,
      },
      payload,
    });
    expect(res.statusCode, res.body).toBeLessThan(500);
    const body = res.json();
    const after = await count();
    if (res.statusCode === 201) {
      expect(body.created, res.body).toBe(rows);
      expect(after - before).toBe(rows);
      return;
    }
    expect([400, 422], res.body).toContain(res.statusCode);
    expect(after, 'nothing is written when a row is refused').toBe(before);
    if (res.statusCode === 422) {
      expect(body.created).toBe(0);
      expect(body.errors.length).toBeGreaterThan(0);
      for (const e of body.errors) {
        expect(e.row).toBeGreaterThanOrEqual(1);
        expect(e.column.length).toBeGreaterThan(0);
        expect(e.reason.length).toBeGreaterThan(0);
      }
    } else {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(body.errors?.[0]?.field ?? body.detail).toBeTruthy();
    }
  };

  it('CSV: every file is imported whole, or refused naming row and column with nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 4 }), async (rows) =>
        check(toCsv(rows), 'text/csv', rows.length),
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('JSON: every array is imported whole, or refused naming row and field with nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 4 }), async (rows) =>
        check(JSON.stringify(toJson(rows)), 'application/json', rows.length),
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('valid rows with any coordinates on the globe and any real date are always imported', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(validRow, { minLength: 1, maxLength: 3 }), async (rows) => {
        const res = await app.inject({
          method: 'POST',
          url: '/api/incidents/import',
          headers: {
            cookie: editor.cookie,
            'x-csrf-token': editor.csrfToken,
            'content-type': 'text/csv',
          },
          payload: toCsv(rows),
        });
        expect(res.statusCode, res.body).toBe(201);
        expect(res.json().created).toBe(rows.length);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('JSON of any shape is refused with a problem, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (value) => {
        const before = await count();
        const res = await app.inject({
          method: 'POST',
          url: '/api/incidents/import',
          headers: {
            cookie: editor.cookie,
            'x-csrf-token': editor.csrfToken,
            'content-type': 'application/json',
          },
          payload: JSON.stringify(value),
        });
        expect(res.statusCode, res.body).toBeLessThan(500);
        if (res.statusCode !== 201) expect(await count()).toBe(before);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
