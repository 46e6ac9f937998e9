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
  STAT_COUNTED_VALUES,
  statDatasets,
  statObservations,
} from '../../../db/schema/index.ts';

/** What every satisfier matches on: the reporting period, and posts or countries. */
interface Period {
  from: string;
  to: string;
}

/** Incidents of these countries in the period, of these categories (any when none); never
 * rejected or merged. Which post's drafts count is the caller's to say. */
const incidentMatch = (f: Period & { categories: string[]; countryCodes: string[] }) =>
  and(
    inArray(incidents.countryCode, f.countryCodes),
    lte(incidents.occurredStart, f.to),
    gte(incidents.occurredEnd, f.from),
    f.categories.length ? arrayOverlaps(incidents.categories, f.categories) : undefined,
    notInArray(incidents.status, ['rejected', 'merged']),
  );

/** The posts' own engagements in the period, of these kinds (any when none). */
const engagementMatch = (f: Period & { kinds: string[]; postIds: number[] }) =>
  and(
    inArray(engagements.postId, f.postIds),
    gte(engagements.occurredOn, f.from),
    lte(engagements.occurredOn, f.to),
    f.kinds.length ? inArray(engagements.kind, f.kinds) : undefined,
  );

/** The posts' assessments overlapping the period, against these frameworks (any when none). */
const assessmentMatch = (f: Period & { frameworkIds: string[]; postIds: number[] }) =>
  and(
    inArray(assessments.postId, f.postIds),
    lte(assessments.periodStart, f.to),
    gte(assessments.periodEnd, f.from),
    f.frameworkIds.length
      ? inArray(assessmentFrameworkVersions.frameworkId, f.frameworkIds)
      : undefined,
  );

/** Observations of these countries (in the period, when given) in datasets counting these
 * kinds (any when none), of these datasets (when given). */
const observationMatch = (
  f: Partial<Period> & { countryCodes: string[]; counted?: string[]; ids?: string[] },
) =>
  and(
    inArray(statObservations.countryCode, f.countryCodes),
    f.ids ? inArray(statDatasets.id, f.ids) : undefined,
    f.counted?.length
      ? inArray(statDatasets.counted, f.counted as (typeof STAT_COUNTED_VALUES)[number][])
      : undefined,
    f.to ? lte(statObservations.periodStart, f.to) : undefined,
    f.from ? gte(statObservations.periodEnd, f.from) : undefined,
  );

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
        incidentMatch({ ...filter, countryCodes: [filter.countryCode] }),
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
    .where(engagementMatch({ ...filter, postIds: [filter.postId] }))
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
    .where(assessmentMatch({ ...filter, postIds: [filter.postId] }))
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
    sql`select ${statDatasets.id} as id, ${statDatasets.publisher} as publisher,
               ${statDatasets.title} as title, ${statDatasets.counted} as counted,
               count(*)::int as observations, max(${statObservations.periodEnd})::text as latest
        from ${statDatasets} join ${statObservations} on ${statObservations.datasetId} = ${statDatasets.id}
        where ${observationMatch({ ...filter, countryCodes: [filter.countryCode] })}
        group by 1, 2, 3, 4
        order by 2, 3
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
  filter: Period & { categories: string[]; countryCodes: string[] },
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
    .where(incidentMatch(filter));
}

export async function engagementIdsFor(
  db: Executor,
  filter: Period & { kinds: string[]; postIds: number[] },
) {
  if (!filter.postIds.length) return [];
  return db
    .select({ id: engagements.id, postId: engagements.postId })
    .from(engagements)
    .where(engagementMatch(filter));
}

export async function assessmentIdsFor(
  db: Executor,
  filter: Period & { frameworkIds: string[]; postIds: number[] },
) {
  if (!filter.postIds.length) return [];
  return db
    .select({ id: assessments.id, postId: assessments.postId })
    .from(assessments)
    .innerJoin(
      assessmentFrameworkVersions,
      eq(assessmentFrameworkVersions.id, assessments.frameworkVersionId),
    )
    .where(assessmentMatch(filter));
}

export async function statisticsTableIdsFor(
  db: Executor,
  filter: Period & { counted: string[]; countryCodes: string[] },
) {
  if (!filter.countryCodes.length) return [];
  return db
    .selectDistinct({ id: statDatasets.id, countryCode: statObservations.countryCode })
    .from(statDatasets)
    .innerJoin(statObservations, eq(statObservations.datasetId, statDatasets.id))
    .where(observationMatch(filter));
}
