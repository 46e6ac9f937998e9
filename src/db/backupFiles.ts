// The attachment files in a backup. Attachments keep their bytes outside the database, in the
// content-addressed file store (src/modules/attachments/fileStore.ts), so a backup of the rows
// alone would restore records whose files are gone. The backup therefore carries every file an
// `attachments` row of its snapshot points to, after the tables:
//
//   {"file":"sha256/ab/cd/abcd…","sha256":"abcd…","size":1234}   a section per stored file
//   AAECAwQF…                                                      its bytes, base64, 48 KiB a line
//
// Files are read through the FileStore interface and hashed on the way out: a file that is
// missing or no longer matches its SHA-256 fails the backup rather than being copied. On
// restore each file is staged in a private temporary folder and its SHA-256 and size checked;
// only when the whole backup has been read and checked are the files put into the target's
// store, just before the database transaction commits. If anything fails, the files the
// restore added are removed again, so the target is left as it was.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { Conflict, Invalid } from '../domain/errors.ts';
import type { FileStore } from '../modules/attachments/fileStore.ts';
import { queryRows } from './backupCatalog.ts';
import type { FileSection, Line } from './backupFormat.ts';
import type { Executor } from './connection.ts';

/** Raw bytes per base64 line: 48 KiB, a multiple of 3, so no line but the last is padded. */
export const FILE_CHUNK_BYTES = 48 * 1024;

export interface FileReference {
  key: string;
  sha256: string;
  size: number;
}

/** The stored files the attachment rows point to, one per storage key, in key order. */
export async function referencedFiles(db: Executor): Promise<FileReference[]> {
  const rows = await queryRows<{ key: string; sha256: string; size: string }>(
    db,
    sql`SELECT DISTINCT ON (storage_key) storage_key AS key, sha256, size_bytes::text AS size
          FROM attachments ORDER BY storage_key, sha256`,
  );
  return rows.map((r) => ({ key: r.key, sha256: r.sha256, size: Number(r.size) }));
}

/** The file sections of a backup: a header line per file, then its bytes in base64 lines. */
export async function* fileLines(
  store: FileStore,
  files: FileReference[],
  written: { files: number; fileBytes: number },
): AsyncGenerator<string> {
  for (const file of files) {
    const section: FileSection = { file: file.key, sha256: file.sha256, size: file.size };
    yield `${JSON.stringify(section)}\n`;
    let content: AsyncIterable<Buffer>;
    try {
      content = await store.get(file.key);
    } catch {
      throw new Conflict(
        `the attachment file ${file.key} is missing from the file store, so the backup would be ` +
          'incomplete; nothing was written (restore the file, or delete the attachment, and back up again)',
      );
    }
    const hash = createHash('sha256');
    let size = 0;
    let pending: Buffer = Buffer.alloc(0);
    for await (const chunk of content) {
      hash.update(chunk);
      size += chunk.length;
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= FILE_CHUNK_BYTES) {
        yield `${pending.subarray(0, FILE_CHUNK_BYTES).toString('base64')}\n`;
        pending = pending.subarray(FILE_CHUNK_BYTES);
      }
    }
    if (pending.length > 0) yield `${pending.toString('base64')}\n`;
    const sha256 = hash.digest('hex');
    if (sha256 !== file.sha256 || size !== file.size) {
      throw new Conflict(
        `the attachment file ${file.key} is damaged in the file store (its SHA-256 is ${sha256}, ` +
          `${size} bytes; its record says ${file.sha256}, ${file.size} bytes); nothing was written`,
      );
    }
    written.files += 1;
    written.fileBytes += size;
  }
}

interface OpenFile {
  section: FileSection;
  line: number;
  handle: fs.promises.FileHandle;
  staged: string;
  hash: Hash;
  size: number;
}

const BASE64_LINE = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Receives the file sections of a backup being restored: stages each file, checks it, and at
 * the end puts them all into the target's store (or removes what it put, when asked to undo).
 */
export class FileRestore {
  private folder: string | undefined;
  private open: OpenFile | undefined;
  private readonly staged = new Map<string, { sha256: string; path: string; size: number }>();
  private readonly added: string[] = [];
  bytes = 0;

  constructor(private readonly store: FileStore | undefined) {}

  get count(): number {
    return this.staged.size;
  }

