// SQL for second factors: TOTP authenticators, recovery codes, WebAuthn credentials.
import { and, asc, eq, isNull, notLike, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { recoveryCodes, totpFactors, webauthnCredentials } from '../../db/schema/index.ts';

export async function totpOf(db: Executor, userId: string) {
  const [row] = await db.select().from(totpFactors).where(eq(totpFactors.userId, userId));
  return row;
}

/** A new, unconfirmed authenticator replaces any unconfirmed one (a confirmed one stays). */
export async function putUnconfirmedTotp(db: Executor, userId: string, secret: string) {
  await db
    .insert(totpFactors)
    .values({ userId, secret })
    .onConflictDoUpdate({
      target: totpFactors.userId,
      set: { secret, createdAt: new Date(), lastStep: null },
      setWhere: isNull(totpFactors.confirmedAt),
    });
}

/** Records an accepted step; false if that step (or a later one) was used already. */
export async function acceptTotpStep(db: Executor, userId: string, step: number, confirm: boolean) {
  const rows = await db
    .update(totpFactors)
    .set({ lastStep: step, ...(confirm ? { confirmedAt: new Date() } : {}) })
    .where(
      and(
        eq(totpFactors.userId, userId),
        sql`(${totpFactors.lastStep} is null or ${totpFactors.lastStep} < ${step})`,
      ),
    )
    .returning({ userId: totpFactors.userId });
  return rows.length > 0;
}

export async function deleteTotp(db: Executor, userId: string) {
  const rows = await db
    .delete(totpFactors)
    .where(eq(totpFactors.userId, userId))
    .returning({ userId: totpFactors.userId });
  return rows.length > 0;
}

export async function unusedRecoveryCodes(db: Executor, userId: string) {
  return db
    .select({ id: recoveryCodes.id, codeHash: recoveryCodes.codeHash })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
}

export async function replaceRecoveryCodes(db: Executor, userId: string, hashes: string[]) {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (hashes.length)
    await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ userId, codeHash })));
}

/** Marks a code used; false if someone used it in the meantime. */
export async function useRecoveryCode(db: Executor, id: number) {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.id, id), isNull(recoveryCodes.usedAt)))
    .returning({ id: recoveryCodes.id });
  return rows.length > 0;
}

export async function credentialsOf(db: Executor, userId: string) {
  return db
    .select()
    .from(webauthnCredentials)
    .where(eq(webauthnCredentials.userId, userId))
    .orderBy(webauthnCredentials.createdAt);
}

export async function insertCredential(
  db: Executor,
  values: typeof webauthnCredentials.$inferInsert,
) {
  await db.insert(webauthnCredentials).values(values);
}

export async function markCredentialUsed(db: Executor, id: string, counter: number) {
  await db
    .update(webauthnCredentials)
    .set({ counter, lastUsedAt: new Date() })
    .where(eq(webauthnCredentials.id, id));
}

export async function deleteCredential(db: Executor, userId: string, id: string) {
  const rows = await db
    .delete(webauthnCredentials)
    .where(and(eq(webauthnCredentials.id, id), eq(webauthnCredentials.userId, userId)))
    .returning({ id: webauthnCredentials.id });
  return rows.length > 0;
}

export async function deleteAllFactors(db: Executor, userId: string) {
  await db.delete(totpFactors).where(eq(totpFactors.userId, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.delete(webauthnCredentials).where(eq(webauthnCredentials.userId, userId));
}

/** A batch of TOTP secrets not sealed under `keyId` (in clear, or under another key), locked. */
export async function totpNotUnderKey(db: Executor, keyId: string, limit: number) {
  return db
    .select({ userId: totpFactors.userId, secret: totpFactors.secret })
    .from(totpFactors)
    .where(notLike(totpFactors.secret, `enc:${keyId}:%`))
    .orderBy(asc(totpFactors.userId))
    .limit(limit)
    .for('update');
}

export async function setTotpSecret(db: Executor, userId: string, secret: string) {
  await db.update(totpFactors).set({ secret }).where(eq(totpFactors.userId, userId));
}

/** The key ids TOTP secrets are sealed under. */
export async function totpKeyIds(db: Executor): Promise<string[]> {
  const rows = await db
    .selectDistinct({ keyId: sql<string>`split_part(${totpFactors.secret}, ':', 2)` })
    .from(totpFactors)
    .where(sql`${totpFactors.secret} like 'enc:%'`);
  return rows.map((r) => r.keyId);
}
