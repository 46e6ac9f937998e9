// SQL for installation settings and the readiness check.
import { eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/connection.ts';
import { settings } from '../../db/schema/index.ts';

export async function readSetting(db: Executor, key: string): Promise<unknown> {
  const [row] = await db.select().from(settings).where(eq(settings.key, key));
  return row?.value;
}

export async function writeSetting(tx: Tx, key: string, value: unknown): Promise<void> {
  await tx
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({
      target: settings.key,
      set: { value, updatedAt: new Date(), version: sql`${settings.version} + 1` },
    });
}

export async function ping(db: Executor): Promise<void> {
  await db.execute(sql`select 1`);
}
