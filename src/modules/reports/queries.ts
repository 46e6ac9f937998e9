// Reports' SQL: the report and its sections, version snapshots, paragraph comments, and what the
// generator and the footnotes read (verified incidents of a country and year, cited records).
import { and, asc, desc, eq, inArray, like, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { queryRows } from '../../db/raw.ts';
import {
  countries,
  incidentSources,
  incidents,
  posts,
  recordComments,
  regions,
  reportSections,
  reportStructures,
  reportVersions,
  reports,
  sources,
  users,
} from '../../db/schema/index.ts';

export type ReportRecord = typeof reports.$inferSelect;
export type SectionRecord = typeof reportSections.$inferSelect;

/**
 * Any change sends the report back to drafting; a change after clearance starts a new content
 * version, which must be cleared again. Decided from the row being updated, not an earlier read.
 */
export const REOPEN = {
  status: 'drafted',
  contentVersion: sql`case when ${reports.status} = 'cleared' then ${reports.contentVersion} + 1 else ${reports.contentVersion} end`,
} as unknown as Pick<ReportRecord, 'status' | 'contentVersion'>;

export async function findReport(db: Executor, id: string) {
  const [row] = await db
    .select({
      report: reports,
      countryName: countries.name,
      countryNumeric: countries.numeric,
      regionId: countries.regionId,
    })
    .from(reports)
    .innerJoin(countries, eq(countries.code, reports.countryCode))
    .where(eq(reports.id, id));
  return row;
}

/** ISO numeric codes of a region's countries, to frame the compilation's map on them. */
export async function regionNumerics(db: Executor, regionId: number): Promise<string[]> {
  const rows = await db
    .select({ numeric: countries.numeric })
    .from(countries)
    .where(eq(countries.regionId, regionId));
  return rows.map((r) => r.numeric).filter((n) => n !== null);
}

export async function findReportFor(db: Executor, countryCode: string, year: number) {
  const [row] = await db
    .select({ id: reports.id })
    .from(reports)
    .where(and(eq(reports.countryCode, countryCode), eq(reports.year, year)));
  return row;
}

export async function countryWithPost(db: Executor, code: string) {
  const [row] = await db
    .select({
      code: countries.code,
      name: countries.name,
      regionId: countries.regionId,
      regionName: regions.name,
    })
    .from(countries)
    .innerJoin(regions, eq(regions.id, countries.regionId))
    .where(eq(countries.code, code));
  if (!row) return undefined;
  const [post] = await db
    .select({ id: posts.id })
    .from(posts)
    .where(and(eq(posts.countryCode, code), eq(posts.kind, 'embassy')))
    .limit(1);
  return { ...row, postId: post?.id ?? null };
}

export async function sectionsOf(db: Executor, reportId: string): Promise<SectionRecord[]> {
  return db
    .select()
    .from(reportSections)
    .where(eq(reportSections.reportId, reportId))
    .orderBy(asc(reportSections.position));
}

export async function insertReport(
  db: Executor,
  values: typeof reports.$inferInsert,
  sectionValues: Omit<typeof reportSections.$inferInsert, 'reportId'>[],
): Promise<ReportRecord> {
  const [report] = await db.insert(reports).values(values).returning();
  await db
    .insert(reportSections)
    .values(sectionValues.map((s) => ({ ...s, reportId: report!.id })));
  return report!;
}

export async function setSectionBody(db: Executor, sectionId: string, body: string): Promise<void> {
  await db
    .update(reportSections)
    .set({ body, updatedAt: new Date() })
    .where(eq(reportSections.id, sectionId));
}

export async function insertVersion(db: Executor, values: typeof reportVersions.$inferInsert) {
  await db.insert(reportVersions).values(values);
}

export async function versionsOf(db: Executor, reportId: string) {
  return db
    .select({
      id: reportVersions.id,
      contentVersion: reportVersions.contentVersion,
      status: reportVersions.status,
      sections: reportVersions.sections,
      note: reportVersions.note,
      createdAt: reportVersions.createdAt,
      createdBy: users.displayName,
    })
    .from(reportVersions)
    .leftJoin(users, eq(users.id, reportVersions.createdBy))
    .where(eq(reportVersions.reportId, reportId))
    .orderBy(desc(reportVersions.createdAt));
}

export interface ReportListFilter {
  year?: number | undefined;
  regionId?: number | undefined;
  status?: string | undefined;
  /** Limit to these posts (post roles) or this region (reviewers); undefined: all. */
  postIds?: number[] | undefined;
  regionIds?: number[] | undefined;
}

export async function listReports(db: Executor, filter: ReportListFilter) {
  const conditions = [
    filter.year ? eq(reports.year, filter.year) : undefined,
    filter.regionId ? eq(countries.regionId, filter.regionId) : undefined,
    filter.status ? eq(reports.status, filter.status as ReportRecord['status']) : undefined,
  ];
  const scope = [
    filter.postIds?.length ? inArray(reports.postId, filter.postIds) : undefined,
    filter.regionIds?.length ? inArray(countries.regionId, filter.regionIds) : undefined,
  ].filter(Boolean);
  const scoped =
    filter.postIds || filter.regionIds
      ? scope.length
        ? sql`(${sql.join(scope as never[], sql` or `)})`
        : sql`false`
      : undefined;
  return db
    .select({
      id: reports.id,
      countryCode: reports.countryCode,
      countryName: countries.name,
      regionName: regions.name,
      year: reports.year,
      status: reports.status,
      contentVersion: reports.contentVersion,
      clearedVersion: reports.clearedVersion,
      version: reports.version,
      updatedAt: reports.updatedAt,
    })
    .from(reports)
    .innerJoin(countries, eq(countries.code, reports.countryCode))
    .innerJoin(regions, eq(regions.id, countries.regionId))
    .where(and(...conditions, scoped))
    .orderBy(asc(countries.name), desc(reports.year))
    .limit(1000);
}

export interface VerifiedIncident {
  id: string;
  reference: string;
  title: string;
  categories: string[];
  occurredStart: string;
  occurredEnd: string;
  datePrecision: string;
  marking: string;
  synthetic: boolean;
}

/** Verified incidents of a country whose occurrence starts in the year, newest first. */
export async function verifiedIncidents(
  db: Executor,
  countryCode: string,
  year: number,
): Promise<VerifiedIncident[]> {
  return db
    .select({
      id: incidents.id,
      reference: incidents.reference,
      title: incidents.title,
      categories: incidents.categories,
      occurredStart: incidents.occurredStart,
      occurredEnd: incidents.occurredEnd,
      datePrecision: incidents.datePrecision,
      marking: incidents.marking,
      synthetic: incidents.synthetic,
    })
    .from(incidents)
    .where(
      and(
        eq(incidents.countryCode, countryCode),
        eq(incidents.status, 'verified'),
        sql`${incidents.occurredStart} between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date`,
      ),
    )
    .orderBy(desc(incidents.occurredStart), asc(incidents.reference));
}

export interface CitedIncident extends VerifiedIncident {
  status: string;
  sources: {
    id: string;
    publisher: string;
    title: string;
    url: string | null;
    publishedOn: string | null;
    synthetic: boolean;
  }[];
}

export async function citedIncidents(db: Executor, ids: string[]): Promise<CitedIncident[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({
      id: incidents.id,
      reference: incidents.reference,
      title: incidents.title,
      categories: incidents.categories,
      occurredStart: incidents.occurredStart,
      occurredEnd: incidents.occurredEnd,
      datePrecision: incidents.datePrecision,
      marking: incidents.marking,
      synthetic: incidents.synthetic,
      status: incidents.status,
    })
    .from(incidents)
    .where(inArray(incidents.id, ids));
  const links = await db
    .select({
      incidentId: incidentSources.incidentId,
      id: sources.id,
      publisher: sources.publisher,
      title: sources.title,
      url: sources.url,
      publishedOn: sources.publishedOn,
      synthetic: sources.synthetic,
    })
    .from(incidentSources)
    .innerJoin(sources, eq(sources.id, incidentSources.sourceId))
    .where(inArray(incidentSources.incidentId, ids))
    .orderBy(asc(sources.publisher));
  return rows.map((r) => ({
    ...r,
    sources: links.filter((l) => l.incidentId === r.id).map(({ incidentId: _, ...s }) => s),
  }));
}

export async function citedSources(db: Executor, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: sources.id,
      publisher: sources.publisher,
      title: sources.title,
      url: sources.url,
      publishedOn: sources.publishedOn,
      synthetic: sources.synthetic,
    })
    .from(sources)
    .where(inArray(sources.id, ids));
}

