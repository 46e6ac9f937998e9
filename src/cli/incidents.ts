// `rapporteur incident list | show | export | import`: thin over the search, incident and
// import services, always as a named user (`--as USERNAME`), who sees exactly what they see in
// the browser and in whose name exports and imports are audited.
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import type { Database } from '../db/connection.ts';
import { findUserByUsername } from '../modules/auth/queries.ts';
import { principalFor } from '../modules/auth/service.ts';
import { getIncident } from '../modules/incidents/service.ts';
import { EXPORT_FORMATS, listQuery, type ExportFormat } from '../modules/incidentSearch/schemas.ts';
import * as search from '../modules/incidentSearch/service.ts';
import { CliError, withDatabase } from './database.ts';

async function callerNamed(db: Database, username: string | undefined): Promise<search.Caller> {
  if (!username) throw new CliError('say whose view to use: --as USERNAME');
  const user = await findUserByUsername(db, username);
  const principal = user ? await principalFor(db, user.id, 'system') : undefined;
  if (!principal) throw new CliError(`no active user ${username}`);
  return {
    principal,
    actor: {
      id: principal.userId,
      label: `cli:${process.env.USER ?? 'unknown'} as ${principal.username}`,
    },
  };
}

interface FilterOptions {
  as?: string;
  q?: string;
  country?: string;
  region?: string;
  post?: string;
  status?: string;
  category?: string;
  route?: string;
  marking?: string;
  sourceType?: string;
  reliability?: string;
  from?: string;
  to?: string;
}

function withFilters(command: Command): Command {
  return command
    .option('--as <username>', 'the user whose view is used (and who is audited)')
    .option('--q <words>', 'full-text search (any language)')
    .option('--country <code>', 'country, ISO alpha-2')
    .option('--region <id>', 'region id')
    .option('--post <id>', 'post id')
    .option('--status <status>', 'draft, submitted, returned, verified, rejected or merged')
    .option('--category <code>', 'category code')
    .option('--route <code>', 'migration route code')
    .option('--marking <code>', 'dissemination marking')
    .option('--source-type <code>', 'type of a linked source')
    .option('--reliability <grade>', 'reliability A–F of a linked source')
    .option('--from <date>', 'period overlapping from this date')
    .option('--to <date>', 'period overlapping up to this date');
}

function filtersFrom(opts: FilterOptions & Record<string, unknown>) {
  const { as: _as, ...rest } = opts;
  void _as;
  const parsed = listQuery.safeParse(
    Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success)
    throw new CliError(
      parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n'),
    );
  return parsed.data;
}

export function registerIncidentCommands(program: Command): void {
  const incident = program
    .command('incident')
    .description('find, show, export and import incidents');

  withFilters(incident.command('list'))
    .description('incidents the user may see, one per line (newest first unless --sort)')
    .option(
      '--sort <sort>',
      'occurred_desc, occurred_asc, updated_desc, reference_desc, reference_asc',
    )
    .option('--limit <n>', 'at most this many (1–200)', '50')
    .option('--json', 'print JSON instead of lines')
    .action(async (opts: FilterOptions & { sort?: string; limit: string; json?: boolean }) => {
      await withDatabase(async ({ db }) => {
        const caller = await callerNamed(db, opts.as);
        const { json, ...rest } = opts;
        const page = await search.listIncidents(db, caller.principal, filtersFrom(rest));
        if (json) {
          console.log(JSON.stringify(page, null, 2));
          return;
        }
        for (const i of page.items)
          console.log(
            `${i.reference}\t${i.occurredStart}\t${i.countryCode}\t${i.status}\t${i.categories.join(',')}\t${i.title}`,
          );
        console.log(
          `${page.items.length} incident(s)${page.nextCursor ? ' (more: raise --limit or narrow the filters)' : ''}`,
        );
      });
    });

  incident
    .command('show <idOrReference>')
    .description('one incident as JSON, with its acts, victims, perpetrators and sources')
    .option('--as <username>', 'the user whose view is used')
    .action(async (idOrReference: string, opts: { as?: string }) => {
      await withDatabase(async ({ db }) => {
        const caller = await callerNamed(db, opts.as);
        const id = await search.resolveIncidentId(db, idOrReference);
        console.log(JSON.stringify(await getIncident(db, caller.principal, id), null, 2));
      });
    });

  withFilters(incident.command('export'))
    .description('every incident the user may see under the filters (audited)')
    .option('--format <format>', EXPORT_FORMATS.join(', '), 'csv')
    .option('--out <file>', 'write to this file instead of standard output')
    .action(async (opts: FilterOptions & { format: string; out?: string }) => {
      if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format))
        throw new CliError(`--format must be one of ${EXPORT_FORMATS.join(', ')}`);
      await withDatabase(async ({ db }) => {
        const caller = await callerNamed(db, opts.as);
        const { format, out, ...rest } = opts;
        const filters = search.filtersOf(filtersFrom(rest));
        const stream = await search.exportIncidents(db, caller, filters, format as ExportFormat);
        await pipeline(stream, out ? createWriteStream(out, { mode: 0o600 }) : process.stdout, {
          end: Boolean(out),
        });
      });
    });

  incident
    .command('import <file>')
    .description(
      'import draft incidents from a CSV (the export columns) or a JSON array, all or nothing',
    )
    .option('--as <username>', 'the editor in whose name the records are created')
    .option('--format <format>', 'csv or json (default: from the file name)')
    .option('--dry-run', 'check every row and report, writing nothing')
    .action(async (file: string, opts: { as?: string; format?: string; dryRun?: boolean }) => {
      const format = (opts.format ?? (file.toLowerCase().endsWith('.json') ? 'json' : 'csv')) as
        'csv' | 'json';
      if (format !== 'csv' && format !== 'json') throw new CliError('--format must be csv or json');
      const body = await readFile(file);
      await withDatabase(async ({ db }) => {
        const caller = await callerNamed(db, opts.as);
        const result = await search.importIncidents(db, caller, body, {
          format,
          dryRun: opts.dryRun ?? false,
        });
        if (result.errors.length) {
          console.log(
            `${result.errors.length} problem(s) in ${result.rows} rows; nothing was imported:`,
          );
          for (const e of result.errors) console.log(`  row ${e.row}, ${e.column}: ${e.reason}`);
          process.exitCode = 2;
          return;
        }
        if (result.dryRun)
          console.log(`${result.rows} rows are valid; dry run: nothing was written`);
        else
          console.log(
            `created ${result.created} draft incidents: ${result.references[0] ?? ''} … ${result.references.at(-1) ?? ''} (file SHA-256 ${result.sha256})`,
          );
      });
    });
}
