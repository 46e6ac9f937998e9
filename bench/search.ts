// `npx tsx bench/search.ts [N]`: incident search at scale on the PostgreSQL server (DATABASE_URL),
// or without DATABASE_URL on the embedded PGlite (a data folder of its own, BENCH_SEARCH_DIR or
// a temporary one), to find the size at which the embedded default stops meeting the targets.
// Creates a database of its own, generates N synthetic incidents (default 1,000,000) with
// INSERT … SELECT generate_series (secondary indexes built after the load), links them to
// sources, and measures through the service layer — what the API handlers call — the p95 of:
// a faceted search (first page + facet counts under a filter), a deep keyset page (a cursor
// 90 % into the list) and a full-text query (first page), against the issue's targets at 1M:
// 150 / 50 / 200 ms. Also: the time to fold the load into the facet pairs, the facet counts of
// each filter alone (answered from the pairs or by a scan), the faceted search as a reviewer and
// a reporter, and full text with its facets. Writes bench/search-results.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { prepareDatabase } from '../src/app/bootstrap.ts';
import { openDatabase } from '../src/db/connection.ts';
import { queryRows } from '../src/db/raw.ts';
import type { Principal } from '../src/domain/policy.ts';
import { facets, listIncidents } from '../src/modules/incidentSearch/service.ts';
import { listQuery, type SearchFilters } from '../src/modules/incidentSearch/schemas.ts';
import { rollupPlan } from '../src/modules/incidentSearch/queries.ts';
import { benchEditor, time } from './measure.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const N = Number(process.argv[2] ?? process.env.BENCH_SEARCH_N ?? 1_000_000);
const RUNS = Number(process.env.BENCH_SEARCH_RUNS ?? 40);
const serverUrl = process.env.DATABASE_URL;
const pgliteDir =
  process.env.BENCH_SEARCH_DIR ?? path.join(os.tmpdir(), `rapporteur-bench-search-${N}`);
/** BENCH_SEARCH_DB names the server database (default rapporteur_bench_search). */
const dbName = process.env.BENCH_SEARCH_DB ?? 'rapporteur_bench_search';
/** BENCH_SEARCH_REUSE=1 measures the database a previous run generated, without loading again. */
const reuse = process.env.BENCH_SEARCH_REUSE === '1';

// Words for titles and narratives: some common, some rare, a few German and French forms so
// that the stemmed vectors are exercised.
const WORDS = [
  'migrants',
  'border',
  'smugglers',
  'boat',
  'police',
  'arrested',
  'held',
  'warehouse',
  'ransom',
  'forced',
  'labour',
  'farm',
  'children',
  'women',
  'trafficking',
  'network',
  'extortion',
  'robbery',
  'beaten',
  'harbour',
  'truck',
  'lorry',
  'desert',
  'camp',
  'guards',
  'Menschenhändlern',
  'Grenze',
  'Schleuser',
  'festgenommen',
  'passeurs',
  'frontière',
  'exploitation',
  'victimes',
  'detained',
  'released',
  'court',
  'charged',
  'convicted',
  'kidnapping',
  'shelter',
  'checkpoint',
  'militia',
  'bribes',
  'documents',
  'visa',
];