/** Records to cite, found by words in their reference or title (verified incidents only). */
export async function searchCitable(db: Executor, countryCode: string, q: string) {
  return db
    .select({
      id: incidents.id,
      reference: incidents.reference,
      title: incidents.title,
      occurredStart: incidents.occurredStart,
    })
    .from(incidents)
    .where(
      and(
        eq(incidents.countryCode, countryCode),
        eq(incidents.status, 'verified'),
        sql`(${incidents.reference} ilike ${`%${q}%`} or ${incidents.title} ilike ${`%${q}%`})`,
      ),
    )
    .orderBy(desc(incidents.occurredStart))
    .limit(20);
}

export async function addComment(
  db: Executor,
  values: { entityId: string; authorId: string; body: string },
) {
  const [row] = await db
    .insert(recordComments)
    .values({ entityType: 'report_paragraph', ...values })
    .returning();
  return row!;
}

export async function commentsOf(db: Executor, reportId: string) {
  return db
    .select({
      id: recordComments.id,
      entityId: recordComments.entityId,
      body: recordComments.body,
      createdAt: recordComments.createdAt,
      author: users.displayName,
    })
    .from(recordComments)
    .leftJoin(users, eq(users.id, recordComments.authorId))
    .where(
      and(
        eq(recordComments.entityType, 'report_paragraph'),
        like(recordComments.entityId, `${reportId}/%`),
      ),
    )
    .orderBy(asc(recordComments.createdAt));
}

