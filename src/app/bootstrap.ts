// First run and every start: migrate, load reference data, make sure an administrator
// exists. The generated admin password is printed once and never stored in clear.
import { randomBytes } from 'node:crypto';
import type { DatabaseHandle } from '../db/connection.ts';
import { runMigrations } from '../db/connection.ts';
import { systemActor } from '../db/audit.ts';
import { countAdmins, createUser } from '../modules/admin/service.ts';
import { loadReferenceData } from '../modules/reference/load.ts';

export interface BootstrapResult {
  adminCreated?: { username: string; password: string; generated: boolean } | undefined;
}

export async function prepareDatabase(
  handle: DatabaseHandle,
  options: { adminPassword?: string | undefined },
): Promise<BootstrapResult> {
  // Instances starting together against one server take turns: one migrates and seeds, the
  // others then find everything in place.
  return handle.exclusive(BOOTSTRAP_LOCK, () => prepare(handle, options));
}

/** The advisory-lock key of start-up work ("rapp" in ASCII). */
const BOOTSTRAP_LOCK = 0x72617070;

async function prepare(
  handle: DatabaseHandle,
  options: { adminPassword?: string | undefined },
): Promise<BootstrapResult> {
  await runMigrations(handle);
  await loadReferenceData(handle.db);
  if ((await countAdmins(handle.db)) > 0) return {};
  const generated = !options.adminPassword;
  const password = options.adminPassword ?? randomBytes(18).toString('base64url');
  await createUser(handle.db, systemActor('first-run'), {
    username: 'admin',
    displayName: 'Administrator',
    password,
    mustChangePassword: generated,
    roles: [{ role: 'admin' }],
  });
  return { adminCreated: { username: 'admin', password, generated } };
}
