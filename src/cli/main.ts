// The `rapporteur` command line: one file per command group, each thin over the services.
import { Command } from 'commander';
import { closeOnSignals, startServer } from '../app.ts';
import { DEMO_PASSWORD } from '../modules/demo/service.ts';
import { prepareDatabase } from '../app/bootstrap.ts';
import { loadConfig } from '../config.ts';
import { auditReport } from '../modules/system/service.ts';
import { DomainError, Invalid } from '../domain/errors.ts';
import { registerUserCommands } from './users.ts';
import { grantAppRole } from '../db/appRole.ts';
import { registerBackupCommands } from './backup.ts';
import { registerImportCommands } from './import.ts';
import { registerIncidentCommands } from './incidents.ts';
import { registerKeyCommands } from './keys.ts';
import { registerStatsCommands } from './stats.ts';
import { registerDemoCommands } from './demo.ts';
import { registerIngestCommands } from './ingest.ts';
import { registerDirectiveCommands } from './directives.ts';
import { CliError, withDatabase } from './database.ts';

const program = new Command('rapporteur').description(
  'Rapporteur: migration-related human-rights reporting',
);

program
  .command('serve')
  .description(
    'run the web app and API (embedded database in RAPPORTEUR_DATA_DIR unless DATABASE_URL is set)',
  )
  .option('--demo', 'also load the synthetic demo data set')
  .action(async (opts: { demo?: boolean }) => {
    const server = await startServer({ demo: opts.demo ?? false });
    closeOnSignals(server);
    const created = server.bootstrap.adminCreated;
    if (created?.generated) {
      console.log(
        `\nAdministrator created. User name: ${created.username}  Password: ${created.password}`,
      );
      console.log(
        'This password is shown once; you will be asked to change it at first sign-in.\n',
      );
    }
    if (opts.demo)
      console.log(
        `Synthetic demo users (demo.reporter, demo.approver, demo.reviewer, demo.editor, demo.analyst), password: ${DEMO_PASSWORD}`,
      );
    if (server.handle.kind === 'pglite') {
      console.log(
        'Embedded database (PGlite): for evaluation and single-user use. Production runs on a PostgreSQL server (DATABASE_URL).',
      );
    }
    console.log(`Rapporteur is running at ${server.url}  (API reference: ${server.url}/api/docs)`);
  });

program
  .command('migrate')
  .description('apply database migrations and load reference data')
  .action(async () => {
    await withDatabase(
      async (handle) => {
        const result = await prepareDatabase(handle, { adminPassword: loadConfig().adminPassword });
        console.log(`migrations applied on ${handle.kind} (${handle.location})`);
        if (result.adminCreated?.generated)
          console.log(
            `Administrator created. User name: admin  Password: ${result.adminCreated.password}`,
          );
      },
      { migrate: false },
    );
  });

registerUserCommands(program);
registerBackupCommands(program);
registerImportCommands(program);
registerIncidentCommands(program);
registerKeyCommands(program);
registerStatsCommands(program);
registerDemoCommands(program);
registerIngestCommands(program);
registerDirectiveCommands(program);

program
  .command('db')
  .description('database administration')
  .command('grant-app-role <role>')
  .description(
    '(PostgreSQL server, run as the owner) grant a non-owner app role its privileges; only SELECT and INSERT on the audit log',
  )
  .action(async (role: string) => {
    await withDatabase(async (handle) => {
      if (handle.kind !== 'postgres')
        throw new CliError(
          'the embedded database has a single role; this applies to a PostgreSQL server',
        );
      await grantAppRole(handle.db, role);
      console.log(
        `granted ${role} the app's privileges; it cannot update, delete or truncate audit_log`,
      );
    });
  });

const audit = program.command('audit').description('the audit log');
audit
  .command('verify')
  .description('check the hash chain; reports the first entry altered, deleted or reordered')
  .action(async () => {
    await withDatabase(async ({ db }) => {
      const report = await auditReport(db);
      if (report.ok) {
        console.log(`audit log intact: ${report.checked} entries verified`);
      } else {
        console.log(
          `AUDIT LOG TAMPERED: ${report.problem} (first bad entry: ${report.firstBadSeq}; ${report.checked} entries verified before it)`,
        );
        process.exitCode = 3;
      }
    });
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CliError || (err instanceof Error && err.name === 'DataDirLocked')) {
    console.error(`rapporteur: ${err.message}`);
  } else if (err instanceof Invalid) {
    console.error(`rapporteur: ${err.errors.map((e) => `${e.field}: ${e.message}`).join('\n')}`);
  } else if (err instanceof DomainError) {
    console.error(`rapporteur: ${err.message}`);
  } else {
    console.error(err);
  }
  process.exitCode = 1;
}
