// SQL for second factors: TOTP authenticators, recovery codes, WebAuthn credentials.
import { and, eq, isNull, sql } from 'drizzle-orm';
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
