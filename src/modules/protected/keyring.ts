// The keys that protect victim and witness details. The active key encrypts; every key that
// encrypted a stored row must stay readable until `rapporteur keys rotate` has re-encrypted it.
// Keys come from RAPPORTEUR_DATA_KEY (base64 of 32 bytes; then the active key, with older
// ones in RAPPORTEUR_DATA_KEY_PREVIOUS while rows are re-encrypted) or from a keyring file in
// the data folder (<RAPPORTEUR_DATA_DIR>/keys/data-keys.json, mode 0600) made on first use.
// The file is re-read whenever it changes, so a running server follows a rotation.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { DomainError } from '../../domain/errors.ts';

export const KEY_BYTES = 32;

export class KeyUnavailable extends DomainError {
  readonly status = 500;
  readonly title = 'Protected details unavailable';
}

interface KeyringFile {
  format: 'rapporteur-keyring-1';
  active: string;
  keys: { id: string; key: string; createdAt: string }[];
}

export interface KeyringOptions {
  /** The keyring file (used when no environment key is set, and for older keys). */
  file: string;
  /** RAPPORTEUR_DATA_KEY. */
  envKey?: string | undefined;
  /** RAPPORTEUR_DATA_KEY_PREVIOUS: comma-separated older keys, readable only. */
  previousEnvKeys?: string | undefined;
}

export const keyringFileOf = (dataDir: string) => path.join(dataDir, 'keys', 'data-keys.json');

function envKeyId(key: Buffer): string {
  return `env-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

function decodeKey(base64: string, what: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${what} is not base64 of ${KEY_BYTES} bytes`);
  return key;
}

export class Keyring {
  private fileState: { mtimeMs: number; size: number; content: KeyringFile } | undefined;
  private readonly envKeys = new Map<string, Buffer>();
  private readonly envActive: string | undefined;

  constructor(private readonly options: KeyringOptions) {
    if (options.envKey) {
      const key = decodeKey(options.envKey, 'RAPPORTEUR_DATA_KEY');
      this.envActive = envKeyId(key);
      this.envKeys.set(this.envActive, key);
    }
    for (const old of (options.previousEnvKeys ?? '').split(',').filter((s) => s.trim())) {
      const key = decodeKey(old, 'a key in RAPPORTEUR_DATA_KEY_PREVIOUS');
      this.envKeys.set(envKeyId(key), key);
    }
  }

  /** Whether the active key comes from the environment (rotation then means changing it). */
  get fromEnvironment(): boolean {
    return this.envActive !== undefined;
  }

  private readFile(): KeyringFile | undefined {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(this.options.file);
    } catch {
      this.fileState = undefined;
      return undefined;
    }
    if (
      !this.fileState ||
      this.fileState.mtimeMs !== stat.mtimeMs ||
      this.fileState.size !== stat.size
    ) {
      const content = JSON.parse(fs.readFileSync(this.options.file, 'utf8')) as KeyringFile;
      if (content.format !== 'rapporteur-keyring-1' || !Array.isArray(content.keys))
        throw new Error(`${this.options.file} is not a Rapporteur keyring`);
      this.fileState = { mtimeMs: stat.mtimeMs, size: stat.size, content };
    }
    return this.fileState.content;
  }

  private writeFile(content: KeyringFile, exclusive: boolean): void {
    const dir = path.dirname(this.options.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const text = `${JSON.stringify(content, null, 2)}\n`;
    if (exclusive) {
      fs.writeFileSync(this.options.file, text, { mode: 0o600, flag: 'wx' });
    } else {
      const partial = `${this.options.file}.${process.pid}.partial`;
      fs.writeFileSync(partial, text, { mode: 0o600 });
      fs.renameSync(partial, this.options.file);
    }
    fs.chmodSync(this.options.file, 0o600);
    this.fileState = undefined;
  }

  private static newEntry() {
    const stamp = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15);
    return {
      id: `k-${stamp}-${randomBytes(4).toString('hex')}`,
      key: randomBytes(KEY_BYTES).toString('base64'),
      createdAt: new Date().toISOString(),
    };
  }

  /** The key new values are encrypted with; makes the keyring file on first use. */
  active(): { id: string; key: Buffer } {
    if (this.envActive) return { id: this.envActive, key: this.envKeys.get(this.envActive)! };
    let file = this.readFile();
    if (!file) {
      const entry = Keyring.newEntry();
      try {
        this.writeFile({ format: 'rapporteur-keyring-1', active: entry.id, keys: [entry] }, true);
      } catch (err) {
        // Another process made it first: use theirs.
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      file = this.readFile()!;
    }
    return { id: file.active, key: this.key(file.active) };
  }

  /** The key with this id; fails closed when it is not available. */
  key(id: string): Buffer {
    const fromEnv = this.envKeys.get(id);
    if (fromEnv) return fromEnv;
    const entry = this.readFile()?.keys.find((k) => k.id === id);
    if (!entry)
      throw new KeyUnavailable(
        `Protected details cannot be read: the key that encrypted them (${id}) is not available to this server.`,
      );
    return decodeKey(entry.key, `key ${id} in ${this.options.file}`);
  }

  /** Every key id this process can read with. */
  ids(): string[] {
    return [
      ...new Set([...this.envKeys.keys(), ...(this.readFile()?.keys.map((k) => k.id) ?? [])]),
    ];
  }

  /** Adds a fresh key to the file and makes it the active one (file mode only). */
  addActiveKey(): string {
    if (this.envActive) throw new Error('the active key comes from RAPPORTEUR_DATA_KEY');
    this.active(); // make sure the file exists
    const file = this.readFile()!;
    const entry = Keyring.newEntry();
    this.writeFile({ ...file, active: entry.id, keys: [...file.keys, entry] }, false);
    return entry.id;
  }

  /** Removes keys from the file (never the active one). */
  retire(ids: string[]): void {
    const file = this.readFile();
    if (!file) return;
    const keep = file.keys.filter((k) => k.id === file.active || !ids.includes(k.id));
    if (keep.length !== file.keys.length) this.writeFile({ ...file, keys: keep }, false);
  }
}

const rings = new Map<string, Keyring>();

/** The keyring of a configuration: one instance per data folder and environment keys. */
export function keyringFor(config: {
  dataDir: string;
  dataKey?: string | undefined;
  previousDataKeys?: string | undefined;
}): Keyring {
  const file = keyringFileOf(config.dataDir);
  const id = `${file}|${config.dataKey ?? ''}|${config.previousDataKeys ?? ''}`;
  let ring = rings.get(id);
  if (!ring) {
    ring = new Keyring({ file, envKey: config.dataKey, previousEnvKeys: config.previousDataKeys });
    rings.set(id, ring);
  }
  return ring;
}
