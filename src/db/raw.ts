// Raw SQL where Drizzle is in the way. Both drivers return `{ rows }`; this gives them a type.
import type { SQL } from 'drizzle-orm';
import type { Executor } from './connection.ts';

export async function queryRows<T extends Record<string, unknown>>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
