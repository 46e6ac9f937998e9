// What a backup needs to know about the database it reads or writes: the tables of the
// `public` schema with their stored columns and keys, foreign keys (for load order),
// sequences, and the migrations applied. Read from pg_catalog, so it works unchanged for
// every table later migrations add, on PGlite and on a PostgreSQL server alike.
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from './connection.ts';

export const SCHEMA = 'public';

export interface CatalogTable {
  name: string;
  /** Stored columns in table order; generated columns are left out (PostgreSQL recomputes them). */
  columns: string[];
  /** Primary-key columns in key order; empty when the table has none. */
  primaryKey: string[];
  /** The json and jsonb columns among `columns`, with their type. */
  json: Map<string, JsonType>;
}

export type JsonType = 'json' | 'jsonb';

export interface ForeignKey {
  name: string;
  table: string;
  references: string;
  deferrable: boolean;
}

export interface Catalog {
  /** Foreign-key parents before their children; tables caught in a cycle come last. */
  tables: CatalogTable[];
  /** Foreign keys a row-by-row load cannot satisfy in table order: self references and cycles. */
  backwardForeignKeys: ForeignKey[];
}

export async function queryRows<T>(db: Executor, query: SQL): Promise<T[]> {
  // Both drivers (pg's QueryResult and PGlite's Results) hand back `.rows` of plain objects.
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** `"public"."name"`, quoted by drizzle: never an identifier spliced in as text. */
export function qualified(name: string): SQL {
  return sql`${sql.identifier(SCHEMA)}.${sql.identifier(name)}`;
}

export function identifierList(names: readonly string[]): SQL {
  return sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );
}

export async function readCatalog(db: Executor): Promise<Catalog> {
  // Partitions are read and written through their partitioned parent.
  const tableRows = await queryRows<{ name: string }>(
    db,
    sql`SELECT c.relname AS name
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ${SCHEMA} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
         ORDER BY c.relname`,
  );
  const columnRows = await queryRows<{ table: string; column: string; json: JsonType | null }>(
    db,
    sql`SELECT c.relname AS "table", a.attname AS "column",
               CASE a.atttypid WHEN 'json'::regtype THEN 'json' WHEN 'jsonb'::regtype THEN 'jsonb' END AS json
          FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = ${SCHEMA} AND c.relkind IN ('r', 'p')
           AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
         ORDER BY c.relname, a.attnum`,
  );
  const keyRows = await queryRows<{ table: string; column: string }>(
    db,
    sql`SELECT c.relname AS "table", a.attname AS "column"
          FROM pg_index i
          JOIN pg_class c ON c.oid = i.indrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
          CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
         WHERE n.nspname = ${SCHEMA} AND i.indisprimary
         ORDER BY c.relname, k.position`,
  );
  const foreignKeys = await queryRows<ForeignKey>(
    db,
    sql`SELECT con.conname AS name, c.relname AS "table", r.relname AS "references",
               con.condeferrable AS deferrable
          FROM pg_constraint con
          JOIN pg_class c ON c.oid = con.conrelid
          JOIN pg_class r ON r.oid = con.confrelid
          JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE con.contype = 'f' AND n.nspname = ${SCHEMA} AND con.conparentid = 0
         ORDER BY c.relname, con.conname`,
  );

  const tables = new Map<string, CatalogTable>(
    tableRows.map((t) => [t.name, { name: t.name, columns: [], primaryKey: [], json: new Map() }]),
  );
  for (const row of columnRows) {
    const table = tables.get(row.table);
    table?.columns.push(row.column);
    if (row.json) table?.json.set(row.column, row.json);
  }
  for (const row of keyRows) tables.get(row.table)?.primaryKey.push(row.column);
  const known = foreignKeys.filter((fk) => tables.has(fk.table) && tables.has(fk.references));
  const order = parentsFirst([...tables.keys()], known);
  const position = new Map(order.map((name, i) => [name, i]));
  return {
    tables: order.map((name) => tables.get(name)!),
    backwardForeignKeys: known.filter(
      (fk) => position.get(fk.references)! >= position.get(fk.table)!,
    ),
  };
}

/** Kahn's topological sort, alphabetical among equals so that backups are reproducible. */
function parentsFirst(names: string[], foreignKeys: ForeignKey[]): string[] {
  const parents = new Map(names.map((n) => [n, new Set<string>()]));
  for (const fk of foreignKeys)
    if (fk.table !== fk.references) parents.get(fk.table)!.add(fk.references);
  const order: string[] = [];
  const placed = new Set<string>();
  for (;;) {
    const ready = names.filter(
      (n) => !placed.has(n) && [...parents.get(n)!].every((p) => placed.has(p)),
    );
    if (ready.length === 0) break;
    for (const n of ready.sort()) {
      order.push(n);
      placed.add(n);
    }
  }
  return [...order, ...names.filter((n) => !placed.has(n)).sort()];
}

export interface SequenceState {
  name: string;
  /** Text, because a bigint does not fit a JavaScript number; null when never used. */
  lastValue: string | null;
}

export async function readSequences(db: Executor): Promise<SequenceState[]> {
  return queryRows<SequenceState>(
    db,
    sql`SELECT sequencename AS name, last_value::text AS "lastValue"
          FROM pg_sequences WHERE schemaname = ${SCHEMA} ORDER BY sequencename`,
  );
}

export interface OwnedSequence {
  sequence: string;
  table: string;
  column: string;
}

/** Sequences behind serial and identity columns. */
export async function readOwnedSequences(db: Executor): Promise<OwnedSequence[]> {
  return queryRows<OwnedSequence>(
    db,
    sql`SELECT s.relname AS sequence, t.relname AS "table", a.attname AS "column"
          FROM pg_depend d
          JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
          JOIN pg_class t ON t.oid = d.refobjid
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
          JOIN pg_namespace n ON n.oid = s.relnamespace
         WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
           AND d.deptype IN ('a', 'i') AND n.nspname = ${SCHEMA}
         ORDER BY s.relname`,
  );
}

/** Hashes of the applied migrations in the order they were applied; null when never migrated. */
export async function readMigrations(db: Executor): Promise<string[] | null> {
  const [state] = await queryRows<{ migrated: boolean }>(
    db,
    sql`SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS migrated`,
  );
  if (!state?.migrated) return null;
  const rows = await queryRows<{ hash: string }>(
    db,
    sql`SELECT hash FROM ${sql.identifier('drizzle')}.${sql.identifier('__drizzle_migrations')} ORDER BY id`,
  );
  return rows.map((r) => r.hash);
}
