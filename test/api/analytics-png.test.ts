// Every analytics chart served as SVG is served as PNG too, rasterised on the server from that
// same SVG: the PNG is a valid image of the SVG's size (twice the SVG units), byte for byte the
// rendering of the SVG the same request gives, and that SVG carries the notes, the caveats and
// the "SYNTHETIC DATA" mark. The text is really drawn (the DejaVu fonts load): taking the mark
// out of the SVG changes the image. Permissions are those of the SVG.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { imageSize } from 'image-size';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { PNG_SCALE, svgToPng } from '../../src/modules/analytics/png.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';
import { describeEachBackend } from '../helpers/backends.ts';

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CAVEAT = 'Test caveat: applicants are not persons at risk.';

const svgSize = (svg: string) => {
  const m = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  return { width: Number(m![1]), height: Number(m![2]) };
};

describe('svgToPng', () => {
  it('draws the text of the SVG with the shipped fonts', () => {
    const marked = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" font-family="sans-serif"><text x="10" y="25" font-size="14" font-weight="bold">SYNTHETIC DATA</text></svg>`;
    const blank = marked.replace('SYNTHETIC DATA', '');
    const png = svgToPng(marked);
    expect(png.subarray(0, 8)).toEqual(PNG_MAGIC);
    expect(imageSize(png)).toMatchObject({ type: 'png', width: 200 * PNG_SCALE, height: 80 });
    // Without fonts resvg draws no text, and both images would be the same blank page.
    expect(png.equals(svgToPng(blank))).toBe(false);
    // Deterministic: the same SVG gives the same bytes.
    expect(png.equals(svgToPng(marked))).toBe(true);
  });
});

describeEachBackend('analytics charts as PNG', (getDb) => {
  let app: FastifyInstance;
  let analyst: Session;
  let reporter: Session;
  const db = () => getDb().handle.db;

  beforeAll(async () => {
    app = await buildTestApp(getDb().handle);
    const a = await makeUser(getDb().handle, [{ role: 'analyst' }]);
    analyst = await signIn(app, a.username, a.password);
    const r = await makeUser(getDb().handle, [{ role: 'reporter', postId: 1 }]);
    reporter = await signIn(app, r.username, r.password);
    const [post] = await queryRows<{ id: number }>(
      db(),
      sql`select id from posts where code = 'EMB-FR'`,
    );
    for (let i = 0; i < 12; i++)
      await db().execute(
        sql`insert into incidents (post_id, country_code, title, categories, occurred_start, occurred_end, date_precision, status, synthetic)
            values (${post!.id}, 'FR', 'test incident', ARRAY['trafficking']::text[], '2024-03-10', '2024-03-10', 'day', 'verified', true)`,
      );
    const [d] = await queryRows<{ id: string }>(
      db(),
      sql`insert into stat_datasets (key, publisher, title, url, licence, reference_period, counted, counted_description, caveats, synthetic)
          values ('png-asylum', 'Test publisher', 'Test table', 'https://example.org', 'CC BY 4.0', '2014–2016', 'applications',
                  'first-time asylum applicants', ${CAVEAT}, true)
          returning id`,
    );
    for (const [year, value] of [
      [2014, 35],
      [2015, 1580],
      [2016, 3],
    ] as const)
      await db().execute(
        sql`insert into stat_observations (dataset_id, area, country_code, period, period_start, period_end, indicator, dimensions, value, import_id, source_row)
            values (${d!.id}, 'DE', 'DE', ${String(year)}, ${`${year}-01-01`}, ${`${year}-12-31`}, 'Applicants',
                    '{"Sex":"Total"}'::jsonb, ${String(value)}, gen_random_uuid(), ${year})`,
      );
  });
  afterAll(async () => {
    await app?.close();
  });

  const charts = [
    '/api/analytics/incidents.svg?by=country&from=2024-01-01&to=2024-12-31',
    '/api/analytics/map.svg?year=2024&measure=count',
    '/api/analytics/trends/incidents.svg?country=FR&by=month&from=2024-01-01&to=2024-12-31',
    '/api/analytics/trends/series.svg?dataset=png-asylum&indicator=Applicants&country=DE&measure=count',
  ];

  it.each(charts)('%s has a PNG rendered from the same SVG', async (svgUrl) => {
    const svg = await as(app, analyst, 'GET', svgUrl);
    expect(svg.statusCode, svg.body).toBe(200);
    const png = await as(app, analyst, 'GET', svgUrl.replace('.svg?', '.png?'));
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    const bytes = png.rawPayload;
    expect(bytes.subarray(0, 8)).toEqual(PNG_MAGIC);
    const { width, height } = svgSize(svg.body);
    expect(imageSize(bytes)).toMatchObject({
      type: 'png',
      width: width * PNG_SCALE,
      height: height * PNG_SCALE,
    });
    expect(bytes.equals(svgToPng(svg.body))).toBe(true);
    // All these charts are of synthetic data: the mark is in the SVG the PNG is drawn from.
    expect(svg.body).toContain('>SYNTHETIC DATA</text>');
  });

  it('the series chart keeps the caveats, the suppression label and the mark in the image', async () => {
    const url =
      '/api/analytics/trends/series.svg?dataset=png-asylum&indicator=Applicants&country=DE&measure=count';
    const svg = (await as(app, analyst, 'GET', url)).body;
    expect(svg).toContain(`Caveats: ${CAVEAT}`);
    expect(svg).toMatch(/>&lt;5</);
    const png = (await as(app, analyst, 'GET', url.replace('.svg?', '.png?'))).rawPayload;
    // The mark is drawn: the same chart without it is a different image.
    const unmarked = svg.replace(/<text[^>]*>SYNTHETIC DATA<\/text>/, '');
    expect(unmarked).not.toBe(svg);
    expect(png.equals(svgToPng(unmarked))).toBe(false);
    const uncaveated = svg.replace(`Caveats: ${CAVEAT}`, '');
    expect(png.equals(svgToPng(uncaveated))).toBe(false);
  });

  it('PNG charts need the permission the SVG ones need', async () => {
    for (const url of charts.map((u) => u.replace('.svg?', '.png?'))) {
      expect((await as(app, reporter, 'GET', url)).statusCode).toBe(403);
      expect((await as(app, undefined, 'GET', url)).statusCode).toBe(401);
    }
  });
});
