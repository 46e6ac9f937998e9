// Starts the real server (API and the built web app) on a free port with a fresh embedded
// database, for browser journeys. Build the web app first: `npm run build:web`.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer } from '../../src/app.ts';
import { webDist } from '../../src/server.ts';

export interface TestServer {
  baseUrl: string;
  adminUsername: 'admin';
  adminPassword: string;
  close(): Promise<void>;
}

const ADMIN_PASSWORD = 'admin-password-123';

export async function startTestServer(options: { demo?: boolean } = {}): Promise<TestServer> {
  if (!existsSync(path.join(webDist, 'index.html'))) {
    throw new Error(
      `The web app is not built (${webDist} has no index.html): run "npm run build:web" first.`,
    );
  }
  const dataDir = await mkdtemp(path.join(tmpdir(), 'rapporteur-e2e-'));
  const server = await startServer({
    env: {
      RAPPORTEUR_DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      RAPPORTEUR_ADMIN_PASSWORD: ADMIN_PASSWORD,
      LOG_LEVEL: 'silent',
    },
    ...(options.demo ? { demo: true } : {}),
  });
  return {
    baseUrl: server.url.replace(/\/$/, ''),
    adminUsername: 'admin',
    adminPassword: ADMIN_PASSWORD,
    async close() {
      try {
        await server.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}
