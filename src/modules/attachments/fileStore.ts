// Where attachment contents live. The service speaks only to this interface, so a later
// object store (S3-compatible, say) is one more implementation; the local one keeps files
// under <RAPPORTEUR_DATA_DIR>/attachments, content-addressed by SHA-256.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FileStore {
  /** Stores the bytes under `key`; storing a key that exists leaves it as it is. */
  put(key: string, content: Readable): Promise<void>;
  /** The bytes under `key`; rejects if there are none. */
  get(key: string): Promise<Readable>;
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

/** The content-addressed key of a file: `sha256/ab/cd/abcd…`. */
export function contentKey(sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error('not a SHA-256 hex digest');
  return `sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The attachments' store of an installation: `<RAPPORTEUR_DATA_DIR>/attachments`. */
export function attachmentStoreOf(dataDir: string): LocalFileStore {
  return new LocalFileStore(path.join(dataDir, 'attachments'));
}

export class LocalFileStore implements FileStore {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    // Keys are made by contentKey(); anything else is refused rather than resolved.
    if (!/^sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(key))
      throw new Error(`invalid file store key ${JSON.stringify(key)}`);
    return path.join(this.root, ...key.split('/'));
  }

  async put(key: string, content: Readable): Promise<void> {
    const target = this.pathOf(key);
    if (await this.exists(key)) {
      content.resume();
      return;
    }
    await fs.promises.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    // Write beside the target and rename: a reader never sees half a file.
    const partial = `${target}.${process.pid}.${randomBytes(6).toString('hex')}.partial`;
    try {
      await pipeline(content, fs.createWriteStream(partial, { mode: 0o600, flags: 'wx' }));
      const handle = await fs.promises.open(partial, 'r');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await fs.promises.rename(partial, target);
    } catch (err) {
      await fs.promises.rm(partial, { force: true });
      throw err;
    }
  }

  async get(key: string): Promise<Readable> {
    const file = this.pathOf(key);
    await fs.promises.access(file, fs.constants.R_OK);
    return fs.createReadStream(file);
  }

  async delete(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await fs.promises.access(this.pathOf(key));
      return true;
    } catch {
      return false;
    }
  }
}
