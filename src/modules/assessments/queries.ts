// SQL for assessment frameworks (with their numbered versions and how many assessments use
// each) and for assessments with their ratings and evidence links.
import { and, asc, desc, eq, inArray, max, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import {
  assessmentEvidence,
  assessmentFrameworks,
  assessmentFrameworkVersions,
  assessmentRatings,
  assessments,
  countries,
  engagements,
  incidents,
  posts,
  sources,
  statDatasets,
} from '../../db/schema/index.ts';
import type { EvidenceRecordType } from '../../domain/assessments.ts';
import type { IncidentVisibility } from '../../domain/incidentWorkflow.ts';

export type AssessmentRecord = typeof assessments.$inferSelect;
export type FrameworkVersionRow = typeof assessmentFrameworkVersions.$inferSelect;

const usedBy = sql<number>`(select count(*)::int from ${assessments} a where a.framework_version_id = "assessment_framework_versions"."id")`;

export async function listFrameworks(db: Executor) {
  return db
    .select({
      id: assessmentFrameworks.id,
      name: assessmentFrameworks.name,
      latestVersionId: assessmentFrameworkVersions.id,
      latestNumber: assessmentFrameworkVersions.number,
      indicatorCount: sql<number>`jsonb_array_length(${assessmentFrameworkVersions.indicators})`,
    })
    .from(assessmentFrameworks)
    .innerJoin(
      assessmentFrameworkVersions,
      eq(assessmentFrameworkVersions.frameworkId, assessmentFrameworks.id),
    )
    .where(
      eq(
        assessmentFrameworkVersions.number,
        sql`(select max(v.number) from ${assessmentFrameworkVersions} v where v.framework_id = "assessment_frameworks"."id")`,
      ),
    )
    .orderBy(asc(assessmentFrameworks.name));
}

export async function findFramework(db: Executor, id: string) {
  const [row] = await db.select().from(assessmentFrameworks).where(eq(assessmentFrameworks.id, id));
  return row;
}

export async function frameworkNameTaken(db: Executor, name: string, exceptId?: string) {
  const [row] = await db
    .select({ id: assessmentFrameworks.id })
    .from(assessmentFrameworks)
    .where(eq(assessmentFrameworks.name, name));
  return !!row && row.id !== exceptId;
}

export async function insertFramework(
  db: Executor,
  values: typeof assessmentFrameworks.$inferInsert,
) {
  const [row] = await db.insert(assessmentFrameworks).values(values).returning();
  return row!;
}

export async function insertVersion(
  db: Executor,
  values: typeof assessmentFrameworkVersions.$inferInsert,
) {
  const [row] = await db.insert(assessmentFrameworkVersions).values(values).returning();
  return row!;
}

export async function updateVersionContent(
  db: Executor,
  id: string,
  values: Pick<FrameworkVersionRow, 'guidance' | 'scale' | 'indicators'>,
) {
  await db
    .update(assessmentFrameworkVersions)
    .set(values)
    .where(eq(assessmentFrameworkVersions.id, id));
}

export async function versionsOf(db: Executor, frameworkId: string) {
  return db
    .select({
      id: assessmentFrameworkVersions.id,
      number: assessmentFrameworkVersions.number,
      createdAt: assessmentFrameworkVersions.createdAt,
      usedBy,
    })
    .from(assessmentFrameworkVersions)
    .where(eq(assessmentFrameworkVersions.frameworkId, frameworkId))
    .orderBy(asc(assessmentFrameworkVersions.number));
}

export async function findVersion(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: assessmentFrameworkVersions.id,
      frameworkId: assessmentFrameworkVersions.frameworkId,
      frameworkName: assessmentFrameworks.name,
      number: assessmentFrameworkVersions.number,
      guidance: assessmentFrameworkVersions.guidance,
      scale: assessmentFrameworkVersions.scale,
      indicators: assessmentFrameworkVersions.indicators,
      createdAt: assessmentFrameworkVersions.createdAt,
      usedBy,
    })
    .from(assessmentFrameworkVersions)
    .innerJoin(
      assessmentFrameworks,
      eq(assessmentFrameworks.id, assessmentFrameworkVersions.frameworkId),
    )
    .where(eq(assessmentFrameworkVersions.id, id));
  return row;
}

export type FrameworkVersion = NonNullable<Awaited<ReturnType<typeof findVersion>>>;

