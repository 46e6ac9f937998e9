// `rapporteur backup FILE` and `rapporteur restore FILE`: a logical, backend-neutral backup
// (see src/db/backup.ts), so an embedded database can also be moved onto a PostgreSQL server.
import type { Command } from 'commander';
import { backupDatabase, restoreDatabase } from '../db/backup.ts';
import { verifyAuditChain } from '../db/audit.ts';
import { withDatabase } from './database.ts';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description('write a consistent backup of the whole database to FILE (gzip NDJSON)')
    .action(async (file: string) => {
      await withDatabase(async ({ db, kind }) => {
        const summary = await backupDatabase(db, file);
        console.log(
          `backup of ${kind} database written to ${file}: ${summary.tables} tables, ${summary.rows} rows`,
        );
      });
    });

  program
    .command('restore <file>')
    .description(
      'restore FILE into an empty database (a new RAPPORTEUR_DATA_DIR, or a freshly created server database)',
    )
    .action(async (file: string) => {
      await withDatabase(async ({ db, kind, location }) => {
        const summary = await restoreDatabase(db, file);
        const audit = await verifyAuditChain(db);
        console.log(
          `restored ${summary.tables} tables, ${summary.rows} rows into ${kind} (${location}); audit chain ${audit.ok ? 'intact' : 'BROKEN'}`,
        );
        if (!audit.ok) process.exitCode = 3;
      });
    });
}
