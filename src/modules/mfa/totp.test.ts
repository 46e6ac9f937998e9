// TOTP codes at fixed instants: the RFC 6238 test vector, the ±30-second drift window, and
// nothing accepted outside it.
import * as OTPAuth from 'otpauth';
import { describe, expect, it } from 'vitest';
import { matchingStep } from './service.ts';

// RFC 6238 appendix B: the ASCII secret "12345678901234567890" (SHA-1).
const SECRET = OTPAuth.Secret.fromLatin1('12345678901234567890').base32;

describe('TOTP (RFC 6238)', () => {
  it('accepts the RFC test vector at T = 59 s (94287082 → 6 digits 287082)', () => {
    expect(matchingStep(SECRET, 'u', '287082', 59_000)).toBe(1);
  });

  it('accepts the RFC vector at T = 1111111109 s (07081804 → 081804), with spaces', () => {
    expect(matchingStep(SECRET, 'u', '081 804', 1_111_111_109_000)).toBe(37_037_036);
  });

  it('allows one step of clock drift either way, not two', () => {
    const at = 1_111_111_109_000;
    expect(matchingStep(SECRET, 'u', '081804', at + 30_000)).toBe(37_037_036);
    expect(matchingStep(SECRET, 'u', '081804', at - 30_000)).toBe(37_037_036);
    expect(matchingStep(SECRET, 'u', '081804', at + 61_000)).toBeNull();
  });

  it('refuses malformed codes', () => {
    expect(matchingStep(SECRET, 'u', '28708', 59_000)).toBeNull();
    expect(matchingStep(SECRET, 'u', 'abcdef', 59_000)).toBeNull();
  });
});