export async function latestVersionId(db: Executor, frameworkId: string) {
  const [row] = await db
    .select({ id: assessmentFrameworkVersions.id, number: max(assessmentFrameworkVersions.number) })
    .from(assessmentFrameworkVersions)
    .where(eq(assessmentFrameworkVersions.frameworkId, frameworkId))
    .groupBy(assessmentFrameworkVersions.id)
    .orderBy(desc(max(assessmentFrameworkVersions.number)))
    .limit(1);
  return row?.id;
}

export async function setFramework(
  db: Executor,
  id: string,
  values: { name: string; version: number },
) {
  await db
    .update(assessmentFrameworks)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(assessmentFrameworks.id, id));
}

export async function lockFramework(db: Executor, id: string) {
  await db
    .select({ id: assessmentFrameworks.id })
    .from(assessmentFrameworks)
    .where(eq(assessmentFrameworks.id, id))
    .for('update');
}

// Assessments ----------------------------------------------------------------------------

const summaryColumns = {
  id: assessments.id,
  postId: assessments.postId,
  countryCode: assessments.countryCode,
  frameworkVersionId: assessments.frameworkVersionId,
  frameworkName: assessmentFrameworks.name,
  frameworkNumber: assessmentFrameworkVersions.number,
  periodStart: assessments.periodStart,
  periodEnd: assessments.periodEnd,
  status: assessments.status,
  marking: assessments.marking,
  updatedAt: assessments.updatedAt,
};

export async function findAssessment(db: Executor, id: string) {
  const [row] = await db
    .select({ assessment: assessments, regionId: countries.regionId })
    .from(assessments)
    .innerJoin(posts, eq(posts.id, assessments.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(assessments.id, id));
  return row;
}

export async function lockAssessment(db: Executor, id: string) {
  await db
    .select({ id: assessments.id })
    .from(assessments)
    .where(eq(assessments.id, id))
    .for('update');
}

export async function insertAssessment(db: Executor, values: typeof assessments.$inferInsert) {
  const [row] = await db.insert(assessments).values(values).returning();
  return row!;
}

export async function setAssessment(
  db: Executor,
  id: string,
  values: Partial<typeof assessments.$inferInsert>,
) {
  const [row] = await db
    .update(assessments)
    .set({ ...values, version: sql`${assessments.version} + 1`, updatedAt: new Date() })
    .where(eq(assessments.id, id))
    .returning();
  return row!;
}

export interface RatingRow {
  indicatorCode: string;
  rating: string | null;
  narrative: string;
  evidence: { recordType: string; recordId: string; note: string | null }[];
}

export async function replaceRatings(db: Executor, assessmentId: string, list: RatingRow[]) {
  const codes = list.map((r) => r.indicatorCode);
  if (!codes.length) return;
  await db
    .delete(assessmentRatings)
    .where(
      and(
        eq(assessmentRatings.assessmentId, assessmentId),
        inArray(assessmentRatings.indicatorCode, codes),
      ),
    );
  await db
    .delete(assessmentEvidence)
    .where(
      and(
        eq(assessmentEvidence.assessmentId, assessmentId),
        inArray(assessmentEvidence.indicatorCode, codes),
      ),
    );
  await db.insert(assessmentRatings).values(
    list.map((r) => ({
      assessmentId,
      indicatorCode: r.indicatorCode,
      rating: r.rating,
      narrative: r.narrative,
    })),
  );
  const evidence = list.flatMap((r) =>
    r.evidence.map((e) => ({ assessmentId, indicatorCode: r.indicatorCode, ...e })),
  );
  if (evidence.length) await db.insert(assessmentEvidence).values(evidence);
}

export async function loadRatings(db: Executor, assessmentId: string): Promise<RatingRow[]> {
  const ratings = await db
    .select()
    .from(assessmentRatings)
    .where(eq(assessmentRatings.assessmentId, assessmentId));
  const evidence = await db
    .select()
    .from(assessmentEvidence)
    .where(eq(assessmentEvidence.assessmentId, assessmentId))
    .orderBy(asc(assessmentEvidence.id));
  return ratings.map((r) => ({
    indicatorCode: r.indicatorCode,
    rating: r.rating,
    narrative: r.narrative,
    evidence: evidence
      .filter((e) => e.indicatorCode === r.indicatorCode)
      .map((e) => ({ recordType: e.recordType, recordId: e.recordId, note: e.note })),
  }));
}

/** Labels of evidence records that exist, keyed "type:id"; a missing key means no such record. */
export async function evidenceLabels(
  db: Executor,
  refs: { recordType: EvidenceRecordType | string; recordId: string }[],
): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const ids = (type: string) => [
    ...new Set(
      refs.filter((r) => r.recordType === type && uuid.test(r.recordId)).map((r) => r.recordId),
    ),
  ];
  const s = ids('source');
  if (s.length)
    for (const r of await db
      .select({ id: sources.id, title: sources.title, publisher: sources.publisher })
      .from(sources)
      .where(inArray(sources.id, s)))
      labels.set(`source:${r.id}`, `${r.publisher}: ${r.title}`);
  const i = ids('incident');
  if (i.length)
    for (const r of await db
      .select({ id: incidents.id, reference: incidents.reference, title: incidents.title })
      .from(incidents)
      .where(inArray(incidents.id, i)))
      labels.set(`incident:${r.id}`, `${r.reference} ${r.title}`);
  const e = ids('engagement');
  if (e.length)
    for (const r of await db
      .select({
        id: engagements.id,
        occurredOn: engagements.occurredOn,
        office: engagements.counterpartOffice,
        kind: engagements.kind,
      })
      .from(engagements)
      .where(inArray(engagements.id, e)))
      labels.set(`engagement:${r.id}`, `${r.occurredOn} ${r.kind}, ${r.office}`);
  const d = ids('statistic');
  if (d.length)
    for (const r of await db
      .select({ id: statDatasets.id, title: statDatasets.title })
      .from(statDatasets)
      .where(inArray(statDatasets.id, d)))
      labels.set(`statistic:${r.id}`, r.title);
  return labels;
}