// What the other record types contribute: the post's engagements with the host government,
// official statistics without breakdowns (with their dataset's caveats and, where the
// reference data has it, the population), and reviewed policy assessments.

export interface EngagementFact {
  id: string;
  occurredOn: string;
  kind: string;
  counterpartOffice: string;
  concernsRaised: string;
  responseSummary: string;
  stance: string;
  marking: string;
  synthetic: boolean;
}

export async function engagementsIn(
  db: Executor,
  countryCode: string,
  year: number,
): Promise<EngagementFact[]> {
  return queryRows<EngagementFact & Record<string, unknown>>(
    db,
    sql`select id, occurred_on::text as "occurredOn", kind, counterpart_office as "counterpartOffice",
               concerns_raised as "concernsRaised", response_summary as "responseSummary", stance,
               marking, synthetic
        from engagements
        where country_code = ${countryCode} and status = 'logged'
          and occurred_on between ${`${year}-01-01`}::date and ${`${year}-12-31`}::date
        order by occurred_on, id`,
  );
}

export async function engagementsById(db: Executor, ids: string[]): Promise<EngagementFact[]> {
  if (ids.length === 0) return [];
  return queryRows<EngagementFact & Record<string, unknown>>(
    db,
    sql`select id, occurred_on::text as "occurredOn", kind, counterpart_office as "counterpartOffice",
               concerns_raised as "concernsRaised", response_summary as "responseSummary", stance,
               marking, synthetic
        from engagements where id = any(${sql.param(ids)}::uuid[])`,
  );
}

export interface ObservationFact {
  id: string;
  value: string | null;
  indicator: string;
  period: string;
  flags: string | null;
  publisher: string;
  title: string;
  url: string;
  counted: string;
  countedDescription: string;
  caveats: string;
  synthetic: boolean;
  population: number | null;
  populationSource: string | null;
  populationYear: number | null;
}

const observationColumns = sql`o.id::text as id, o.value::text as value, o.indicator, o.period, o.flags,
  d.publisher, d.title, d.url, d.counted, d.counted_description as "countedDescription", d.caveats,
  d.synthetic, p.population::float8 as population, p.source as "populationSource", p.year as "populationYear"`;

/** Totals (no breakdown dimensions) for the country whose period lies within the year. */
export async function observationsIn(
  db: Executor,
  countryCode: string,
  year: number,
): Promise<ObservationFact[]> {
  return queryRows<ObservationFact & Record<string, unknown>>(
    db,
    sql`select ${observationColumns}
        from stat_observations o
        join stat_datasets d on d.id = o.dataset_id
        left join populations p on p.country_code = o.country_code and p.year = ${year}
        where o.country_code = ${countryCode} and o.dimensions = '{}'::jsonb
          and o.period_start >= ${`${year}-01-01`}::date and o.period_end <= ${`${year}-12-31`}::date
          and o.value is not null
        order by d.title, o.indicator, o.period_start
        limit 20`,
  );
}

