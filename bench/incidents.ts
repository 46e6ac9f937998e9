// Incident API throughput against its ceiling: GET /api/incidents/:id and POST /api/incidents
// through the whole stack (token auth, policy, Zod, visibility, audit in the same transaction)
// against a bare Fastify route doing the same single-row select or insert on the same database,
// load from autocannon in a separate process. Also the read p99 at a fixed 1,000 req/s.
import Fastify from 'fastify';
import { sql } from 'drizzle-orm';
import type { RunningServer } from '../src/app.ts';
import { queryRows } from '../src/db/raw.ts';
import { autocannon, type LoadResult } from './api.ts';

export interface IncidentFigures {
  read: { app: LoadResult[]; baseline: LoadResult[] };
  create: { app: LoadResult[]; baseline: LoadResult[] };
  /** GET at a fixed rate of 1,000 req/s (autocannon -R), p99 in ms. */
  readAtThousand: LoadResult[];
}

const body = (postId: number) =>
  JSON.stringify({
    postId,
    title: 'Benchmark incident (synthetic)',
    narrative: 'Synthetic record written by the benchmark suite.',
    categories: ['abuse_in_transit'],
    occurredStart: '2025-04-01',
    datePrecision: 'day',
    synthetic: true,
  });

async function startBare(server: RunningServer, postId: number) {
  const bare = Fastify();
  const db = server.handle.db;
  bare.get<{ Params: { id: string } }>('/bare/incidents/:id', async (request) => {
    const rows = await queryRows(db, sql`select * from incidents where id = ${request.params.id}`);
    return rows[0];
  });
  bare.post('/bare/incidents', async (_request, reply) => {
    const rows = await queryRows(
      db,
      sql`insert into incidents (post_id, country_code, title, narrative, categories,
            occurred_start, occurred_end, date_precision, synthetic)
          select ${postId}, country_code, 'Benchmark incident (synthetic)',
            'Synthetic record written by the benchmark suite.', array['abuse_in_transit'],
            date '2025-04-01', date '2025-04-01', 'day', true
          from posts where id = ${postId}
          returning id`,
    );
    return reply.status(201).send(rows[0]);
  });
  const url = await bare.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => bare.close() };
}

export async function measureIncidents(
  server: RunningServer,
  token: string,
  postId: number,
  incidentId: string,
  seconds: number,
  repeats: number,
): Promise<IncidentFigures> {
  const bare = await startBare(server, postId);
  const auth = { authorization: `Bearer ${token}` };
  const json = { 'content-type': 'application/json' };
  const figures: IncidentFigures = {
    read: { app: [], baseline: [] },
    create: { app: [], baseline: [] },
    readAtThousand: [],
  };
  try {
    await autocannon(`${server.url}/api/incidents/${incidentId}`, {
      connections: 10,
      seconds: 2,
      headers: auth,
    });
    for (let i = 0; i < repeats; i++) {
      figures.read.app.push(
        await autocannon(`${server.url}/api/incidents/${incidentId}`, {
          connections: 10,
          seconds,
          headers: auth,
        }),
      );
      figures.read.baseline.push(
        await autocannon(`${bare.url}/bare/incidents/${incidentId}`, { connections: 10, seconds }),
      );
      figures.create.app.push(
        await autocannon(`${server.url}/api/incidents`, {
          connections: 10,
          seconds,
          method: 'POST',
          headers: { ...auth, ...json },
          body: body(postId),
        }),
      );
      figures.create.baseline.push(
        await autocannon(`${bare.url}/bare/incidents`, {
          connections: 10,
          seconds,
          method: 'POST',
          headers: json,
          body: '{}',
        }),
      );
      figures.readAtThousand.push(
        await autocannon(`${server.url}/api/incidents/${incidentId}`, {
          connections: 10,
          seconds,
          headers: auth,
          rate: 1000,
        }),
      );
    }
  } finally {
    await bare.close();
  }
  return figures;
}
