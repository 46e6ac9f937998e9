// Starts the whole system in this process: open the database (holding the data-folder lock
// for PGlite), prepare it, serve HTTP, and close everything cleanly on SIGINT/SIGTERM.
// PGlite left open keeps the process alive and risks an unclean data folder.
import type { FastifyInstance } from 'fastify';
import { loadConfig } from './config.ts';
import { openDatabase, type DatabaseHandle } from './db/connection.ts';
import { prepareDatabase, type BootstrapResult } from './app/bootstrap.ts';
import { buildApp } from './server.ts';
import { loadDemoData } from './modules/demo/service.ts';
import { startBackground, type Background } from './modules/jobs/background.ts';

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  handle: DatabaseHandle;
  bootstrap: BootstrapResult;
  close(): Promise<void>;
}

export async function startServer(options: { env?: NodeJS.ProcessEnv; demo?: boolean; logger?: boolean } = {}): Promise<RunningServer> {
  const config = loadConfig(options.env ?? process.env);
  const handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.poolMax });
  let app: FastifyInstance | undefined;
  try {
    const bootstrap = await prepareDatabase(handle, { adminPassword: config.adminPassword });
    if (options.demo) await loadDemoData(handle.db);
    app = await buildApp({ handle, config, logger: options.logger ?? config.logLevel !== 'silent' });
    const url = await app.listen({ port: config.port, host: config.host });
    // The job worker (notification e-mail, due-date reminders) runs beside the HTTP server.
    const background: Background | undefined = config.worker
      ? startBackground(handle.db, config, app.log)
      : undefined;
    let closing: Promise<void> | undefined;
    const server: RunningServer = {
      url: url.replace('0.0.0.0', 'localhost'),
      app,
      handle,
      bootstrap,
      close() {
        closing ??= (async () => {
          try {
            await background?.stop();
            await app!.close();
          } finally {
            await handle.close();
          }
        })();
        return closing;
      },
    };
    return server;
  } catch (err) {
    await app?.close().catch(() => undefined);
    await handle.close();
    throw err;
  }
}

export function closeOnSignals(server: RunningServer): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      server.app.log.info({ signal }, 'shutting down');
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          console.error(err);
          process.exit(1);
        },
      );
    });
  }
}
