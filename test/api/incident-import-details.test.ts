// A JSON import carries what the incident form does: acts, victims in aggregate, perpetrators
// whose attributes cite a linked source, and links to existing sources with their grades.
// Everything is checked before anything is written; one bad citation imports nothing.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';

describeEachBackend(
  'incident JSON import with acts, victims, perpetrators and sources',
  (getDb) => {
    let app: FastifyInstance;
    let editor: Session;
    let police: string;
    let court: string;

    const incidentCount = async () =>
      (
        await queryRows<{ n: number }>(
          getDb().handle.db,
          sql`select count(*)::int n from incidents`,
        )
      )[0]!.n;

    beforeAll(async () => {
      const handle = getDb().handle;
      app = await buildTestApp(handle);
      const user = await makeUser(handle, [{ role: 'editor' }]);
      editor = await signIn(app, user.username, user.password);
      const source = async (type: string, reliability: string) => {
        const res = await as(app, editor, 'POST', '/api/sources', {
          type,
          publisher: `Publisher ${type}`,
          title: `Statement by ${type}`,
          reliability,
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json().id as string;
      };
      police = await source('police_statement', 'B');
      court = await source('court_record', 'A');
    }, 90_000);
    afterAll(() => app?.close());

    const complete = () => ({
      post: 'EMB-DE',
      title: 'Labour exploitation on a building site',
      narrative: 'Twelve workers were held without pay; two men were charged.',
      categories: ['forced_labour', 'trafficking'],
      occurredStart: '2025-06-01',
      datePrecision: 'month',
      sources: [
        { sourceId: police, credibility: 2, excerpt: 'twelve workers, passports withheld' },
        { sourceId: court, credibility: 1 },
      ],
      acts: [{ act: 'Withholding of wages', victimCount: 12 }],
      victims: [
        {
          sex: 'male',
          ageBand: '26-59',
          count: 10,
          nationality: 'UA',
          nationalitySourceId: police,
        },
        { sex: 'female', ageBand: '18-25', count: 2 },
      ],
      perpetrators: [
        {
          type: 'criminal_network',
          count: 2,
          attributes: [
            { attribute: 'nationality', value: 'as stated by the court', sourceId: court },
          ],
        },
      ],
    });

    it('creates the record with its source links, acts, victims and perpetrators, all as the page shows them', async () => {
      const before = await incidentCount();
      const res = await as(app, editor, 'POST', '/api/incidents/import', [complete()]);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ created: 1, errors: [] });
      expect(await incidentCount()).toBe(before + 1);

      const [reference] = res.json().references as string[];
      const [row] = await queryRows<{ id: string }>(
        getDb().handle.db,
        sql`select id from incidents where reference = ${reference}`,
      );
      const id = row!.id;
      const page = await as(app, editor, 'GET', `/api/incidents/${id}`);
      expect(page.statusCode, page.body).toBe(200);
      const incident = page.json();
      expect(incident.acts).toEqual([
        expect.objectContaining({ act: 'Withholding of wages', victimCount: 12 }),
      ]);
      expect(incident.victims).toEqual([
        expect.objectContaining({
          sex: 'male',
          count: 10,
          nationality: 'UA',
          nationalitySourceId: police,
        }),
        expect.objectContaining({ sex: 'female', count: 2, nationality: null }),
      ]);
      expect(incident.perpetrators).toHaveLength(1);
      expect(incident.perpetrators[0]).toMatchObject({ type: 'criminal_network', count: 2 });
      expect(incident.perpetrators[0].attributes).toEqual([
        expect.objectContaining({ attribute: 'nationality', sourceId: court }),
      ]);

      const links = incident.sources as {
        source: { id: string };
        credibility: number;
        excerpt: string | null;
      }[];
      expect(links.map((l) => [l.source.id, l.credibility, l.excerpt]).sort()).toEqual(
        [
          [court, 1, null],
          [police, 2, 'twelve workers, passports withheld'],
        ].sort(),
      );

      // The source excerpt is searchable with the record, as for one linked on the page.
      const search = await as(app, editor, 'GET', '/api/incidents?q=passports');
      expect(search.statusCode, search.body).toBe(200);
      expect(JSON.stringify(search.json())).toContain(reference);
    });

    it('names every bad citation and unknown source by row and path, and writes nothing', async () => {
      const before = await incidentCount();
      const unknown = '00000000-0000-4000-8000-000000000000';
      const uncited = complete();
      uncited.victims[0]!.nationalitySourceId = court; // a source the row does not link
      const missing = complete();
      missing.sources[1]!.sourceId = unknown;
      const noCitation = complete();
      delete (noCitation.victims[0] as { nationalitySourceId?: string }).nationalitySourceId;
      const badAct = { ...complete(), acts: [{ act: '', victimCount: -1 }] };
      uncited.sources = uncited.sources.slice(0, 1); // links only the police statement

      const res = await as(app, editor, 'POST', '/api/incidents/import', [
        complete(),
        uncited,
        missing,
        noCitation,
        badAct,
      ]);
      expect(res.statusCode, res.body).toBe(422);
      const errors = res.json().errors as { row: number; column: string }[];
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ row: 2, column: 'victims.0.nationalitySourceId' }),
          expect.objectContaining({ row: 2, column: 'perpetrators.0.attributes.0.sourceId' }),
          expect.objectContaining({ row: 3, column: 'sources.1.sourceId' }),
          expect.objectContaining({ row: 3, column: 'perpetrators.0.attributes.0.sourceId' }),
          expect.objectContaining({ row: 4, column: 'victims.0.nationalitySourceId' }),
          expect.objectContaining({ row: 5, column: 'acts.0.act' }),
          expect.objectContaining({ row: 5, column: 'acts.0.victimCount' }),
        ]),
      );
      expect(errors.some((e) => e.row === 1)).toBe(false);
      expect(await incidentCount()).toBe(before);
    });

    it('keeps CSV one line per incident: detail columns are unknown there', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/incidents/import?dryRun=true',
        headers: {
          cookie: editor.cookie,
          'x-csrf-token': editor.csrfToken,
          'content-type': 'text/csv',
        },
        payload:
          'post,title,categories,occurredStart,datePrecision,acts\nEMB-DE,T,trafficking,2024-01-01,year,x\n',
      });
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json().errors).toEqual([{ row: 2, column: 'acts', reason: 'unknown column' }]);
    });
  },
);
