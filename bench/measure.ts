// What the query benchmarks (bench/search.ts, bench/scale.ts) share: timing a query over repeated
// runs, and the editor they run as.
import { sql } from 'drizzle-orm';
import type { Executor } from '../src/db/connection.ts';
import { queryRows } from '../src/db/raw.ts';
import type { Principal } from '../src/domain/policy.ts';

/** The q-quantile of `xs` (nearest rank), rounded to a tenth of a millisecond. */
export function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(s.length * q) - 1)]! * 10) / 10;
}

/** Runs `work` once to warm up, then `runs` times, and gives the p50 and p95 in milliseconds. */
export async function time(runs: number, work: (i: number) => Promise<unknown>) {
  await work(0);
  const xs: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const t = performance.now();
    await work(i);
    xs.push(performance.now() - t);
  }
  return { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), runs };
}

/** An editor (sees every record) acting as the database's first user. */
export async function benchEditor(db: Executor): Promise<Principal> {
  const [user] = await queryRows<{ id: string }>(db, sql`select id from users limit 1`);
  return {
    userId: user!.id,
    username: 'bench.editor',
    displayName: 'Benchmark editor',
    roles: [{ role: 'editor', postId: null, regionId: null } as Principal['roles'][number]],
    via: 'system',
  };
}
