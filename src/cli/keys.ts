// `rapporteur keys list | rotate` (the keys protecting victim and witness details) and
// `rapporteur protected grant | revoke | grants` (who may see them, per post).
import type { Command } from 'commander';
import { systemActor } from '../db/audit.ts';
import { loadConfig } from '../config.ts';
import { listPosts, listUsers } from '../modules/admin/service.ts';
import { keyringFor, type Keyring } from '../modules/protected/keyring.ts';
import { grant, keyStatus, listGrants, revoke, rotateKeys } from '../modules/protected/service.ts';
import type { Database } from '../db/connection.ts';
import { CliError, withDatabase } from './database.ts';

const actor = () => systemActor(`cli:${process.env.USER ?? 'unknown'}`);

function keyringFromConfig(): Keyring {
  return keyringFor(loadConfig());
}

async function userAndPost(db: Database, username: string, postCode: string) {
  const user = (await listUsers(db)).find((u) => u.username === username.toLowerCase());
  if (!user) throw new CliError(`no user "${username}"`);
  const post = (await listPosts(db)).find((p) => p.code === postCode.toUpperCase());
  if (!post) throw new CliError(`no post "${postCode}" (post codes look like EMB-FR)`);
  return { userId: user.id, postId: post.id };
}

export function registerKeyCommands(program: Command): void {
  const keys = program
    .command('keys')
    .description('the keys that encrypt protected victim and witness details');

  keys
    .command('list')
    .description('the active key, every known key and how many rows each encrypts')
    .action(async () => {
      const keyring = keyringFromConfig();
      await withDatabase(async ({ db }) => {
        const status = await keyStatus(db, keyring);
        console.log(`active key: ${status.active} (from the ${status.source})`);
        for (const k of status.keys)
          console.log(`${k.id}\t${k.rows} rows\t${k.available ? 'available' : 'MISSING'}`);
      });
    });

  keys
    .command('rotate')
    .description(
      'make a new key, re-encrypt every protected row under it in batches, then retire the old keys',
    )
    .option('--batch-size <n>', 'rows per transaction', '500')
    .action(async (opts: { batchSize: string }) => {
      const batchSize = Number(opts.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new CliError('--batch-size must be a positive whole number');
      const keyring = keyringFromConfig();
      await withDatabase(async ({ db }) => {
        const report = await rotateKeys(db, keyring, actor(), { batchSize });
        console.log(
          `re-encrypted ${report.reencrypted} rows under key ${report.activeKey}` +
            (report.retiredKeys.length ? `; retired ${report.retiredKeys.join(', ')}` : ''),
        );
        console.log(`sealed ${report.totpReencrypted} TOTP secrets again under the same key`);
        if (keyring.fromEnvironment) {
          console.log(
            'The active key comes from RAPPORTEUR_DATA_KEY: to change it, set the new key there, move the old one to RAPPORTEUR_DATA_KEY_PREVIOUS and run this command again.',
          );
          if (report.unusedEnvironmentKeys.length)
            console.log(
              `No row uses ${report.unusedEnvironmentKeys.join(', ')} any more: remove them from RAPPORTEUR_DATA_KEY_PREVIOUS.`,
            );
        }
      });
    });

  const prot = program
    .command('protected')
    .description('who may see protected victim and witness details (per post)');
  prot
    .command('grant <username> <postCode>')
    .description("grant a user the protected details of a post's incidents")
    .action(async (username: string, postCode: string) => {
      await withDatabase(async ({ db }) => {
        const created = await grant(db, actor(), await userAndPost(db, username, postCode));
        console.log(created ? `granted` : `already granted`);
      });
    });
  prot
    .command('revoke <username> <postCode>')
    .description('withdraw a grant')
    .action(async (username: string, postCode: string) => {
      await withDatabase(async ({ db }) => {
        await revoke(db, actor(), await userAndPost(db, username, postCode));
        console.log('revoked');
      });
    });
  prot
    .command('grants')
    .description('list the grants')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        for (const g of await listGrants(db)) console.log(`${g.username}\t${g.postCode}`);
      });
    });
}
