// Hot queries (authentication, reading one record) prepared once per database handle: Drizzle
// builds their SQL once instead of on every request, and on the PostgreSQL server each pooled
// connection parses them once as a named statement (and plans them generically after a few
// calls) instead of at every call. Only for queries on the database itself, never on a
// transaction, whose client changes at each call. Nothing but the query text is kept: the rows
// are read afresh at every call, so nothing about a user or a record is cached.
// Behind PgBouncer in transaction mode, named statements need PgBouncer 1.21 or later with
// max_prepared_statements set.
import type { Database } from './connection.ts';

const byDatabase = new WeakMap<Database, Map<string, unknown>>();

/** The query `name` on `db`, built by `build` the first time it is asked for. */
export function prepared<T>(db: Database, name: string, build: (db: Database) => T): T {
  let queries = byDatabase.get(db);
  if (!queries) byDatabase.set(db, (queries = new Map()));
  let query = queries.get(name) as T | undefined;
  if (query === undefined) queries.set(name, (query = build(db)));
  return query;
}
