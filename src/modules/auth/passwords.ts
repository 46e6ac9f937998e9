// Password hashing with argon2id (OWASP ASVS 11.4.2), and the password rules: length only,
// no composition rules (ASVS 6.2.1, 6.2.5), long passphrases allowed (6.2.9), and none of the
// common or breached passwords (6.2.4, 6.2.12; commonPasswords.ts).
import { hash, verify } from '@node-rs/argon2';
import { Invalid } from '../../domain/errors.ts';
import { isCommonPassword } from './commonPasswords.ts';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const; // OWASP minimum for argon2id

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export function checkPasswordRules(password: string, field = 'password'): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw Invalid.field(field, `must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw Invalid.field(field, `must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  if (isCommonPassword(password)) {
    throw Invalid.field(
      field,
      'is one of the passwords most often used and leaked; choose another (several unrelated words make a good one)',
    );
  }
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  // Unknown users are checked against a dummy hash so that timing does not reveal them.
  const target = stored ?? (await dummyHash());
  const ok = await verify(target, password).catch(() => false);
  return stored !== null && ok;
}

let dummy: Promise<string> | undefined;
function dummyHash(): Promise<string> {
  dummy ??= hash('not-a-real-password-ever-used', OPTIONS);
  return dummy;
}
