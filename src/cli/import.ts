// `rapporteur import iom FILE --post EMB-XX [--country XX] [--dry-run]`: thin over the IOM
// import service. Prints the counts, or every row error; exit code 2 when rows are refused.
import type { Command } from 'commander';
import { systemActor } from '../db/audit.ts';
import { importIomFile, postByCode, type IomImportResult } from '../modules/iomImport/service.ts';
import { withDatabase } from './database.ts';

const actor = () => systemActor(`cli:${process.env.USER ?? 'unknown'}`);

function report(result: IomImportResult): void {
  if (result.errors.length > 0) {
    console.log(`${result.errors.length} problem(s) in ${result.rows} rows; nothing was imported:`);
    for (const e of result.errors)
      console.log(
        `  row ${e.row}${e.externalId ? ` (${e.externalId})` : ''}, ${e.column}: ${e.reason}`,
      );
    process.exitCode = 2;
    return;
  }
  const verb = result.dryRun ? 'would create' : 'created';
  console.log(
    `${result.layout ?? 'empty file'}: ${result.rows} rows; ${verb} ${result.created} draft incidents ` +
      `(${result.alreadyImported} already imported), ${result.sourcesCreated} new sources ` +
      `(${result.sourcesReused} reused); dead ${result.dead}, missing ${result.missing}`,
  );
  if (result.importId)
    console.log(
      `import ${result.importId}: ${result.firstReference} … ${result.lastReference} (file SHA-256 ${result.sha256})`,
    );
  if (result.dryRun) console.log('dry run: nothing was written');
}

export function registerImportCommands(program: Command): void {
  program
    .command('import')
    .description('import records from files')
    .command('iom <file>')
    .description(
      'import an IOM Missing Migrants Project CSV (2019, 2026 or curated layout) as draft incidents, all or nothing',
    )
    .requiredOption('--post <code>', 'the post the incidents belong to, e.g. EMB-FR')
    .option('--country <code>', 'country of record (ISO alpha-2) for rows that name no country')
    .option('--dry-run', 'check the file and report what would be created, writing nothing')
    .action(async (file: string, opts: { post: string; country?: string; dryRun?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const post = await postByCode(db, opts.post);
        report(
          await importIomFile(db, actor(), {
            path: file,
            postId: post.id,
            countryCode: opts.country?.toUpperCase(),
            dryRun: opts.dryRun ?? false,
          }),
        );
      });
    });
}
