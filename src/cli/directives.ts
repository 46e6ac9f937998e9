// `rapporteur directive list | show | export`: headquarters' directives and their compliance
// from the command line, read-only. Reading everything is what an administrator at the
// console can do anyway; the commands act as a read-only analyst. With the embedded database
// they refuse while the server holds the data folder (see database.ts).
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { Principal } from '../domain/policy.ts';
import {
  complianceCsv,
  complianceMatrix,
  complianceXlsx,
} from '../modules/directives/compliance.ts';
import { getDirective, listDirectives } from '../modules/directives/service.ts';
import { CliError, withDatabase } from './database.ts';

const reader: Principal = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'cli',
  displayName: 'Command line',
  roles: [{ role: 'analyst', postId: null, regionId: null }],
  via: 'system',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function resolveId(db: Parameters<typeof listDirectives>[0], ref: string): Promise<string> {
  if (UUID.test(ref)) return ref;
  const found = (await listDirectives(db, reader, {})).items.find(
    (d) => d.reference.toUpperCase() === ref.toUpperCase(),
  );
  if (!found)
    throw new CliError(`no directive ${ref} (give its reference, e.g. DIR-2026-0001, or id)`);
  return found.id;
}

export function registerDirectiveCommands(program: Command): void {
  const directive = program.command('directive').description("headquarters' reporting directives");

  directive
    .command('list')
    .description('directives, newest first')
    .option('--status <status>', 'draft, issued or closed')
    .option('--json', 'print JSON')
    .action(async (options: { status?: 'draft' | 'issued' | 'closed'; json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const { items } = await listDirectives(db, reader, { status: options.status });
        if (options.json) return console.log(JSON.stringify(items, null, 2));
        for (const d of items)
          console.log([d.reference, d.status, `due ${d.dueOn}`, d.title].join('\t'));
        if (!items.length) console.log('no directives');
      });
    });

  directive
    .command('show <reference>')
    .description('one directive with its requirements, posts tasked and compliance (JSON)')
    .action(async (reference: string) => {
      await withDatabase(async ({ db }) => {
        const id = await resolveId(db, reference);
        const { bodyHtml: _html, ...view } = await getDirective(db, reader, id);
        void _html;
        const compliance =
          view.status === 'draft' ? null : (await complianceMatrix(db, reader, id, {})).totals;
        console.log(JSON.stringify({ ...view, compliance }, null, 2));
      });
    });

  directive
    .command('export <reference> <file>')
    .description('the compliance matrix as CSV or XLSX (by the file name ending)')
    .option('--region <id>', 'only the posts of this region (id)')
    .action(async (reference: string, file: string, options: { region?: string }) => {
      const format = file.toLowerCase().endsWith('.xlsx')
        ? 'xlsx'
        : file.toLowerCase().endsWith('.csv')
          ? 'csv'
          : null;
      if (!format) throw new CliError('the file name must end in .csv or .xlsx');
      await withDatabase(async ({ db }) => {
        const id = await resolveId(db, reference);
        const view = await complianceMatrix(db, reader, id, {
          region: options.region ? Number(options.region) : undefined,
        });
        await writeFile(file, format === 'csv' ? complianceCsv(view) : await complianceXlsx(view));
        console.log(`${view.rows.length} posts written to ${file}`);
      });
    });
}