function visibleTo(v: IncidentVisibility): SQL | undefined {
  const own: SQL[] = [eq(assessments.createdBy, v.userId)];
  if (v.postIds.length) own.push(inArray(assessments.postId, v.postIds));
  const released: SQL[] = [];
  if (v.everywhere) released.push(sql`true`);
  if (v.regionIds.length) released.push(inArray(countries.regionId, v.regionIds));
  // Drafts stay with their post (as for incidents); once submitted the region and HQ see them.
  return or(
    ...own,
    released.length ? and(sql`${assessments.status} <> 'draft'`, or(...released)) : undefined,
  );
}

export interface AssessmentFilter {
  country?: string | undefined;
  post?: number | undefined;
  status?: string | undefined;
  frameworkId?: string | undefined;
  regionId?: number | undefined;
  limit: number;
}

export async function listAssessments(db: Executor, v: IncidentVisibility, f: AssessmentFilter) {
  return db
    .select({
      ...summaryColumns,
      countryName: sql<string>`(select name from ${countries} c where c.code = "assessments"."country_code")`,
    })
    .from(assessments)
    .innerJoin(
      assessmentFrameworkVersions,
      eq(assessmentFrameworkVersions.id, assessments.frameworkVersionId),
    )
    .innerJoin(
      assessmentFrameworks,
      eq(assessmentFrameworks.id, assessmentFrameworkVersions.frameworkId),
    )
    .innerJoin(posts, eq(posts.id, assessments.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(
      and(
        visibleTo(v),
        f.country ? eq(assessments.countryCode, f.country) : undefined,
        f.post ? eq(assessments.postId, f.post) : undefined,
        f.status ? eq(assessments.status, f.status as AssessmentRecord['status']) : undefined,
        f.frameworkId ? eq(assessmentFrameworks.id, f.frameworkId) : undefined,
        f.regionId
          ? sql`${assessments.countryCode} in (select code from ${countries} c2 where c2.region_id = ${f.regionId})`
          : undefined,
      ),
    )
    .orderBy(asc(assessments.countryCode), asc(assessments.periodStart))
    .limit(f.limit);
}

export async function postWithRegion(db: Executor, postId: number) {
  const [row] = await db
    .select({ postId: posts.id, countryCode: posts.countryCode, regionId: countries.regionId })
    .from(posts)
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(posts.id, postId));
  return row;
}

export async function countryExists(db: Executor, code: string) {
  const [row] = await db
    .select({ code: countries.code })
    .from(countries)
    .where(eq(countries.code, code));
  return !!row;
}

export async function regionExists(db: Executor, id: number) {
  const [row] = await db
    .select({ id: sql<number>`${countries.regionId}` })
    .from(countries)
    .where(eq(countries.regionId, id))
    .limit(1);
  return !!row;
}
