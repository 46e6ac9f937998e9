// Common and breached passwords, checked offline (ASVS 6.2.4, 6.2.12): the ranked list of
// about 49,000 passwords seen most often in breaches that zxcvbn-ts maintains
// (@zxcvbn-ts/language-common). Only some 300 of them reach our 12-character minimum, so the
// usual disguises of a listed password are refused too: trailing digits and symbols
// ("password2024!") and a short run repeated ("qwertyqwerty", "121212121212").
import { dictionary } from '@zxcvbn-ts/language-common';

const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return true;
  const base = lower.replace(/[\d\W_]+$/u, '');
  if (base !== lower && base.length >= 4 && COMMON.has(base)) return true;
  return /^(.{1,6}?)\1+$/u.test(lower);
}
