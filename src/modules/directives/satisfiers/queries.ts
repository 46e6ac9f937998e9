// SQL behind the incident satisfier: incidents matching a requirement's categories in a
// post's country and reporting period, and incidents by id. Another post's drafts are never
// offered; rejected and merged records never satisfy a requirement.
import { and, arrayOverlaps, eq, gte, inArray, lte, ne, notInArray, or } from 'drizzle-orm';
import type { Executor } from '../../../db/connection.ts';
import { incidents } from '../../../db/schema/index.ts';

const columns = {
  id: incidents.id,
  reference: incidents.reference,
  title: incidents.title,
  occurredStart: incidents.occurredStart,
  status: incidents.status,
  postId: incidents.postId,
  countryCode: incidents.countryCode,
};

export async function matchingIncidents(
  db: Executor,
  filter: { categories: string[]; postId: number; countryCode: string; from: string; to: string },
) {
  return db
    .select(columns)
    .from(incidents)
    .where(
      and(
        eq(incidents.countryCode, filter.countryCode),
        lte(incidents.occurredStart, filter.to),
        gte(incidents.occurredEnd, filter.from),
        filter.categories.length
          ? arrayOverlaps(incidents.categories, filter.categories)
          : undefined,
        notInArray(incidents.status, ['rejected', 'merged']),
        or(eq(incidents.postId, filter.postId), ne(incidents.status, 'draft')),
      ),
    )
    .orderBy(incidents.occurredStart)
    .limit(500);
}

export async function incidentsById(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db.select(columns).from(incidents).where(inArray(incidents.id, ids));
}
