// TOTP secrets at rest. When a data key exists (RAPPORTEUR_DATA_KEY, or the keyring file that
// protected details use), the secret is sealed with AES-256-GCM under the active key, bound to
// its user (additional authenticated data), and stored as "enc:<keyId>:<iv>.<ciphertext>.<tag>".
// Without a data key it is stored as base32, as most installations of TOTP do; see
// docs/authentication.md. Either form is read back here.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { keyringFileOf, keyringFor } from '../protected/keyring.ts';

function dataKeyExists(config: Config): boolean {
  return Boolean(config.dataKey) || existsSync(keyringFileOf(config.dataDir));
}

const aad = (userId: string) => Buffer.from(`rapporteur/totp-secret/v1|user=${userId}`);

export function sealTotpSecret(config: Config, userId: string, secret: string): string {
  if (!dataKeyExists(config)) return secret;
  const { id, key } = keyringFor(config).active();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(userId));
  const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const parts = [iv, ct, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return `enc:${id}:${parts.join('.')}`;
}

export function openTotpSecret(config: Config, userId: string, stored: string): string {
  if (!stored.startsWith('enc:')) return stored;
  const [, keyId, payload] = stored.split(':') as [string, string, string];
  const [iv, ct, tag] = payload.split('.').map((p) => Buffer.from(p, 'base64url')) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  const decipher = createDecipheriv('aes-256-gcm', keyringFor(config).key(keyId), iv);
  decipher.setAAD(aad(userId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
}