async function createDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${dbName} with (force)`);
  await admin.query(`create database ${dbName}`);
  await admin.end();
  return dbUrl();
}

function dbUrl(): string {
  const url = new URL(serverUrl!);
  url.pathname = `/${dbName}`;
  return url.toString();
}

async function main() {
  let handle;
  if (serverUrl) {
    const url = reuse ? dbUrl() : await createDatabase();
    handle = await openDatabase({ databaseUrl: url, poolMax: 4 });
  } else {
    if (!reuse) fs.rmSync(pgliteDir, { recursive: true, force: true });
    fs.mkdirSync(pgliteDir, { recursive: true });
    handle = await openDatabase({ dataDir: pgliteDir });
  }
  const db = handle.db;
  const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);
  try {
    let loadSeconds: number | null = null;
    let drainSeconds: number | null = null;
    if (!reuse) {
      await prepareDatabase(handle, { adminPassword: 'bench-admin-password' });
      log(`generating ${N.toLocaleString('en')} synthetic incidents`);
      const load = performance.now();
      const secondary = [
        'incidents_search_idx',
        'incidents_categories_idx',
        'incidents_country_occurred_idx',
        'incidents_post_status_idx',
        'incidents_keyset_idx',
        'incidents_post_keyset_idx',
        'incidents_updated_keyset_idx',
      ];
      const defs = await queryRows<{ indexdef: string }>(
        db,
        sql`select indexdef from pg_indexes where tablename = 'incidents' and indexname in (${sql.join(
          secondary.map((s) => sql`${s}`),
          sql`, `,
        )})`,
      );
      for (const name of secondary) await db.execute(sql.raw(`drop index if exists ${name}`));
      const words = `array[${WORDS.map((w) => `'${w}'`).join(',')}]`;
      const pick = (n: number) =>
        `array_to_string(array(select (${words})[1 + floor(random() * ${WORDS.length})::int] from generate_series(1, ${n}) where g > 0), ' ')`;
      const BATCH = 100_000;
      for (let start = 1; start <= N; start += BATCH) {
        const end = Math.min(N, start + BATCH - 1);
        await db.execute(
          sql.raw(`
        with p as (select array_agg(id order by id) ids, array_agg(country_code order by id) cc from posts)
        insert into incidents (post_id, country_code, title, narrative, language, categories,
          occurred_start, occurred_end, date_precision, latitude, longitude, geo_precision, route,
          status, marking, synthetic)
        select p.ids[k], p.cc[k],
          'Synthetic incident ' || g || ': ' || ${pick(5)},
          ${pick(60)},
          (array['en','de','fr','es',null])[1 + g % 5],
          array[(array['trafficking','forced_labour','abuse_in_transit','migrant_smuggling','sexual_violence','criminal_network','child_trafficking','antisemitic_attack','other_violent_crime'])[1 + g % 9]],
          d, d + (g % 3), 'day',
          case when g % 2 = 0 then -50 + random() * 110 end,
          case when g % 2 = 0 then -120 + random() * 260 end,
          case when g % 2 = 0 then 1 + g % 3 end,
          (array['central_mediterranean','western_balkans','english_channel','darien','sahara_crossing',null])[1 + g % 6],
          (array['verified','verified','submitted','submitted','returned','rejected','draft'])[1 + g % 7],
          (array['public','sbu','sbu_noforn'])[1 + g % 3],
          true
        from generate_series(${start}, ${end}) g,
          lateral (select 1 + floor(random() * cardinality(p.ids))::int k,
                          date '2026-06-30' - (floor(random() * 3650))::int d from p where g > 0) r, p`),
        );
        log(`  ${end.toLocaleString('en')} rows`);
      }
      await db.execute(
        sql.raw(`insert into sources (type, publisher, title, reliability, synthetic)
        select (array['news_media','government_statistics','court_record','police_statement','ngo_io_report','post_contact','social_media','other'])[1 + g % 8],
          'Synthetic publisher ' || g, 'Synthetic source ' || g, (array['A','B','C','D','E','F'])[1 + g % 6], true
        from generate_series(1, 5000) g`),
      );
      await db.execute(
        sql.raw(`insert into incident_sources (incident_id, source_id, credibility)
        select i.id, s.ids[1 + floor(random() * cardinality(s.ids))::int], 1 + floor(random() * 6)::int
        from incidents i, (select array_agg(id) ids from sources) s`),
      );
      log(`loaded in ${Math.round((performance.now() - load) / 1000)} s; building indexes`);
      const indexing = performance.now();
      if (serverUrl) await db.execute(sql.raw(`set maintenance_work_mem = '512MB'`));
      for (const d of defs) await db.execute(sql.raw(d.indexdef));
      await db.execute(sql.raw('analyze'));
      log(`indexes built in ${Math.round((performance.now() - indexing) / 1000)} s`);
      // The load's changes to the facet copy wait in analytics.incident_facet_pending; fold them
      // into the pairs as a bulk loader does (the generator does it every ten batches).
      const drain = performance.now();
      await db.execute(sql`select analytics.incident_facet_pairs_drain()`);
      await db.execute(sql.raw('analyze analytics.incident_facet_pairs'));
      drainSeconds = Math.round((performance.now() - drain) / 1000);
      loadSeconds = Math.round((performance.now() - load) / 1000);
      log(`facet pairs folded in in ${drainSeconds} s`);
    }
    const editor = await benchEditor(db);
    const posts = await queryRows<{ id: number }>(db, sql`select id from posts order by id`);
    const reporter: Principal = {
      ...editor,
      roles: [
        { role: 'reporter', postId: posts[10]!.id, regionId: null } as Principal['roles'][number],
      ],
    };
    const q = (o: Record<string, unknown>) => listQuery.parse({ limit: 50, ...o });

    const FILTERS: SearchFilters[] = [
      { category: 'trafficking', from: '2024-01-01', to: '2024-12-31' },
      { country: 'FR' },
      { route: 'western_balkans', status: 'verified' },
      { category: 'forced_labour', reliability: 'B' },
      { sourceType: 'court_record', from: '2025-01-01' },
    ];
    log('measuring faceted search (first page + facet counts)');
    const faceted = await time(RUNS, async (i) => {
      const f = FILTERS[i % FILTERS.length]!;
      await Promise.all([listIncidents(db, editor, q(f)), facets(db, editor, f)]);
    });
    const facetedUnfiltered = await time(Math.min(RUNS, 10), async () => {
      await Promise.all([listIncidents(db, editor, q({})), facets(db, editor, {})]);
    });
    // Each filter on its own (facet counts only): which answer from the pairs, which by scan.
    const perFilter: Record<string, { path: string; p50: number; p95: number }> = {};
    for (const f of [...FILTERS, {}]) {
      const t = await time(Math.min(RUNS, 10), () => facets(db, editor, f));
      perFilter[JSON.stringify(f)] = { path: rollupPlan(f) ? 'pairs' : 'scan', ...t };
    }
    log('measuring faceted search as a reviewer (region) and a reporter (post)');
    const reviewer: Principal = {
      ...editor,
      roles: [
        {
          role: 'reviewer',
          postId: null,
          regionId: (
            await queryRows<{ r: number }>(
              db,
              sql`select c.region_id as r from posts p join countries c on c.code = p.country_code where p.id = ${posts[10]!.id}`,
            )
          )[0]!.r,
        } as Principal['roles'][number],
      ],
    };
    const facetedReviewer = await time(RUNS, async (i) => {
      const f = FILTERS[i % FILTERS.length]!;
      await Promise.all([listIncidents(db, reviewer, q(f)), facets(db, reviewer, f)]);
    });
    const facetedReporter = await time(RUNS, async (i) => {
      const f = FILTERS[i % FILTERS.length]!;
      await Promise.all([listIncidents(db, reporter, q(f)), facets(db, reporter, f)]);
    });

    log('measuring deep keyset pages');
    const deepRows = await queryRows<{ occurred_start: string; id: string }>(
      db,
      sql`select occurred_start::text, id from incidents where status <> 'draft'
          order by occurred_start desc, id offset ${Math.floor(N * 0.9 * (6 / 7))} limit ${RUNS + 1}`,
    );
    const cursorOf = (r: { occurred_start: string; id: string }) =>
      Buffer.from(JSON.stringify(['occurred_desc', r.occurred_start, r.id])).toString('base64url');
    const deep = await time(RUNS, (i) =>
      listIncidents(db, editor, q({ cursor: cursorOf(deepRows[i % deepRows.length]!) })),
    );
    const deepFiltered = await time(RUNS, (i) =>
      listIncidents(
        db,
        editor,
        q({ category: 'trafficking', cursor: cursorOf(deepRows[i % deepRows.length]!) }),
      ),
    );

    log('measuring full-text queries');
    const TERMS = [
      'ransom',
      'Menschenhändler',
      'warehouse harbour',
      'passeur',
      'kidnapping -desert',
      'Schleuser festgenommen',
    ];
    const fullText = await time(RUNS, (i) =>
      listIncidents(db, editor, q({ q: TERMS[i % TERMS.length] })),
    );
    const fullTextReporter = await time(RUNS, (i) =>
      listIncidents(db, reporter, q({ q: TERMS[i % TERMS.length] })),
    );
    log('measuring full-text facets (counted over the matches, estimated beyond the cap)');
    const estimatedTerms: string[] = [];
    const fullTextFaceted = await time(RUNS, async (i) => {
      const term = TERMS[i % TERMS.length]!;
      const [, counts] = await Promise.all([
        listIncidents(db, editor, q({ q: term })),
        facets(db, editor, { q: term }),
      ]);
      if (counts.estimated && !estimatedTerms.includes(term)) estimatedTerms.push(term);
    });

    const results = {
      at: new Date().toISOString(),
      backend: handle.kind,
      incidents: (
        await queryRows<{ n: number }>(db, sql`select count(*)::int n from incidents`)
      )[0]!.n,
      server: (await queryRows<{ v: string }>(db, sql`select version() v`))[0]!.v,
      loadSeconds,
      facetPairsDrainSeconds: drainSeconds,
      loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
      cpus: os.cpus().length,
      facetPairs: (
        await queryRows<{ n: number }>(
          db,
          sql`select count(*)::int n from analytics.incident_facet_pairs where n <> 0`,
        )
      )[0]!.n,
      runs: RUNS,
      figuresMs: {
        facetedSearch: { ...faceted, targetP95: 150 },
        facetedSearchNoFilter: facetedUnfiltered,
        deepKeysetPage: { ...deep, targetP95: 50 },
        deepKeysetPageWithCategory: deepFiltered,
        fullText: { ...fullText, targetP95: 200 },
        fullTextAsReporter: fullTextReporter,
        fullTextWithFacets: { ...fullTextFaceted, estimatedFor: estimatedTerms },
        facetedSearchAsReviewer: facetedReviewer,
        facetedSearchAsReporter: facetedReporter,
        facetCountsPerFilter: perFilter,
      },
    };
    console.log(JSON.stringify(results, null, 2));
    fs.writeFileSync(
      path.join(here, serverUrl ? 'search-results.json' : 'search-results-pglite.json'),
      `${JSON.stringify(results, null, 2)}\n`,
    );
  } finally {
    await handle.close();
  }
}

await main();
