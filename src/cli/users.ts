// `rapporteur user create | list | set-role | reset-password`
import type { Command } from 'commander';
import { systemActor } from '../db/audit.ts';
import { ROLES } from '../db/schema/identity.ts';
import type { Role } from '../domain/policy.ts';
import type { RoleAssignmentInput } from '../domain/roles.ts';
import {
  createUser,
  listPosts,
  listRegions,
  listUsers,
  resetUserPassword,
  setUserRoles,
} from '../modules/admin/service.ts';
import type { Database } from '../db/connection.ts';
import { CliError, withDatabase } from './database.ts';

const actor = () => systemActor(`cli:${process.env.USER ?? 'unknown'}`);

/** "reporter@EMB-FR", "reviewer@EUR", "editor": a role and, where it needs one, a post or region code. */
async function parseRoles(db: Database, specs: string[]): Promise<RoleAssignmentInput[]> {
  const posts = await listPosts(db);
  const regions = await listRegions(db);
  return specs.map((spec) => {
    const [role, scope] = spec.split('@') as [string, string | undefined];
    if (!(ROLES as readonly string[]).includes(role))
      throw new CliError(`unknown role "${role}" (roles: ${ROLES.join(', ')})`);
    if (!scope) return { role: role as Role };
    const post = posts.find((p) => p.code === scope.toUpperCase());
    if (post) return { role: role as Role, postId: post.id };
    const region = regions.find((r) => r.code === scope.toUpperCase());
    if (region) return { role: role as Role, regionId: region.id };
    throw new CliError(
      `"${scope}" is neither a post code (e.g. EMB-FR) nor a region code (AF, EAP, EUR, NEA, SCA, WHA)`,
    );
  });
}

function readPassword(option: string | undefined): string {
  const password = option ?? process.env.RAPPORTEUR_NEW_PASSWORD;
  if (!password) throw new CliError('give the password with --password or RAPPORTEUR_NEW_PASSWORD');
  return password;
}

export function registerUserCommands(program: Command): void {
  const user = program.command('user').description('manage user accounts');

  user
    .command('create <username>')
    .description(
      'create a user; roles as role[@POST-CODE|@REGION-CODE], e.g. reporter@EMB-FR reviewer@EUR editor',
    )
    .requiredOption('--name <displayName>', 'full name shown in the app')
    .option('--email <email>')
    .option(
      '--password <password>',
      'initial password (or RAPPORTEUR_NEW_PASSWORD); the user must change it',
    )
    .option('--role <role...>', 'roles to grant', [])
    .action(
      async (
        username: string,
        opts: { name: string; email?: string; password?: string; role: string[] },
      ) => {
        await withDatabase(async ({ db }) => {
          const roles = await parseRoles(db, opts.role);
          const created = await createUser(db, actor(), {
            username,
            displayName: opts.name,
            email: opts.email,
            password: readPassword(opts.password),
            roles,
          });
          console.log(`created ${created.username} (${created.id})`);
        });
      },
    );

  user
    .command('list')
    .description('list users and their roles')
    .action(async () => {
      await withDatabase(async ({ db }) => {
        for (const u of await listUsers(db)) {
          const roles = u.roles
            .map(
              (r) =>
                r.role +
                (r.postId ? `@post:${r.postId}` : r.regionId ? `@region:${r.regionId}` : ''),
            )
            .join(', ');
          console.log(
            `${u.username}\t${u.displayName}\t${u.active ? 'active' : 'inactive'}\t${roles || '(no roles)'}`,
          );
        }
      });
    });

  user
    .command('set-role <username> <roles...>')
    .description("replace a user's roles, e.g. set-role jdoe approver@EMB-FR")
    .action(async (username: string, specs: string[]) => {
      await withDatabase(async ({ db }) => {
        const target = (await listUsers(db)).find((u) => u.username === username.toLowerCase());
        if (!target) throw new CliError(`no user ${username}`);
        const roles = await parseRoles(db, specs);
        await setUserRoles(db, actor(), target.id, { version: target.version, roles });
        console.log(
          `${target.username}: roles set to ${specs.join(', ')}; their sessions were ended`,
        );
      });
    });

  user
    .command('reset-password <username>')
    .description('set a temporary password the user must change at next sign-in')
    .option('--password <password>', 'the temporary password (or RAPPORTEUR_NEW_PASSWORD)')
    .action(async (username: string, opts: { password?: string }) => {
      await withDatabase(async ({ db }) => {
        const target = (await listUsers(db)).find((u) => u.username === username.toLowerCase());
        if (!target) throw new CliError(`no user ${username}`);
        await resetUserPassword(db, actor(), target.id, readPassword(opts.password));
        console.log(`${target.username}: password reset; they must change it at next sign-in`);
      });
    });
}
