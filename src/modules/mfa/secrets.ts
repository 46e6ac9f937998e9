// TOTP secrets at rest. When a data key exists (RAPPORTEUR_DATA_KEY, or the keyring file that
// protected details use), the secret is sealed with AES-256-GCM under the active key, bound to
// its user (additional authenticated data), and stored as "enc:<keyId>:<iv>.<ciphertext>.<tag>".
// Without a data key it is stored as base32, as most installations of TOTP do; see
// docs/authentication.md. Either form is read back here. `rapporteur keys rotate` seals every
// secret again under the new key (resealTotpSecret), so old keys can be retired.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Config } from '../../config.ts';
import { keyringFileOf, keyringFor, type Keyring } from '../protected/keyring.ts';

function dataKeyExists(config: Config): boolean {
  return Boolean(config.dataKey) || existsSync(keyringFileOf(config.dataDir));
}

const aad = (userId: string) => Buffer.from(`rapporteur/totp-secret/v1|user=${userId}`);

export function sealTotpSecret(config: Config, userId: string, secret: string): string {
  if (!dataKeyExists(config)) return secret;
  const { id, key } = keyringFor(config).active();
  return sealWith(id, key, userId, secret);
}

function sealWith(id: string, key: Buffer, userId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(userId));
  const ct = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const parts = [iv, ct, cipher.getAuthTag()].map((b) => b.toString('base64url'));
  return `enc:${id}:${parts.join('.')}`;
}

export function openTotpSecret(config: Config, userId: string, stored: string): string {
  return openWith(keyringFor(config), userId, stored);
}

/** The key id a stored secret is sealed under; undefined for a base32 secret in clear. */
export function totpKeyIdOf(stored: string): string | undefined {
  return stored.startsWith('enc:') ? stored.split(':')[1] : undefined;
}

/**
 * A stored secret sealed again under `keyId` (key rotation); a secret kept in clear is sealed
 * too. Throws (KeyUnavailable, or a GCM authentication failure) if it cannot be opened.
 */
export function resealTotpSecret(
  keyring: Keyring,
  keyId: string,
  userId: string,
  stored: string,
): string {
  return sealWith(keyId, keyring.key(keyId), userId, openWith(keyring, userId, stored));
}

function openWith(keyring: Keyring, userId: string, stored: string): string {
  if (!stored.startsWith('enc:')) return stored;
  const [, keyId, payload] = stored.split(':') as [string, string, string];
  const [iv, ct, tag] = payload.split('.').map((p) => Buffer.from(p, 'base64url')) as [
    Buffer,
    Buffer,
    Buffer,
  ];
  const decipher = createDecipheriv('aes-256-gcm', keyring.key(keyId), iv);
  decipher.setAAD(aad(userId));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
}
