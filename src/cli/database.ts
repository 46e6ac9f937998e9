// How CLI commands reach the database: the same configuration as the server. With the
// embedded database, a command refuses clearly while the server holds the data folder
// (two processes on one PGlite folder corrupt it); with a server, commands run alongside.
import { loadConfig } from '../config.ts';
import { openDatabase, runMigrations, type DatabaseHandle } from '../db/connection.ts';
import { DataDirLocked } from '../db/dataDirLock.ts';

export async function withDatabase<T>(
  work: (handle: DatabaseHandle) => Promise<T>,
  options: { migrate?: boolean } = {},
): Promise<T> {
  const config = loadConfig();
  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolMax: 2,
    });
  } catch (err) {
    if (err instanceof DataDirLocked) {
      throw new CliError(
        `${err.message}\nUse the web app or the API of the running server for this, or stop it first.`,
      );
    }
    throw err;
  }
  try {
    if (options.migrate !== false) await runMigrations(handle);
    return await work(handle);
  } finally {
    await handle.close();
  }
}

/** An error whose message is all the user needs: printed without a stack trace. */
export class CliError extends Error {}
