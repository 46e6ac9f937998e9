// On a PostgreSQL server the app should not own its tables: an owner can drop the trigger
// that keeps the audit log append-only. The owner runs migrations and grants a separate app
// role what it needs — and on the audit log only SELECT and INSERT, so UPDATE, DELETE and
// TRUNCATE fail on privileges before any trigger is reached.
import { sql } from 'drizzle-orm';
import type { Database } from './connection.ts';

export async function grantAppRole(db: Database, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role))
    throw new Error(`"${role}" is not a plain PostgreSQL role name`);
  const r = sql.identifier(role);
  await db.transaction(async (tx) => {
    await tx.execute(sql`GRANT USAGE ON SCHEMA public TO ${r}`);
    await tx.execute(
      sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${r}`,
    );
    await tx.execute(sql`REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${r}`);
    await tx.execute(sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${r}`);
    // Derived tables (the incident rollup and facets): read by the app, written by triggers.
    await tx.execute(sql`GRANT USAGE ON SCHEMA analytics TO ${r}`);
    await tx.execute(sql`GRANT SELECT ON ALL TABLES IN SCHEMA analytics TO ${r}`);
    // The app checks at start that no migration is pending.
    await tx.execute(sql`GRANT USAGE ON SCHEMA drizzle TO ${r}`);
    await tx.execute(sql`GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${r}`);
  });
}
