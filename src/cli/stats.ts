// `rapporteur stats import FILE --mapping NAME [--dry-run] [--replace]`, `stats mappings`,
// `stats datasets`: thin over the statistics service. The import shows a progress bar on a
// terminal (stderr), stops cleanly on Ctrl-C (nothing is written), prints every row error and
// exits with code 2 when rows are refused.
import type { Command } from 'commander';
import { systemActor } from '../db/audit.ts';
import {
  findMapping,
  ImportCancelled,
  importStatistics,
  listDatasets,
  listMappings,
  type ImportProgress,
  type StatImportResult,
} from '../modules/statistics/service.ts';
import { withDatabase } from './database.ts';

const actor = () => systemActor(`cli:${process.env.USER ?? 'unknown'}`);

function progressBar(): (p: ImportProgress) => void {
  const tty = process.stderr.isTTY;
  let last = '';
  return (p) => {
    const fraction = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const line = `${p.phase.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${p.rows.toLocaleString('en')} rows, ${p.observations.toLocaleString('en')} observations`;
    if (line === last) return;
    last = line;
    if (tty) process.stderr.write(`\r${line}`);
    else if (p.phase !== 'reading' || p.rows % 100000 === 0) process.stderr.write(`${line}\n`);
  };
}

function report(r: StatImportResult): void {
  if (process.stderr.isTTY) process.stderr.write('\n');
  if (r.errorCount > 0) {
    console.log(
      `${r.errorCount} problem(s) in ${r.rows} rows of ${r.fileName}; nothing was imported:`,
    );
    for (const e of r.errors) console.log(`  row ${e.row}, ${e.column}: ${e.reason}`);
    if (r.errorCount > r.errors.length)
      console.log(`  … and ${r.errorCount - r.errors.length} more`);
    process.exitCode = 2;
    return;
  }
  console.log(
    `${r.fileName} (${r.encoding ?? 'xlsx'}, SHA-256 ${r.sha256.slice(0, 12)}…): ${r.rows} rows → ${r.observations} observations of dataset "${r.datasetKey}"`,
  );
  for (const i of r.indicators)
    console.log(
      `  ${i.indicator}: ${i.observations} observations, ${i.missing} missing, sum ${i.total ?? '–'}`,
    );
  if (r.rowsAfterEnd > 0)
    console.log(`  ${r.rowsAfterEnd} rows after the end of the table were not read (footnotes)`);
  if (r.dryRun) console.log('preview: nothing was written');
  else console.log(`import ${r.importId}: ${r.inserted} inserted, ${r.replaced} replaced`);
  if (r.populations !== null)
    console.log(`  ${r.populations} population figures (denominators of rates) new or changed`);
}

export function registerStatsCommands(program: Command): void {
  const stats = program.command('stats').description('official statistics');
  stats
    .command('import <file>')
    .description('import a statistical table (CSV or XLSX) through a saved mapping, all or nothing')
    .requiredOption('--mapping <name>', 'the saved mapping (see `stats mappings`)')
    .option('--dry-run', 'preview: check every row and show the totals, writing nothing')
    .option('--replace', 'replace observations the dataset already holds (default: refuse them)')
    .option('--dataset <key>', 'import into this dataset key instead of the mapping’s')
    .option('--reference-period <text>', 'the release’s reference period, e.g. "2024"')
    .option(
      '--as-population',
      'a population table: its annual country figures become the denominators of rates',
    )
    .action(
      async (
        file: string,
        opts: {
          mapping: string;
          dryRun?: boolean;
          replace?: boolean;
          dataset?: string;
          referencePeriod?: string;
          asPopulation?: boolean;
        },
      ) => {
        await withDatabase(async ({ db, kind }) => {
          const mapping = await findMapping(db, opts.mapping);
          const controller = new AbortController();
          const stop = () => controller.abort();
          process.once('SIGINT', stop);
          try {
            report(
              await importStatistics(db, kind, actor(), {
                path: file,
                mapping,
                dataset: {
                  ...(opts.dataset ? { key: opts.dataset } : {}),
                  ...(opts.referencePeriod ? { referencePeriod: opts.referencePeriod } : {}),
                },
                onDuplicate: opts.replace ? 'replace' : 'refuse',
                dryRun: opts.dryRun ?? false,
                onProgress: progressBar(),
                signal: controller.signal,
                asPopulation: opts.asPopulation ?? false,
              }),
            );
          } catch (err) {
            if (err instanceof ImportCancelled) {
              console.log(`\n${err.message}`);
              process.exitCode = 130;
              return;
            }
            throw err;
          } finally {
            process.off('SIGINT', stop);
          }
        });
      },
    );
  stats
    .command('mappings')
    .description('list the saved mappings (shipped with the app and saved by users)')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        for (const m of await listMappings(db))
          console.log(
            `${m.name.padEnd(40)} ${m.format.padEnd(5)} ${m.builtin ? 'shipped' : 'saved  '} ${m.description}`,
          );
      });
    });
  stats
    .command('datasets')
    .description('list the imported datasets with what they count')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        for (const d of await listDatasets(db))
          console.log(
            `${d.key.padEnd(40)} ${String(d.observations).padStart(8)}  ${d.publisher}: ${d.title} (${d.counted})`,
          );
      });
    });
}
