// SQL behind the satisfiers: incidents matching a requirement's categories in a post's country
// and reporting period (another post's drafts are never offered; rejected and merged records
// never satisfy a requirement), the post's engagements and assessments in the period, and the
// official statistics tables that hold observations for the post's country.
import { and, arrayOverlaps, eq, gte, inArray, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../../db/connection.ts';
import { queryRows } from '../../../db/raw.ts';
import {
  assessmentFrameworks,
  assessmentFrameworkVersions,
  assessments,
  engagements,
  incidents,
  statDatasets,
  statObservations,
} from '../../../db/schema/index.ts';

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

const assessmentColumns = {
  id: assessments.id,
  framework: assessmentFrameworks.name,
  frameworkId: assessmentFrameworks.id,
  versionNumber: assessmentFrameworkVersions.number,
  periodStart: assessments.periodStart,
  periodEnd: assessments.periodEnd,
  status: assessments.status,
  postId: assessments.postId,
  countryCode: assessments.countryCode,
};

const assessmentSelect = (db: Executor) =>
  db
    .select(assessmentColumns)
    .from(assessments)
    .innerJoin(
      assessmentFrameworkVersions,
      eq(assessmentFrameworkVersions.id, assessments.frameworkVersionId),
    )
    .innerJoin(
      assessmentFrameworks,
      eq(assessmentFrameworks.id, assessmentFrameworkVersions.frameworkId),
    );

/** The post's assessments of its host country whose period overlaps the reporting period. */
export async function matchingAssessments(
  db: Executor,
  filter: { frameworkIds: string[]; postId: number; from: string; to: string },
) {
  return assessmentSelect(db)
    .where(
      and(
        eq(assessments.postId, filter.postId),
        lte(assessments.periodStart, filter.to),
        gte(assessments.periodEnd, filter.from),
        filter.frameworkIds.length
          ? inArray(assessmentFrameworks.id, filter.frameworkIds)
          : undefined,
      ),
    )
    .orderBy(assessments.periodStart)
    .limit(500);
}

export async function assessmentsById(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return assessmentSelect(db).where(inArray(assessments.id, ids));
}

export async function frameworksById(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: assessmentFrameworks.id, name: assessmentFrameworks.name })
    .from(assessmentFrameworks)
    .where(inArray(assessmentFrameworks.id, ids));
}

/**
 * Official statistics tables as they bear on one country: each dataset (of the given kinds of
 * count) with its number of observations for the country and period, and the latest period end.
 * Only tables with at least one observation for the country are returned.
 */
export async function statisticsTablesFor(
  db: Executor,
  filter: { ids?: string[]; counted?: string[]; countryCode: string; from?: string; to?: string },
) {
  if (filter.ids && !filter.ids.length) return [];
  const rows = await queryRows<{
    id: string;
    publisher: string;
    title: string;
    counted: string;
    observations: number;
    latest: string;
  }>(
    db,
    sql`select d.id, d.publisher, d.title, d.counted, count(*)::int as observations,
               max(o.period_end)::text as latest
        from ${statDatasets} d join ${statObservations} o on o.dataset_id = d.id
        where o.country_code = ${filter.countryCode}
          ${
            filter.ids
              ? sql`and d.id in (${sql.join(
                  filter.ids.map((i) => sql`${i}::uuid`),
                  sql`, `,
                )})`
              : sql``
          }
          ${
            filter.counted?.length
              ? sql`and d.counted in (${sql.join(
                  filter.counted.map((c) => sql`${c}`),
                  sql`, `,
                )})`
              : sql``
          }
          ${filter.to ? sql`and o.period_start <= ${filter.to}` : sql``}
          ${filter.from ? sql`and o.period_end >= ${filter.from}` : sql``}
        group by d.id, d.publisher, d.title, d.counted
        order by d.publisher, d.title
        limit 500`,
  );
  return rows;
}

/** Datasets by id, whatever the country (to tell an unknown id from one of another country). */
export async function statisticsTablesById(db: Executor, ids: string[]) {
  if (!ids.length) return [];
  return db
    .select({ id: statDatasets.id, publisher: statDatasets.publisher, title: statDatasets.title })
    .from(statDatasets)
    .where(inArray(statDatasets.id, ids));
}

// Matching for many posts at once (the compliance matrix): ids only, one query per requirement.

export async function incidentIdsFor(
  db: Executor,
  filter: { categories: string[]; countryCodes: string[]; from: string; to: string },
) {
  if (!filter.countryCodes.length) return [];
  return db
    .select({
      id: incidents.id,
      postId: incidents.postId,
      countryCode: incidents.countryCode,
      status: incidents.status,
    })
    .from(incidents)
    .where(
      and(
        inArray(incidents.countryCode, filter.countryCodes),
        lte(incidents.occurredStart, filter.to),
        gte(incidents.occurredEnd, filter.from),
        filter.categories.length
          ? arrayOverlaps(incidents.categories, filter.categories)
          : undefined,
        notInArray(incidents.status, ['rejected', 'merged']),
      ),
    );
}

export async function engagementIdsFor(
  db: Executor,
  filter: { kinds: string[]; postIds: number[]; from: string; to: string },
) {
  if (!filter.postIds.length) return [];
  return db
    .select({ id: engagements.id, postId: engagements.postId })
    .from(engagements)
    .where(
      and(
        inArray(engagements.postId, filter.postIds),
        gte(engagements.occurredOn, filter.from),
        lte(engagements.occurredOn, filter.to),
        filter.kinds.length ? inArray(engagements.kind, filter.kinds) : undefined,
      ),
    );
}

export async function assessmentIdsFor(
  db: Executor,
  filter: { frameworkIds: string[]; postIds: number[]; from: string; to: string },
) {
  if (!filter.postIds.length) return [];
  return db
    .select({ id: assessments.id, postId: assessments.postId })
    .from(assessments)
    .innerJoin(
      assessmentFrameworkVersions,
      eq(assessmentFrameworkVersions.id, assessments.frameworkVersionId),
    )
    .where(
      and(
        inArray(assessments.postId, filter.postIds),
        lte(assessments.periodStart, filter.to),
        gte(assessments.periodEnd, filter.from),
        filter.frameworkIds.length
          ? inArray(assessmentFrameworkVersions.frameworkId, filter.frameworkIds)
          : undefined,
      ),
    );
}

export async function statisticsTableIdsFor(
  db: Executor,
  filter: { counted: string[]; countryCodes: string[]; from: string; to: string },
) {
  if (!filter.countryCodes.length) return [];
  return queryRows<{ id: string; country_code: string }>(
    db,
    sql`select distinct d.id, o.country_code
        from ${statDatasets} d join ${statObservations} o on o.dataset_id = d.id
        where o.country_code in (${sql.join(
          filter.countryCodes.map((c) => sql`${c}`),
          sql`, `,
        )})
          ${
            filter.counted.length
              ? sql`and d.counted in (${sql.join(
                  filter.counted.map((c) => sql`${c}`),
                  sql`, `,
                )})`
              : sql``
          }
          and o.period_start <= ${filter.to} and o.period_end >= ${filter.from}`,
  );
}
