// An exclusive lock on the embedded database folder. PGlite has no lock of its own and two
// processes writing one folder corrupt it, so whoever opens it first writes its pid here and
// everyone else is refused while that process lives. A lock left by a killed process is taken
// over at once (its pid no longer exists), so a restart after `kill -9` needs no manual step.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is in use by another Rapporteur process (pid ${holderPid}). ` +
        'Stop that process first, or run this command against a PostgreSQL server (DATABASE_URL).',
    );
    this.name = 'DataDirLocked';
  }
}

export interface DataDirLock {
  release(): void;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): { pid: number; host: string } | undefined {
  try {
    const parsed = JSON.parse(fs.readFileSync(lockPath, 'utf8')) as { pid?: unknown; host?: unknown };
    if (typeof parsed.pid === 'number' && typeof parsed.host === 'string') {
      return { pid: parsed.pid, host: parsed.host };
    }
  } catch {
    // Unreadable or half-written: treated as no valid holder below.
  }
  return undefined;
}

export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'rapporteur.lock');
  const me = JSON.stringify({ pid: process.pid, host: os.hostname(), at: new Date().toISOString() });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(lockPath, me, { flag: 'wx' });
      let released = false;
      return {
        release() {
          if (released) return;
          released = true;
          const holder = readHolder(lockPath);
          if (holder?.pid === process.pid) fs.rmSync(lockPath, { force: true });
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(lockPath);
    if (holder && holder.host === os.hostname() && processAlive(holder.pid)) {
      throw new DataDirLocked(dataDir, holder.pid);
    }
    if (holder && holder.host !== os.hostname()) {
      throw new Error(
        `The embedded database in ${dataDir} is locked by host ${holder.host} (pid ${holder.pid}); ` +
          `remove ${lockPath} only if you are sure that host no longer uses it.`,
      );
    }
    // The holder is gone (killed or crashed): take the lock over.
    fs.rmSync(lockPath, { force: true });
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}
