// `rapporteur demo generate --incidents N`: the synthetic data set at scale (see
// src/modules/demo/generate.ts). Prints progress on a terminal and the counts at the end.
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { systemActor } from '../db/audit.ts';
import { BULK_FROM, generateSyntheticData } from '../modules/demo/generate.ts';
import { withDatabase } from './database.ts';

export function registerDemoCommands(program: Command): void {
  program
    .command('demo')
    .description('synthetic demonstration data')
    .command('generate')
    .description(
      'generate synthetic incidents, sources, victim groups, engagements and official statistics (all marked synthetic; the installation is flagged synthetic)',
    )
    .requiredOption('--incidents <n>', 'how many incidents, e.g. 10000 or 1000000', (v) =>
      Number(v.replace(/[_,]/g, '')),
    )
    .option('--run <id>', 'resume an interrupted run by its id (eight hex digits)')
    .option(
      '--batches',
      `load in resumable batches even from ${BULK_FROM.toLocaleString('en')} incidents (slower)`,
    )
    .action(async (opts: { incidents: number; run?: string; batches?: boolean }) => {
      const run = opts.run ?? randomBytes(4).toString('hex');
      console.log(
        !opts.batches && opts.incidents >= BULK_FROM
          ? `run ${run}: a fresh run is loaded in one transaction (if interrupted, nothing of it is kept; run again, with --run ${run} for the same rows)`
          : `run ${run} (if interrupted, resume with --run ${run})`,
      );
      await withDatabase(async ({ db }) => {
        const tty = process.stdout.isTTY;
        const result = await generateSyntheticData(
          db,
          systemActor(`cli:${process.env.USER ?? 'unknown'}`),
          {
            incidents: opts.incidents,
            run,
            ...(opts.batches ? { bulk: false } : {}),
            onStep: (step, seconds) => {
              if (tty) process.stdout.write('\n');
              console.log(`  ${step}: ${seconds.toFixed(1)} s`);
            },
            onProgress: (done, total) => {
              const line = `${done.toLocaleString('en')} / ${total.toLocaleString('en')} incidents`;
              if (tty) process.stdout.write(`\r${line}`);
            },
          },
        );
        if (tty) process.stdout.write('\n');
        console.log(
          `run ${result.run}: ${result.incidents.toLocaleString('en')} synthetic incidents and ` +
            `${result.sources.toLocaleString('en')} synthetic sources, ` +
            `${result.engagements.toLocaleString('en')} engagements (${result.followUps.toLocaleString('en')} follow-ups) and ` +
            `${result.observations.toLocaleString('en')} statistical observations in ${result.seconds.toFixed(1)} s` +
            (result.bulk ? ' (one bulk transaction)' : ''),
        );
      });
    });
}
