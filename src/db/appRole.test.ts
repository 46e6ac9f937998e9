import { sql } from 'drizzle-orm';
import { expect, it } from 'vitest';
import { describe } from 'vitest';
import { backendsUnderTest, openTestDatabase } from '../../test/helpers/backends.ts';
import { grantAppRole } from './appRole.ts';
import { openDatabase, runMigrations } from './connection.ts';
import { INSUFFICIENT_PRIVILEGE, pgErrorOf } from './pgError.ts';
import { appendAudit, systemActor } from './audit.ts';

// The embedded database has a single role; its append-only trigger is tested in audit.test.ts.
for (const backend of backendsUnderTest().filter((b) => b.kind === 'postgres')) {
  describe('app database role on a PostgreSQL server', () => {
    it('may run the app and append to the audit log, but not change or remove entries', async () => {
      const test = await openTestDatabase(backend);
      const role = `rapporteur_app_${Math.random().toString(36).slice(2, 8)}`;
      await test.handle.db.execute(sql`CREATE ROLE ${sql.identifier(role)} LOGIN`);
      await grantAppRole(test.handle.db, role);
      const url = new URL(test.url!);
      url.username = role;
      const app = await openDatabase({ databaseUrl: url.toString() });
      try {
        await runMigrations(app); // nothing pending: the app role can start without owning anything
        await app.db.transaction((tx) =>
          appendAudit(tx, systemActor('app-role'), { action: 'x', entityType: 'y' }),
        );
        await app.db.execute(sql`select count(*) from users`);
        for (const statement of [
          sql`UPDATE audit_log SET action = 'z'`,
          sql`DELETE FROM audit_log`,
          sql`TRUNCATE audit_log`,
          sql`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update`,
        ]) {
          const error = await app.db.execute(statement).then(
            () => undefined,
            (e: unknown) => e,
          );
          expect(pgErrorOf(error)?.code).toBe(INSUFFICIENT_PRIVILEGE);
        }
      } finally {
        await app.close();
        await test.handle.db.execute(sql`DROP OWNED BY ${sql.identifier(role)}`);
        await test.handle.db.execute(sql`DROP ROLE ${sql.identifier(role)}`);
        await test.close();
      }
    });
  });
}
