// Finding incidents, as users rely on it: facet counts that never count another post's drafts,
// a German narrative found by another form of a German word, every sort paging by keyset
// without gaps or repeats, saved searches that are one's own, exports of exactly what one may
// see in JSON, CSV and GeoJSON, and imports that either write every row or none.
import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import { queryRows } from '../../src/db/raw.ts';
import { describeEachBackend } from '../helpers/backends.ts';
import { as, buildTestApp, makeUser, signIn, type Session } from '../helpers/app.ts';
import { prepareDatabase } from '../../src/app/bootstrap.ts';
import { systemActor } from '../../src/db/audit.ts';
import { generateSyntheticData } from '../../src/modules/demo/generate.ts';

import {
  drainPending,
  facetCounts,
  facetCountsByScan,
  rollupPlan,
  searchWhere,
} from '../../src/modules/incidentSearch/queries.ts';
import type { SearchFilters } from '../../src/modules/incidentSearch/schemas.ts';

type PostInfo = { id: number; code: string; region_id: number };
type Facet = { value: string; count: number }[];
type FacetName =
  | 'country'
  | 'region'
  | 'category'
  | 'status'
  | 'route'
  | 'marking'
  | 'year'
  | 'sourceType'
  | 'reliability';

describeEachBackend('incident search, facets, saved searches, export and import', (getDb) => {
  let app: FastifyInstance;
  let paris: PostInfo;
  let berlin: PostInfo;
  let reporterParis: Session;
  let reporterBerlin: Session;
  let approverBerlin: Session;
  let reviewer: Session;
  let editor: Session;
  let submittedId: string;

  const person = async (
    role: 'reporter' | 'approver' | 'reviewer' | 'editor',
    scope: { postId?: number; regionId?: number } = {},
  ) => {
    const user = await makeUser(getDb().handle, [{ role, ...scope }]);
    return signIn(app, user.username, user.password);
  };
  const create = async (session: Session, body: Record<string, unknown>) => {
    const res = await as(app, session, 'POST', '/api/incidents', {
      datePrecision: 'day',
      occurredStart: '2026-02-10',
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; reference: string; version: number };
  };
  const source = async (session: Session, type: string, reliability: string) => {
    const res = await as(app, session, 'POST', '/api/sources', {
      type,
      publisher: `Publisher ${type}`,
      title: `Report by ${type}`,
      reliability,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };
  const facetsOf = async (session: Session, query = '') => {
    const res = await as(app, session, 'GET', `/api/incidents/facets${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { total: number; facets: Record<FacetName, Facet> };
  };
  const countOf = (facet: Facet, value: string) => facet.find((f) => f.value === value)?.count;
  const incidentCount = async () =>
    (
      await queryRows<{ n: number }>(getDb().handle.db, sql`select count(*)::int n from incidents`)
    )[0]!.n;

  beforeAll(async () => {
    const handle = getDb().handle;
    app = await buildTestApp(handle);
    const posts = await queryRows<PostInfo>(
      handle.db,
      sql`select p.id, p.code, c.region_id from posts p join countries c on c.code = p.country_code where p.code in ('EMB-FR', 'EMB-DE')`,
    );
    paris = posts.find((p) => p.code === 'EMB-FR')!;
    berlin = posts.find((p) => p.code === 'EMB-DE')!;
    reporterParis = await person('reporter', { postId: paris.id });
    reporterBerlin = await person('reporter', { postId: berlin.id });
    approverBerlin = await person('approver', { postId: berlin.id });
    reviewer = await person('reviewer', { regionId: berlin.region_id });
    editor = await person('editor');

    // Paris: a draft with a police statement graded A. It stays a draft.
    const police = await source(reporterParis, 'police_statement', 'A');
    await create(reporterParis, {
      postId: paris.id,
      title: 'Draft of Paris: forced labour on a farm',
      narrative: 'Workers held without pay.',
      categories: ['forced_labour'],
      latitude: 43.6,
      longitude: 3.9,
      geoPrecision: 1,
      marking: 'sbu_noforn',
      sources: [{ sourceId: police, credibility: 2 }],
    });
    // Berlin: a German record submitted by the approver, and a draft.
    const news = await source(reporterBerlin, 'news_media', 'B');
    const submitted = await create(reporterBerlin, {
      postId: berlin.id,
      title: 'Festnahmen in Leipzig',
      narrative: 'Die Polizei hat drei Menschenhändlern das Handwerk gelegt.',
      language: 'de',
      categories: ['trafficking', 'criminal_network'],
      occurredStart: '2025-11-03',
      route: 'western_balkans',
      latitude: 51.34,
      longitude: 12.37,
      geoPrecision: 1,
      sources: [{ sourceId: news, credibility: 2, excerpt: 'drei Tatverdächtige' }],
    });
    const sub = await as(app, approverBerlin, 'POST', `/api/incidents/${submitted.id}/submit`, {
      version: submitted.version,
    });
    expect(sub.statusCode, sub.body).toBe(200);
    submittedId = submitted.id;
    await create(reporterBerlin, {
      postId: berlin.id,
      title: 'Draft of Berlin: smuggling by lorry',
      narrative: 'Still being written.',
      categories: ['migrant_smuggling'],
      latitude: 52.5,
      longitude: 13.4,
      geoPrecision: 3,
    });
  }, 90_000);
  afterAll(() => app?.close());

  it('counts facets over what the caller may see, never another post’s drafts', async () => {
    const paris = await facetsOf(reporterParis);
    expect(paris.total).toBe(1);
    expect(paris.facets.country).toEqual([{ value: 'FR', count: 1 }]);
    expect(paris.facets.status).toEqual([{ value: 'draft', count: 1 }]);
    expect(paris.facets.sourceType).toEqual([{ value: 'police_statement', count: 1 }]);
    expect(paris.facets.reliability).toEqual([{ value: 'A', count: 1 }]);
    expect(paris.facets.marking).toEqual([{ value: 'sbu_noforn', count: 1 }]);

    const berlin = await facetsOf(reporterBerlin);
    expect(berlin.total).toBe(2);
    expect(countOf(berlin.facets.status, 'draft')).toBe(1);
    expect(countOf(berlin.facets.status, 'submitted')).toBe(1);
    expect(countOf(berlin.facets.country, 'FR')).toBeUndefined();

    // The region's reviewer and an editor see the submitted record only.
    for (const session of [reviewer, editor]) {
      const seen = await facetsOf(session);
      expect(seen.total).toBe(1);
      expect(seen.facets.country).toEqual([{ value: 'DE', count: 1 }]);
      expect(seen.facets.status).toEqual([{ value: 'submitted', count: 1 }]);
      expect(seen.facets.category.map((c) => c.value).sort()).toEqual([
        'criminal_network',
        'trafficking',
      ]);
      expect(seen.facets.route).toEqual([{ value: 'western_balkans', count: 1 }]);
      expect(seen.facets.year).toEqual([{ value: '2025', count: 1 }]);
      expect(seen.facets.sourceType).toEqual([{ value: 'news_media', count: 1 }]);
      expect(seen.facets.reliability).toEqual([{ value: 'B', count: 1 }]);
      expect(seen.facets.region).toEqual([{ value: String(berlin_region()), count: 1 }]);
    }
    // Filters narrow both the counts and the list.
    const none = await facetsOf(editor, '?sourceType=police_statement');
    expect(none.total).toBe(0);
    const list = await as(app, editor, 'GET', '/api/incidents?reliability=B&route=western_balkans');
    expect(list.json().items.map((i: { id: string }) => i.id)).toEqual([submittedId]);
  });
  const berlin_region = () => berlin.region_id;

  it('keeps the facet counts true through edits, new source links and a regraded source', async () => {
    // Without full text the counts come from analytics.incident_facets, with it from the
    // records themselves: both must agree after every kind of write.
    const both = async (session: Session, query: string) => {
      const viaCopy = await facetsOf(session, query ? `?${query}` : '');
      const viaRecords = await facetsOf(session, `?${query ? `${query}&` : ''}q=Leipzig`);
      return { viaCopy, viaRecords };
    };
    const court = await source(reporterBerlin, 'court_record', 'C');
    const record = (await as(app, editor, 'GET', `/api/incidents/${submittedId}`)).json();
    const edited = await as(app, editor, 'PATCH', `/api/incidents/${submittedId}`, {
      version: record.version,
      route: 'central_mediterranean',
    });
    expect(edited.statusCode, edited.body).toBe(200);
    const linked = await as(app, editor, 'POST', `/api/incidents/${submittedId}/sources`, {
      sourceId: court,
      credibility: 1,
    });
    expect(linked.statusCode, linked.body).toBe(200);
    let seen = await both(editor, '');
    for (const f of [seen.viaCopy, seen.viaRecords]) {
      expect(f.facets.route).toEqual([{ value: 'central_mediterranean', count: 1 }]);
      expect(f.facets.sourceType.map((x) => x.value)).toEqual(['court_record', 'news_media']);
      expect(f.facets.reliability.map((x) => x.value)).toEqual(['B', 'C']);
    }
    const courtSource = (await as(app, reporterBerlin, 'GET', `/api/sources/${court}`)).json();
    const regraded = await as(app, reporterBerlin, 'PATCH', `/api/sources/${court}`, {
      version: courtSource.version,
      reliability: 'A',
    });
    expect(regraded.statusCode, regraded.body).toBe(200);
    seen = await both(editor, 'reliability=A');
    for (const f of [seen.viaCopy, seen.viaRecords]) {
      expect(f.total).toBe(1);
      expect(f.facets.reliability.map((x) => x.value)).toEqual(['A', 'B']);
    }
    expect((await facetsOf(editor, '?reliability=C')).total).toBe(0);
    // The copy is exactly what the records say, row for row.
    const drift = await queryRows<{ n: number }>(
      getDb().handle.db,
      sql`select count(*)::int as n from incidents i
            full join analytics.incident_facets f on f.incident_id = i.id
           where f.incident_id is null or i.id is null
              or (f.post_id, f.created_by, f.status, f.country_code, f.route, f.marking,
                  f.categories, f.occurred_start, f.occurred_end)
                 is distinct from
                 (i.post_id, i.created_by, i.status, i.country_code, i.route, i.marking,
                  i.categories, i.occurred_start, i.occurred_end)
              or f.source_types <> coalesce(array(select distinct s.type from incident_sources l
                   join sources s on s.id = l.source_id where l.incident_id = i.id order by 1), '{}')`,
    );
    expect(drift).toEqual([{ n: 0 }]);
  });

  it('finds a German narrative by another form of a German word, and keeps drafts out', async () => {
    // "Menschenhändler" (nominative) is not in the text, "Menschenhändlern" (dative) is: only the
    // German stemmer makes them one word.
    const found = await as(app, editor, 'GET', '/api/incidents?q=Menschenh%C3%A4ndler');
    expect(found.statusCode, found.body).toBe(200);
    expect(found.json().items.map((i: { id: string }) => i.id)).toEqual([submittedId]);
    // Word for word still works for any language, and the excerpt of the source is searched.
    const exact = await as(app, editor, 'GET', '/api/incidents?q=Tatverd%C3%A4chtige');
    expect(exact.json().items).toHaveLength(1);
    // Another post's draft is absent from search.
    const draft = await as(app, reporterParis, 'GET', '/api/incidents?q=smuggling');
    expect(draft.json().items).toHaveLength(0);
    const own = await as(app, reporterBerlin, 'GET', '/api/incidents?q=smuggling');
    expect(own.json().items).toHaveLength(1);
  });

  it('imports: a dry run reports every bad row and writes nothing; a bad row in the middle imports nothing; a clean file commits', async () => {
    const before = await incidentCount();
    const header =
      'post,countryCode,title,narrative,language,categories,occurredStart,occurredEnd,datePrecision,latitude,longitude,geoPrecision,route,marking,tags';
    const good = (n: number) =>
      `EMB-FR,FR,Imported ${n},Narrative ${n},en,abuse_in_transit;trafficking,2024-0${n}-01,,day,43.3,5.4,1,western_mediterranean,sbu,imported`;
    const bad = [
      header,
      good(1),
      'EMB-FR,FR,Bad one,,en,not_a_category,2024-05-01,2024-04-01,day,,,,,sbu,',
      good(2),
      'EMB-XX,FR,,x,en,trafficking,2024-05-01,,day,north,,,,,',
      good(3),
    ].join('\n');
    for (const dryRun of ['true', 'false']) {
      const res = await app.inject({
        method: 'POST',
        url: `/api/incidents/import?dryRun=${dryRun}`,
        headers: {
          cookie: editor.cookie,
          'x-csrf-token': editor.csrfToken,
          'content-type': 'text/csv',
        },
        payload: bad,
      });
      expect(res.statusCode, res.body).toBe(422);
      const result = res.json();
      expect(result.created).toBe(0);
      const rows = result.errors.map(
        (e: { row: number; column: string }) => `${e.row}:${e.column}`,
      );
      expect(rows).toEqual(
        expect.arrayContaining([
          '3:categories',
          '3:occurredEnd',
          '5:post',
          '5:title',
          '5:latitude',
        ]),
      );
      expect(result.errors.every((e: { row: number }) => e.row === 3 || e.row === 5)).toBe(true);
      expect(await incidentCount()).toBe(before);
    }

    const clean = [header, good(1), good(2), good(3)].join('\n');
    const dry = await app.inject({
      method: 'POST',
      url: '/api/incidents/import?dryRun=true',
      headers: {
        cookie: editor.cookie,
        'x-csrf-token': editor.csrfToken,
        'content-type': 'text/csv',
      },
      payload: clean,
    });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(await incidentCount()).toBe(before);
    const committed = await app.inject({
      method: 'POST',
      url: '/api/incidents/import',
      headers: {
        cookie: editor.cookie,
        'x-csrf-token': editor.csrfToken,
        'content-type': 'text/csv',
      },
      payload: clean,
    });
    expect(committed.statusCode, committed.body).toBe(201);
    expect(committed.json().created).toBe(3);
    expect(await incidentCount()).toBe(before + 3);
    const audit = await queryRows<{ n: number }>(
      getDb().handle.db,
      sql`select count(*)::int n from audit_log where action = 'incident.imported'`,
    );
    expect(audit[0]!.n).toBe(1);

    // JSON in the export's shape; a reporter may not import at all.
    const json = await as(app, editor, 'POST', '/api/incidents/import', [
      {
        post: 'EMB-DE',
        title: 'JSON import',
        categories: ['trafficking'],
        occurredStart: '2024-01-01',
        datePrecision: 'year',
      },
      {
        post: 'EMB-DE',
        title: 'No categories',
        occurredStart: '2024-01-01',
        datePrecision: 'year',
      },
    ]);
    expect(json.statusCode, json.body).toBe(422);
    expect(json.json().errors).toEqual([
      { row: 2, column: 'categories', reason: expect.any(String) },
    ]);
    const forbidden = await as(app, reporterParis, 'POST', '/api/incidents/import', []);
    expect(forbidden.statusCode).toBe(403);
  });

  it('pages by keyset under every sort without gaps or repeats', async () => {
    // The imported drafts of Paris and the Paris draft: 4 records for the Paris reporter.
    const all = (await as(app, reporterParis, 'GET', '/api/incidents?limit=200')).json().items as {
      id: string;
    }[];
    expect(all).toHaveLength(4);
    for (const sort of [
      'occurred_desc',
      'occurred_asc',
      'updated_desc',
      'reference_desc',
      'reference_asc',
    ]) {
      const seen: { id: string; reference: string; occurredStart: string }[] = [];
      let cursor: string | null = null;
      do {
        const res = await as(
          app,
          reporterParis,
          'GET',
          `/api/incidents?sort=${sort}&limit=1${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        seen.push(...res.json().items);
        cursor = res.json().nextCursor;
      } while (cursor);
      expect(new Set(seen.map((s) => s.id)).size).toBe(4);
      expect(seen).toHaveLength(4);
      if (sort === 'reference_asc')
        expect(seen.map((s) => s.reference)).toEqual(seen.map((s) => s.reference).sort());
      if (sort === 'occurred_asc')
        expect(seen.map((s) => s.occurredStart)).toEqual(seen.map((s) => s.occurredStart).sort());
    }
    // A cursor of one sort is refused under another.
    const first = (await as(app, reporterParis, 'GET', '/api/incidents?limit=1')).json();
    const wrong = await as(
      app,
      reporterParis,
      'GET',
      `/api/incidents?sort=reference_asc&cursor=${first.nextCursor}`,
    );
    expect(wrong.statusCode).toBe(400);
  });

  it('keeps saved searches per user: create, list, rename with a version, delete; audited', async () => {
    const created = await as(app, reviewer, 'POST', '/api/saved-searches', {
      name: 'Balkan trafficking',
      filters: { category: 'trafficking', route: 'western_balkans', sort: 'updated_desc' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const saved = created.json();
    expect(saved.filters).toEqual({
      category: 'trafficking',
      route: 'western_balkans',
      sort: 'updated_desc',
    });

    const unknown = await as(app, reviewer, 'POST', '/api/saved-searches', {
      name: 'Bad',
      filters: { colour: 'red' },
    });
    expect(unknown.statusCode).toBe(400);
    const twice = await as(app, reviewer, 'POST', '/api/saved-searches', {
      name: 'Balkan trafficking',
      filters: {},
    });
    expect(twice.statusCode).toBe(400);

    // Nobody else sees, renames or deletes it.
    expect((await as(app, editor, 'GET', '/api/saved-searches')).json().items).toEqual([]);
    expect((await as(app, editor, 'DELETE', `/api/saved-searches/${saved.id}`)).statusCode).toBe(
      404,
    );

    const renamed = await as(app, reviewer, 'PATCH', `/api/saved-searches/${saved.id}`, {
      name: 'Trafficking, Western Balkans',
      version: saved.version,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const stale = await as(app, reviewer, 'PATCH', `/api/saved-searches/${saved.id}`, {
      name: 'Again',
      version: saved.version,
    });
    expect(stale.statusCode).toBe(409);
    const mine = (await as(app, reviewer, 'GET', '/api/saved-searches')).json().items;
    expect(mine.map((s: { name: string }) => s.name)).toEqual(['Trafficking, Western Balkans']);
    expect((await as(app, reviewer, 'DELETE', `/api/saved-searches/${saved.id}`)).statusCode).toBe(
      204,
    );
    expect((await as(app, reviewer, 'GET', '/api/saved-searches')).json().items).toEqual([]);
    const audit = await queryRows<{ action: string }>(
      getDb().handle.db,
      sql`select action from audit_log where entity_type = 'saved_search' and entity_id = ${saved.id} order by seq`,
    );
    expect(audit.map((a) => a.action)).toEqual([
      'saved_search.created',
      'saved_search.renamed',
      'saved_search.deleted',
    ]);
  });

  it('exports exactly what the caller may see, in JSON, CSV and GeoJSON; audited', async () => {
    const json = await as(app, reporterBerlin, 'GET', '/api/incidents/export?format=json');
    expect(json.statusCode, json.body).toBe(200);
    expect(json.headers['content-type']).toContain('application/json');
    const records = JSON.parse(json.body) as { title: string; post: string; narrative: string }[];
    expect(records.map((r) => r.title).sort()).toEqual([
      'Draft of Berlin: smuggling by lorry',
      'Festnahmen in Leipzig',
    ]);
    expect(records.every((r) => r.post === 'EMB-DE')).toBe(true);

    const csv = await as(
      app,
      reporterParis,
      'GET',
      '/api/incidents/export?format=csv&category=trafficking',
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const rows = parseCsv(csv.body, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.title).sort()).toEqual(['Imported 1', 'Imported 2', 'Imported 3']);
    expect(rows[0]!.categories).toBe('abuse_in_transit;trafficking');
    expect(rows[0]!.post).toBe('EMB-FR');

    const geo = await as(app, reporterBerlin, 'GET', '/api/incidents/export?format=geojson');
    expect(geo.headers['content-type']).toContain('application/geo+json');
    const collection = JSON.parse(geo.body) as {
      type: string;
      features: { geometry: { coordinates: number[] } | null; properties: { title: string } }[];
    };
    expect(collection.type).toBe('FeatureCollection');
    const byTitle = new Map(collection.features.map((f) => [f.properties.title, f.geometry]));
    expect(byTitle.get('Festnahmen in Leipzig')).toEqual({
      type: 'Point',
      coordinates: [12.37, 51.34],
    });
    // Precision 3 is a region's centroid, not a place: no point.
    expect(byTitle.get('Draft of Berlin: smuggling by lorry')).toBeNull();

    // The CSV export reads back through the importer (dry run).
    const back = await app.inject({
      method: 'POST',
      url: '/api/incidents/import?dryRun=true',
      headers: {
        cookie: editor.cookie,
        'x-csrf-token': editor.csrfToken,
        'content-type': 'text/csv',
      },
      payload: csv.body,
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().rows).toBe(3);

    const audit = await queryRows<{ n: number }>(
      getDb().handle.db,
      sql`select count(*)::int n from audit_log where action = 'incident.exported'`,
    );
    expect(audit[0]!.n).toBeGreaterThanOrEqual(3);
  });

  it('gives map points of the filtered set with the cap stated, without region centroids', async () => {
    const res = await as(app, reporterBerlin, 'GET', '/api/incidents/map');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.cap).toBe(5000);
    expect(body.truncated).toBe(false);
    expect(body.items.map((i: { title: string }) => i.title)).toEqual(['Festnahmen in Leipzig']);
    expect(Object.keys(body.items[0]).sort()).toEqual(
      ['categories', 'id', 'latitude', 'longitude', 'reference', 'title'].sort(),
    );
    const filtered = await as(
      app,
      reporterBerlin,
      'GET',
      '/api/incidents/map?category=forced_labour',
    );
    expect(filtered.json().items).toEqual([]);
  });

  it('writes a title that a spreadsheet would run as a formula as inert text, and reads it back', async () => {
    const title = '=HYPERLINK("http://example.org/x","open")';
    await create(editor, {
      postId: paris.id,
      title,
      narrative: '-1 for the record',
      categories: ['drug_trafficking_route'],
    });
    const csv = await as(
      app,
      editor,
      'GET',
      '/api/incidents/export?format=csv&category=drug_trafficking_route',
    );
    expect(csv.statusCode).toBe(200);
    const [row] = parseCsv(csv.body, { columns: true }) as Record<string, string>[];
    expect(row!.title).toBe(`'${title}`);
    expect(row!.narrative).toBe("'-1 for the record");
    const back = await app.inject({
      method: 'POST',
      url: '/api/incidents/import?dryRun=true',
      headers: {
        cookie: editor.cookie,
        'x-csrf-token': editor.csrfToken,
        'content-type': 'text/csv',
      },
      payload: csv.body,
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().rows).toBe(1);
  });
});

// Facet counts without full text come from pre-aggregated pairs (analytics.incident_facet_pairs,
// plus the changes not yet folded in, plus the caller's own unreleased records row by row) when
// the filters allow it. They must equal the direct scan and the number of records the caller can
// page through, for every role, before and after the pending changes are folded in and after
// edits that move records between cells.
describeEachBackend('facet counts from the pre-aggregated pairs', (getDb) => {
  type Visibility = { userId: string; postIds: number[]; regionIds: number[]; everywhere: boolean };
  let roles: Record<string, Visibility>;
  let region: number;

  beforeAll(async () => {
    const handle = getDb().handle;
    await prepareDatabase(handle, { adminPassword: 'facet-pairs-test-password' });
    await generateSyntheticData(handle.db, systemActor('test'), {
      incidents: 600,
      batchSize: 250,
      run: 'facade01',
    });
    const [fr] = await queryRows<{ id: number; region_id: number }>(
      handle.db,
      sql`select p.id, c.region_id from posts p join countries c on c.code = p.country_code where p.code = 'EMB-FR'`,
    );
    const [de] = await queryRows<{ id: number; region_id: number }>(
      handle.db,
      sql`select p.id, c.region_id from posts p join countries c on c.code = p.country_code where p.code = 'EMB-DE'`,
    );
    region = fr!.region_id;
    const author = await makeUser(handle, [{ role: 'reporter', postId: fr!.id }]);
    const [authorId] = await queryRows<{ id: string }>(
      handle.db,
      sql`select id from users where username = ${author.username}`,
    );
    // Records written by that person (drafts among them), some at another post: their own
    // records outside what is released to them are counted row by row.
    await handle.db.execute(sql`update incidents set created_by = ${authorId!.id}
      where id in (select id from incidents order by id limit 40)`);
    const other = await queryRows<{ id: number }>(
      handle.db,
      sql`select p.id from posts p join countries c on c.code = p.country_code
          where c.region_id <> ${region} and p.kind = 'embassy' order by p.id limit 1`,
    );
    roles = {
      editor: { userId: authorId!.id, postIds: [], regionIds: [], everywhere: true },
      reporter: { userId: authorId!.id, postIds: [fr!.id], regionIds: [], everywhere: false },
      reviewer: { userId: authorId!.id, postIds: [], regionIds: [region], everywhere: false },
      approverElsewhere: {
        userId: '00000000-0000-4000-8000-000000000000',
        postIds: [de!.id, other[0]!.id],
        regionIds: [],
        everywhere: false,
      },
      reviewerAndReporter: {
        userId: authorId!.id,
        postIds: [other[0]!.id],
        regionIds: [region],
        everywhere: false,
      },
    };
  }, 180_000);

  const FILTERS: SearchFilters[] = [
    {},
    { status: 'verified' },
    { status: 'draft' },
    { country: 'FR' },
    { country: 'DE', status: 'submitted' },
    { region: 0 },
    { category: 'trafficking' },
    { category: 'forced_labour', from: '2018-01-01', to: '2021-12-31' },
    { route: 'western_balkans', status: 'verified' },
    { marking: 'sbu' },
    { sourceType: 'court_record', from: '2020-01-01' },
    { reliability: 'B', to: '2019-12-31' },
    // Not answerable from the pairs: the scan answers, and must agree all the same.
    { category: 'trafficking', reliability: 'B' },
    { from: '2020-03-15' },
  ];

  const check = async (label: string) => {
    const db = getDb().handle.db;
    for (const [role, v] of Object.entries(roles))
      for (const raw of FILTERS) {
        const f = raw.region === 0 ? { region } : raw;
        const viaPairs = await facetCounts(db, v, f);
        const viaScan = await facetCountsByScan(db, v, f);
        const where = `${label}, ${role}, ${JSON.stringify(f)}`;
        expect(viaPairs, where).toEqual(viaScan);
        const [pageable] = await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int as n from incidents where ${searchWhere(v, f)}`,
        );
        expect(viaPairs.total, where).toBe(pageable!.n);
      }
  };

  it('equal the direct scan under several filters and roles, before and after folding in', async () => {
    const db = getDb().handle.db;
    expect(rollupPlan({ category: 'trafficking', from: '2018-01-01' })).not.toBeNull();
    expect(rollupPlan({ category: 'trafficking', reliability: 'B' })).toBeNull();
    expect(rollupPlan({ from: '2020-03-15' })).toBeNull();
    const [pending] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from analytics.incident_facet_pending`,
    );
    expect(pending!.n).toBeGreaterThan(0);
    await check('pending');
    await drainPending(db);
    const [after] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from analytics.incident_facet_pending`,
    );
    expect(after!.n).toBe(0);
    await check('folded in');

    // Edits move records between cells: status, country, categories, dates, a source regraded,
    // links removed, a record deleted. Counted from pending changes, then folded in again.
    await db.execute(sql`update incidents set status = 'verified'
      where id in (select id from incidents where status = 'draft' order by id limit 25)`);
    await db.execute(sql`update incidents set country_code = 'FR', categories = array['trafficking', 'forced_labour'],
      occurred_start = date '2019-12-30', occurred_end = date '2020-01-02', date_precision = 'day'
      where id in (select id from incidents order by id desc limit 30)`);
    await db.execute(sql`update sources set reliability = 'B'
      where id in (select id from sources order by id limit 20)`);
    await db.execute(sql`delete from incident_sources
      where incident_id in (select id from incidents order by reference limit 15)`);
    await db.execute(sql`delete from incident_victim_groups
      where incident_id in (select id from incidents order by reference desc limit 3)`);
    await db.execute(sql`delete from incidents
      where id in (select id from incidents order by reference desc limit 3)`);
    await check('edited');
    await drainPending(db);
    await check('edited, folded in');

    // The pairs equal a rebuild from the facet copy, cell for cell.
    const cells = async () =>
      (
        await queryRows<{ c: string }>(
          db,
          sql`select concat_ws('|', fdim, fval, region_id, status, start_year, end_year, dim, val, n) as c
              from analytics.incident_facet_pairs where n <> 0 order by 1`,
        )
      ).map((r) => r.c);
    const kept = await cells();
    await db.execute(sql`select analytics.incident_facet_pairs_rebuild()`);
    expect(await cells()).toEqual(kept);
    await check('rebuilt');
  }, 300_000);

  it('counts a full-text search over its matches: exactly up to the cap, estimated from a sample beyond', async () => {
    const db = getDb().handle.db;
    const v = roles.editor!;
    const f: SearchFilters = { q: 'synthetic' };
    const [truth] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from incidents where ${searchWhere(v, f)}`,
    );
    expect(truth!.n).toBeGreaterThan(300);
    const exact = await facetCounts(db, v, f);
    expect(exact.estimated).toBe(false);
    expect(exact.total).toBe(truth!.n);
    // With a cap of 50 the counts come from the matches whose id starts with 0 (1/16 of them),
    // scaled by 16: "about" the truth, not equal to it.
    const rough = await facetCounts(db, v, f, 50);
    expect(rough.estimated).toBe(true);
    expect(rough.total).toBeGreaterThan(truth!.n / 3);
    expect(rough.total).toBeLessThan(truth!.n * 3);
    const [sample] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from incidents
          where ${searchWhere(v, f)} and id < '10000000-0000-0000-0000-000000000000'::uuid`,
    );
    const unit = 10 ** (Math.floor(Math.log10(sample!.n * 16)) - 1);
    expect(rough.total).toBe(Math.round((sample!.n * 16) / unit) * unit);
  }, 120_000);
});
