// SQL for attachments.
import { and, asc, count, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { attachments } from '../../db/schema/index.ts';

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertAttachment(db: Executor, values: typeof attachments.$inferInsert) {
  const [row] = await db.insert(attachments).values(values).returning();
  return row!;
}

export async function listByOwner(db: Executor, ownerType: string, ownerId: string) {
  return db
    .select()
    .from(attachments)
    .where(and(eq(attachments.ownerType, ownerType), eq(attachments.ownerId, ownerId)))
    .orderBy(asc(attachments.createdAt), asc(attachments.id));
}

export async function findAttachment(db: Executor, id: string) {
  const [row] = await db.select().from(attachments).where(eq(attachments.id, id));
  return row;
}

export async function deleteAttachment(db: Executor, id: string) {
  await db.delete(attachments).where(eq(attachments.id, id));
}

/** How many attachment rows still use the stored content (several may share one file). */
export async function usesOfContent(db: Executor, storageKey: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(attachments)
    .where(eq(attachments.storageKey, storageKey));
  return row?.n ?? 0;
}
