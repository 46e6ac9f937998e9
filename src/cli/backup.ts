// `rapporteur backup FILE` and `rapporteur restore FILE`: a logical, backend-neutral backup
// (see src/db/backup.ts), so an embedded database can also be moved onto a PostgreSQL server.
// The attachment files under <RAPPORTEUR_DATA_DIR>/attachments travel in the same file.
import type { Command } from 'commander';
import { loadConfig } from '../config.ts';
import { backupDatabase, restoreDatabase, type BackupSummary } from '../db/backup.ts';
import { verifyAuditChain } from '../db/audit.ts';
import { attachmentStoreOf } from '../modules/attachments/fileStore.ts';
import { withDatabase } from './database.ts';

function describeSummary(summary: BackupSummary): string {
  return `${summary.tables} tables, ${summary.rows} rows, ${summary.files} attachment files (${summary.fileBytes} bytes)`;
}

export function registerBackupCommands(program: Command): void {
  program
    .command('backup <file>')
    .description(
      'write a consistent backup of the whole database and its attachment files to FILE (gzip NDJSON)',
    )
    .action(async (file: string) => {
      const files = attachmentStoreOf(loadConfig().dataDir);
      await withDatabase(async ({ db, kind }) => {
        const summary = await backupDatabase(db, file, { files });
        console.log(`backup of ${kind} database written to ${file}: ${describeSummary(summary)}`);
      });
    });

  program
    .command('restore <file>')
    .description(
      'restore FILE into an empty database (a new RAPPORTEUR_DATA_DIR, or a freshly created server database), attachment files included',
    )
    .action(async (file: string) => {
      const files = attachmentStoreOf(loadConfig().dataDir);
      await withDatabase(async ({ db, kind, location }) => {
        const summary = await restoreDatabase(db, file, { files });
        const audit = await verifyAuditChain(db);
        console.log(
          `restored ${describeSummary(summary)} into ${kind} (${location}); every file's SHA-256 checked; audit chain ${audit.ok ? 'intact' : 'BROKEN'}`,
        );
        if (!audit.ok) process.exitCode = 3;
      });
    });
}