  async begin(section: FileSection, line: Line): Promise<void> {
    await this.finish();
    if (this.staged.has(section.file))
      throw Invalid.field(`line ${line.number}`, `the file ${section.file} appears twice`);
    this.folder ??= await fs.promises.mkdtemp(path.join(os.tmpdir(), 'rapporteur-restore-'));
    const staged = path.join(this.folder, String(this.staged.size + 1));
    const handle = await fs.promises.open(staged, 'wx', 0o600);
    this.open = { section, line: line.number, handle, staged, hash: createHash('sha256'), size: 0 };
  }

  /** True when the line belonged to an open file section (and was written). */
  async chunk(line: Line): Promise<boolean> {
    const file = this.open;
    if (!file) return false;
    if (!BASE64_LINE.test(line.text))
      throw Invalid.field(
        `line ${line.number}`,
        `not base64 data of the file ${file.section.file}`,
      );
    const bytes = Buffer.from(line.text, 'base64');
    file.size += bytes.length;
    if (file.size > file.section.size) {
      throw Invalid.field(
        `line ${line.number}`,
        `the file ${file.section.file} is longer than the ${file.section.size} bytes its section declares`,
      );
    }
    file.hash.update(bytes);
    await file.handle.write(bytes);
    return true;
  }

  /** Closes the open file section, if any, and checks its size and SHA-256. */
  async finish(): Promise<void> {
    const file = this.open;
    if (!file) return;
    this.open = undefined;
    await file.handle.close();
    const sha256 = file.hash.digest('hex');
    if (file.size !== file.section.size || sha256 !== file.section.sha256) {
      throw Invalid.field(
        `line ${file.line}`,
        `the file ${file.section.file} is damaged in the backup: ${file.size} bytes with SHA-256 ` +
          `${sha256}, where the backup declares ${file.section.size} bytes with SHA-256 ${file.section.sha256}`,
      );
    }
    this.staged.set(file.section.file, { sha256, path: file.staged, size: file.size });
    this.bytes += file.size;
  }

  /**
   * Checks that every attachment row of the restored database has its file, from the backup or
   * already in the target's store, with the SHA-256 the row states; then puts the staged files
   * into the store. Call inside the restore transaction, after every row is loaded.
   */
  async complete(db: Executor, expectedFiles: number | undefined): Promise<void> {
    await this.finish();
    if (expectedFiles !== undefined && expectedFiles !== this.staged.size) {
      throw Invalid.field(
        'end',
        `the backup lists ${expectedFiles} attachment files but holds ${this.staged.size}`,
      );
    }
    if (this.staged.size > 0 && !this.store) {
      throw new Conflict(
        `the backup holds ${this.staged.size} attachment files, but no file store was given to restore them into`,
      );
    }
    const missing: string[] = [];
    for (const row of await queryRows<{ key: string; sha256: string }>(
      db,
      sql`SELECT DISTINCT storage_key AS key, sha256 FROM attachments ORDER BY 1, 2`,
    )) {
      const staged = this.staged.get(row.key);
      if (staged) {
        if (staged.sha256 !== row.sha256) {
          throw Invalid.field(
            row.key,
            `an attachment record states SHA-256 ${row.sha256}, but the backup's file has ${staged.sha256}`,
          );
        }
      } else if (!this.store || !(await this.store.exists(row.key))) {
        missing.push(row.key);
      }
    }
    if (missing.length > 0) {
      throw Invalid.field(
        'files',
        `the backup is incomplete: ${missing.length} attachment file(s) its records point to are ` +
          `neither in the backup nor in the target's file store (${missing.slice(0, 3).join(', ')}` +
          `${missing.length > 3 ? ', …' : ''})`,
      );
    }
    for (const [key, staged] of this.staged) {
      if (await this.store!.exists(key)) continue;
      this.added.push(key);
      await this.store!.put(key, fs.createReadStream(staged.path));
    }
  }

  /** Removes the files this restore put into the store: the restore as a whole failed. */
  async undo(): Promise<void> {
    for (const key of this.added.splice(0)) await this.store?.delete(key);
  }

  /** Removes the staging folder; always call once the restore is over. */
  async dispose(): Promise<void> {
    await this.open?.handle.close().catch(() => undefined);
    this.open = undefined;
    if (this.folder) await fs.promises.rm(this.folder, { recursive: true, force: true });
    this.folder = undefined;
  }
}
