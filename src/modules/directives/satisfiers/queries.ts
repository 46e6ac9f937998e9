// SQL behind the incident satisfier: incidents matching a requirement's categories in a
// post's country and reporting period, and incidents by id. Another post's drafts are never
// offered; rejected and merged records never satisfy a requirement.
import { and, arrayOverlaps, eq, gte, inArray, lte, ne, notInArray, or } from 'drizzle-orm';
import type { Executor } from '../../../db/connection.ts';
import { engagements, incidents } from '../../../db/schema/index.ts';

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

const engagementColumns = {
  id: engagements.id,
  kind: engagements.kind,
  counterpartOffice: engagements.counterpartOffice,
  occurredOn: engagements.occurredOn,
  stance: engagements.stance,
  postId: engagements.postId,
  countryCode: engagements.countryCode,
};

/** The post's own engagements in the period, of the given kinds (any kind when none). */
export async function matchingEngagements(
  db: Executor,
  filter: { kinds: string[]; postId: number; from: string; to: string },
) {
  return db
    .select(engagementColumns)
    .from(engagements)
    .where(
      and(
        eq(engagements.postId, filter.postId),
        gte(engagements.occurredOn, filter.from),
        lte(engagements.occurredOn, filter.to),
        filter.kinds.length ? inArray(engagements.kind, filter.kinds) : undefined,
      ),
    )
    .orderBy(engagements.occurredOn)
    .limit(500);
}

export async function engagementsById(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db.select(engagementColumns).from(engagements).where(inArray(engagements.id, ids));
}
