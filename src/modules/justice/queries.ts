// SQL for justice outcomes: the record with its source, the visibility-filtered list, the
// comparable cases of a sentencing comparison and the defendant groups as sources state them.
import { and, asc, desc, eq, gte, lte, or, inArray, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import { countries, justiceOutcomes, posts, sources } from '../../db/schema/index.ts';
import type { IncidentVisibility } from '../../domain/incidentWorkflow.ts';

export type JusticeOutcomeRecord = typeof justiceOutcomes.$inferSelect;

export async function findJusticeOutcome(db: Executor, id: string) {
  const [row] = await db
    .select({ outcome: justiceOutcomes, regionId: countries.regionId })
    .from(justiceOutcomes)
    .innerJoin(posts, eq(posts.id, justiceOutcomes.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(justiceOutcomes.id, id));
  return row;
}

export async function lockJusticeOutcome(db: Executor, id: string): Promise<void> {
  await db
    .select({ id: justiceOutcomes.id })
    .from(justiceOutcomes)
    .where(eq(justiceOutcomes.id, id))
    .for('update');
}

export async function insertJusticeOutcome(
  db: Executor,
  values: typeof justiceOutcomes.$inferInsert,
) {
  const [row] = await db.insert(justiceOutcomes).values(values).returning();
  return row!;
}

export async function findSource(db: Executor, id: string) {
  const [row] = await db.select().from(sources).where(eq(sources.id, id));
  return row;
}

/** What the person may see: their posts, their regions, everything, or what they wrote. */
function visibleTo(v: IncidentVisibility): SQL | undefined {
  if (v.everywhere) return undefined;
  const clauses: SQL[] = [eq(justiceOutcomes.createdBy, v.userId)];
  if (v.postIds.length) clauses.push(inArray(justiceOutcomes.postId, v.postIds));
  if (v.regionIds.length) clauses.push(inArray(countries.regionId, v.regionIds));
  return or(...clauses);
}

export interface JusticeOutcomeFilter {
  country?: string | undefined;
  offenceClass?: string | undefined;
  post?: number | undefined;
  defendantGroup?: string | undefined;
  outcome?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit: number;
}

export async function listJusticeOutcomes(
  db: Executor,
  v: IncidentVisibility,
  f: JusticeOutcomeFilter,
) {
  return db
    .select({
      outcome: justiceOutcomes,
      source: { id: sources.id, title: sources.title, publisher: sources.publisher },
    })
    .from(justiceOutcomes)
    .innerJoin(posts, eq(posts.id, justiceOutcomes.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .innerJoin(sources, eq(sources.id, justiceOutcomes.sourceId))
    .where(
      and(
        visibleTo(v),
        f.country ? eq(justiceOutcomes.countryCode, f.country) : undefined,
        f.offenceClass ? eq(justiceOutcomes.offenceClass, f.offenceClass) : undefined,
        f.post ? eq(justiceOutcomes.postId, f.post) : undefined,
        f.defendantGroup ? eq(justiceOutcomes.defendantGroup, f.defendantGroup) : undefined,
        f.outcome ? eq(justiceOutcomes.outcome, f.outcome) : undefined,
        f.from ? gte(justiceOutcomes.decidedOn, f.from) : undefined,
        f.to ? lte(justiceOutcomes.decidedOn, f.to) : undefined,
      ),
    )
    .orderBy(desc(justiceOutcomes.decidedOn), desc(justiceOutcomes.createdAt))
    .limit(f.limit);
}

export interface ComparableFilter {
  offenceClass: string;
  country: string;
  subnational: string | null;
  courtLevel: string | null;
  from: string;
  to: string;
  defendantGroups: string[];
  aggravating: string[];
  mitigating: string[];
  withoutAggravating: string[];
  withoutMitigating: string[];
}

const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** The cases a comparison may use: same offence class, jurisdiction, period and factors. */
export async function comparableCases(db: Executor, v: IncidentVisibility, f: ComparableFilter) {
  return db
    .select({
      id: justiceOutcomes.id,
      defendantGroup: justiceOutcomes.defendantGroup,
      outcome: justiceOutcomes.outcome,
      sentenceType: justiceOutcomes.sentenceType,
      sentenceMonths: justiceOutcomes.sentenceMonths,
      synthetic: justiceOutcomes.synthetic,
    })
    .from(justiceOutcomes)
    .innerJoin(posts, eq(posts.id, justiceOutcomes.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(
      and(
        visibleTo(v),
        eq(justiceOutcomes.offenceClass, f.offenceClass),
        eq(justiceOutcomes.countryCode, f.country),
        f.subnational ? eq(justiceOutcomes.subnationalJurisdiction, f.subnational) : undefined,
        f.courtLevel ? eq(justiceOutcomes.courtLevel, f.courtLevel) : undefined,
        gte(justiceOutcomes.decidedOn, f.from),
        lte(justiceOutcomes.decidedOn, f.to),
        inArray(justiceOutcomes.defendantGroup, f.defendantGroups),
        f.aggravating.length
          ? sql`${justiceOutcomes.aggravatingFactors} @> ${textArray(f.aggravating)}`
          : undefined,
        f.mitigating.length
          ? sql`${justiceOutcomes.mitigatingFactors} @> ${textArray(f.mitigating)}`
          : undefined,
        f.withoutAggravating.length
          ? sql`not (${justiceOutcomes.aggravatingFactors} && ${textArray(f.withoutAggravating)})`
          : undefined,
        f.withoutMitigating.length
          ? sql`not (${justiceOutcomes.mitigatingFactors} && ${textArray(f.withoutMitigating)})`
          : undefined,
      ),
    )
    .orderBy(asc(justiceOutcomes.decidedOn), asc(justiceOutcomes.id));
}

/** Defendant groups in the sources' words, with how many visible cases state each. */
export async function defendantGroups(
  db: Executor,
  v: IncidentVisibility,
  f: {
    offenceClass?: string | undefined;
    country?: string | undefined;
    from?: string | undefined;
    to?: string | undefined;
  },
) {
  return db
    .select({
      defendantGroup: justiceOutcomes.defendantGroup,
      cases: sql<number>`count(*)::int`,
    })
    .from(justiceOutcomes)
    .innerJoin(posts, eq(posts.id, justiceOutcomes.postId))
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(
      and(
        visibleTo(v),
        f.offenceClass ? eq(justiceOutcomes.offenceClass, f.offenceClass) : undefined,
        f.country ? eq(justiceOutcomes.countryCode, f.country) : undefined,
        f.from ? gte(justiceOutcomes.decidedOn, f.from) : undefined,
        f.to ? lte(justiceOutcomes.decidedOn, f.to) : undefined,
      ),
    )
    .groupBy(justiceOutcomes.defendantGroup)
    .orderBy(desc(sql`count(*)`), asc(justiceOutcomes.defendantGroup))
    .limit(200);
}

export async function postWithRegion(db: Executor, postId: number) {
  const [row] = await db
    .select({ postId: posts.id, countryCode: posts.countryCode, regionId: countries.regionId })
    .from(posts)
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(posts.id, postId));
  return row;
}

export async function countryExists(db: Executor, code: string): Promise<boolean> {
  const [row] = await db
    .select({ code: countries.code })
    .from(countries)
    .where(eq(countries.code, code));
  return !!row;
}
