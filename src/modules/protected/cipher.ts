// AES-256-GCM for protected details: a random 96-bit IV per value, the 128-bit tag stored
// beside the ciphertext, and the record it belongs to bound in as additional authenticated
// data, so a ciphertext moved to another incident, row or role no longer decrypts.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface Sealed {
  iv: Buffer;
  ciphertext: Buffer;
  authTag: Buffer;
}

export interface Binding {
  incidentId: string;
  id: string;
  role: string;
}

const aadOf = (b: Binding) =>
  Buffer.from(`rapporteur/protected-details/v1|incident=${b.incidentId}|id=${b.id}|role=${b.role}`);

export function seal(key: Buffer, plaintext: string, binding: Binding): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aadOf(binding));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv, ciphertext, authTag: cipher.getAuthTag() };
}

/** Throws if the key is wrong or anything (ciphertext, tag, IV, binding) was altered. */
export function open(key: Buffer, sealed: Sealed, binding: Binding): string {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv);
  decipher.setAAD(aadOf(binding));
  decipher.setAuthTag(sealed.authTag);
  return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString('utf8');
}
