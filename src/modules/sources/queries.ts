// SQL for source records.
import { desc, eq, ilike, or } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { posts, sources } from '../../db/schema/index.ts';

export type SourceRow = typeof sources.$inferSelect;

export async function findSource(db: Executor, id: string): Promise<SourceRow | undefined> {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  return row;
}

export async function insertSource(
  db: Executor,
  values: typeof sources.$inferInsert,
): Promise<SourceRow> {
  const [row] = await db.insert(sources).values(values).returning();
  return row!;
}

export async function searchSources(
  db: Executor,
  q: string | undefined,
  limit: number,
): Promise<SourceRow[]> {
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : undefined;
  return db
    .select()
    .from(sources)
    .where(
      pattern ? or(ilike(sources.title, pattern), ilike(sources.publisher, pattern)) : undefined,
    )
    .orderBy(desc(sources.createdAt), sources.id)
    .limit(limit);
}

export async function postExists(db: Executor, id: number): Promise<boolean> {
  const [row] = await db.select({ id: posts.id }).from(posts).where(eq(posts.id, id));
  return row !== undefined;
}