export async function observationsById(db: Executor, ids: string[]): Promise<ObservationFact[]> {
  if (ids.length === 0) return [];
  return queryRows<ObservationFact & Record<string, unknown>>(
    db,
    sql`select ${observationColumns}
        from stat_observations o
        join stat_datasets d on d.id = o.dataset_id
        left join populations p on p.country_code = o.country_code
          and p.year = extract(year from o.period_start)::int
        where o.id = any(${sql.param(ids.map(Number))}::bigint[])`,
  );
}

export interface AssessmentFact {
  id: string;
  periodStart: string;
  periodEnd: string;
  summary: string;
  marking: string;
  synthetic: boolean;
  framework: string;
  ratings: { indicator: string; question: string; rating: string | null; label: string | null }[];
}

export async function assessmentsFor(
  db: Executor,
  where: { countryCode: string; year: number } | { ids: string[] },
): Promise<AssessmentFact[]> {
  const filter =
    'ids' in where
      ? sql`a.id = any(${sql.param(where.ids)}::uuid[])`
      : sql`a.country_code = ${where.countryCode} and a.status = 'reviewed'
            and a.period_start <= ${`${where.year}-12-31`}::date
            and a.period_end >= ${`${where.year}-01-01`}::date`;
  if ('ids' in where && where.ids.length === 0) return [];
  const rows = await queryRows<{
    id: string;
    periodStart: string;
    periodEnd: string;
    summary: string;
    marking: string;
    synthetic: boolean;
    framework: string;
    scale: { code: string; label: string }[];
    indicators: { code: string; question: string }[];
  }>(
    db,
    sql`select a.id, a.period_start::text as "periodStart", a.period_end::text as "periodEnd",
               a.summary, a.marking, a.synthetic, f.name as framework, v.scale, v.indicators
        from assessments a
        join assessment_framework_versions v on v.id = a.framework_version_id
        join assessment_frameworks f on f.id = v.framework_id
        where ${filter}
        order by a.period_start`,
  );
  if (rows.length === 0) return [];
  const ratings = await queryRows<{
    assessmentId: string;
    indicatorCode: string;
    rating: string | null;
  }>(
    db,
    sql`select assessment_id as "assessmentId", indicator_code as "indicatorCode", rating
        from assessment_ratings where assessment_id = any(${sql.param(rows.map((r) => r.id))}::uuid[])`,
  );
  return rows.map((r) => ({
    id: r.id,
    periodStart: r.periodStart,
    periodEnd: r.periodEnd,
    summary: r.summary,
    marking: r.marking,
    synthetic: r.synthetic,
    framework: r.framework,
    ratings: r.indicators.map((i) => {
      const rating =
        ratings.find((x) => x.assessmentId === r.id && x.indicatorCode === i.code)?.rating ?? null;
      return {
        indicator: i.code,
        question: i.question,
        rating,
        label: r.scale.find((s) => s.code === rating)?.label ?? null,
      };
    }),
  }));
}

/** The post's tasking under the annual human-rights directive covering the year, if issued. */
export async function annualTasking(db: Executor, postId: number | null, year: number) {
  if (postId === null) return undefined;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`select t.id from taskings t join directives d on d.id = t.directive_id
        where d.kind = 'annual_human_rights' and d.status <> 'draft' and t.post_id = ${postId}
          and d.period_start <= ${`${year}-12-31`}::date and d.period_end >= ${`${year}-01-01`}::date
        order by d.issued_on desc nulls last limit 1`,
  );
  return rows[0]?.id;
}

// Section structures saved for a year.

export async function findStructure(db: Executor, year: number) {
  const [row] = await db.select().from(reportStructures).where(eq(reportStructures.year, year));
  return row;
}

/** Serialises saves of one year's structure (the version check happens under it). */
export async function lockStructure(db: Executor, year: number) {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('report_structures'), ${year})`);
}

export async function insertStructure(
  db: Executor,
  values: typeof reportStructures.$inferInsert,
): Promise<void> {
  await db.insert(reportStructures).values(values);
}

export async function updateStructure(
  db: Executor,
  year: number,
  values: Partial<typeof reportStructures.$inferInsert>,
): Promise<void> {
  await db.update(reportStructures).set(values).where(eq(reportStructures.year, year));
}
