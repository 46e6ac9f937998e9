// SQL for ingested documents and their proposals, and the duplicate search among incidents.
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import type { IncidentVisibility } from '../../domain/incidentWorkflow.ts';
import { visibleTo } from '../incidents/queries.ts';
import {
  countries,
  directives,
  engagements,
  incidents,
  ingestedDocuments,
  ingestProposals,
  posts,
  regions,
} from '../../db/schema/index.ts';

export type DocumentRow = typeof ingestedDocuments.$inferSelect;
export type ProposalRow = typeof ingestProposals.$inferSelect;

export async function postWithRegion(db: Executor, postId: number) {
  const [row] = await db
    .select({
      postId: posts.id,
      code: posts.code,
      countryCode: posts.countryCode,
      regionId: countries.regionId,
    })
    .from(posts)
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(posts.id, postId));
  return row;
}

export async function postByCode(db: Executor, code: string) {
  const [row] = await db
    .select({ id: posts.id, code: posts.code, regionId: countries.regionId })
    .from(posts)
    .innerJoin(countries, eq(countries.code, posts.countryCode))
    .where(eq(posts.code, code));
  return row;
}

/** The bureaus and active posts, for recognising a directive's addressees by name. */
export async function directory(db: Executor) {
  const [regionRows, postRows] = await Promise.all([
    db.select({ id: regions.id, code: regions.code, name: regions.name }).from(regions),
    db
      .select({ id: posts.id, code: posts.code, name: posts.name, city: posts.city })
      .from(posts)
      .where(eq(posts.active, true)),
  ]);
  return { regions: regionRows, posts: postRows };
}

export async function existingCountryCodes(db: Executor, codes: string[]) {
  if (codes.length === 0) return new Set<string>();
  const rows = await db
    .select({ code: countries.code })
    .from(countries)
    .where(inArray(countries.code, codes));
  return new Set(rows.map((r) => r.code));
}

export async function documentByTextHash(db: Executor, textSha256: string) {
  const [row] = await db
    .select()
    .from(ingestedDocuments)
    .where(eq(ingestedDocuments.textSha256, textSha256));
  return row;
}

export async function insertDocument(db: Executor, values: typeof ingestedDocuments.$inferInsert) {
  const [row] = await db.insert(ingestedDocuments).values(values).returning();
  return row!;
}

export async function insertProposals(
  db: Executor,
  values: (typeof ingestProposals.$inferInsert)[],
) {
  if (values.length === 0) return [];
  return db.insert(ingestProposals).values(values).returning();
}

export async function findDocument(db: Executor, id: string) {
  const [row] = await db.select().from(ingestedDocuments).where(eq(ingestedDocuments.id, id));
  return row;
}

export async function proposalsOf(db: Executor, documentId: string) {
  return db
    .select()
    .from(ingestProposals)
    .where(eq(ingestProposals.documentId, documentId))
    .orderBy(ingestProposals.position);
}

export async function findProposal(db: Executor, id: string, lock = false) {
  const query = db.select().from(ingestProposals).where(eq(ingestProposals.id, id));
  const [row] = lock ? await query.for('update') : await query;
  return row;
}

export async function updateProposal(
  db: Executor,
  id: string,
  values: Partial<typeof ingestProposals.$inferInsert>,
) {
  const [row] = await db
    .update(ingestProposals)
    .set({ ...values, version: sql`${ingestProposals.version} + 1`, updatedAt: sql`now()` })
    .where(eq(ingestProposals.id, id))
    .returning();
  return row!;
}

/** A document is reviewed once none of its proposals waits for a decision. */
export async function refreshReviewStatus(db: Executor, documentId: string) {
  await db.execute(sql`
    update ingested_documents set review_status = case when exists (
      select 1 from ingest_proposals where document_id = ${documentId} and status = 'proposed'
    ) then 'pending' else 'reviewed' end, updated_at = now()
    where id = ${documentId}`);
}

export async function listDocuments(
  db: Executor,
  postIds: number[] | 'all',
  status: 'pending' | 'reviewed' | undefined,
  limit: number,
) {
  const conditions = [];
  if (postIds !== 'all')
    conditions.push(postIds.length ? inArray(ingestedDocuments.postId, postIds) : sql`false`);
  if (status) conditions.push(eq(ingestedDocuments.reviewStatus, status));
  return db
    .select({
      id: ingestedDocuments.id,
      sourceId: ingestedDocuments.sourceId,
      postId: ingestedDocuments.postId,
      fileName: ingestedDocuments.fileName,
      language: ingestedDocuments.language,
      extractionStatus: ingestedDocuments.extractionStatus,
      reviewStatus: ingestedDocuments.reviewStatus,
      createdAt: ingestedDocuments.createdAt,
      title: sql<string>`(select title from sources where id = ${ingestedDocuments.sourceId})`,
      proposals: sql<number>`(select count(*)::int from ingest_proposals p where p.document_id = ${ingestedDocuments.id})`,
      open: sql<number>`(select count(*)::int from ingest_proposals p where p.document_id = ${ingestedDocuments.id} and p.status = 'proposed')`,
    })
    .from(ingestedDocuments)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(ingestedDocuments.createdAt), ingestedDocuments.id)
    .limit(limit);
}

/**
 * Existing incidents a proposal may duplicate: same country, an occurrence within 14 days and
 * a shared category, or a title or narrative that reads alike (pg_trgm similarity ≥ 0.3).
 */
export async function similarIncidents(
  db: Executor,
  visibility: IncidentVisibility | null,
  p: {
    countryCode: string;
    occurredStart: string | null;
    categories: string[];
    title: string;
    narrative: string;
  },
) {
  const rows = (await db.execute(sql`
    select id, reference, title,
      greatest(similarity(title, ${p.title}), similarity(narrative, ${p.narrative}))::float8 as similarity
    from ${incidents}
    where country_code = ${p.countryCode} and status <> 'merged'
      and ${visibility ? visibleTo(visibility) : sql`true`}
      and (
        (${p.occurredStart}::date is not null
          and occurred_start between ${p.occurredStart}::date - 14 and ${p.occurredStart}::date + 14
          and categories && array(select jsonb_array_elements_text(${JSON.stringify(p.categories)}::jsonb)))
        or similarity(title, ${p.title}) >= 0.3
        or similarity(narrative, ${p.narrative}) >= 0.3
      )
    order by similarity desc
    limit 5`)) as unknown as {
    rows: { id: string; reference: string; title: string; similarity: number }[];
  };
  return rows.rows.map((r) => ({ ...r, similarity: Math.round(Number(r.similarity) * 100) / 100 }));
}

/**
 * Engagements a proposal may repeat, among those the reader may see: the same host country and
 * a date within 14 days with a shared topic or the same kind, or concerns that read alike
 * (pg_trgm similarity ≥ 0.3).
 */
export async function similarEngagements(
  db: Executor,
  visibility: IncidentVisibility | null,
  p: {
    countryCode: string;
    occurredOn: string | null;
    topics: string[];
    kind: string | null;
    summary: string;
  },
) {
  const visible =
    !visibility || visibility.everywhere
      ? sql`true`
      : sql`(e.created_by = ${visibility.userId}
          or e.post_id = any(${sql.param(visibility.postIds)}::int[])
          or c.region_id = any(${sql.param(visibility.regionIds)}::int[]))`;
  const rows = (await db.execute(sql`
    select e.id, e.kind || ' ' || e.occurred_on::text as reference,
      e.counterpart_office || ': ' || left(e.concerns_raised, 200) as title,
      similarity(e.concerns_raised, ${p.summary})::float8 as similarity
    from ${engagements} e
      join ${posts} po on po.id = e.post_id
      join ${countries} c on c.code = po.country_code
    where e.country_code = ${p.countryCode} and ${visible}
      and (
        (${p.occurredOn}::date is not null
          and e.occurred_on between ${p.occurredOn}::date - 14 and ${p.occurredOn}::date + 14
          and (e.topics && array(select jsonb_array_elements_text(${JSON.stringify(p.topics)}::jsonb))
            or e.kind = ${p.kind}))
        or similarity(e.concerns_raised, ${p.summary}) >= 0.3
      )
    order by similarity desc
    limit 5`)) as unknown as {
    rows: { id: string; reference: string; title: string; similarity: number }[];
  };
  return rows.rows.map((r) => ({ ...r, similarity: Math.round(Number(r.similarity) * 100) / 100 }));
}

/**
 * Directives a proposal may repeat: a title or body that reads alike (pg_trgm similarity ≥ 0.3),
 * or the same due date from an issuing office that reads alike.
 */
export async function similarDirectives(
  db: Executor,
  p: { title: string; body: string; dueOn: string | null; issuingOffice: string },
) {
  const rows = (await db.execute(sql`
    select id, reference, title,
      greatest(similarity(title, ${p.title}), similarity(body, ${p.body}))::float8 as similarity
    from ${directives}
    where similarity(title, ${p.title}) >= 0.3
      or similarity(body, ${p.body}) >= 0.3
      or (${p.dueOn}::date is not null and due_on = ${p.dueOn}::date
        and similarity(issuing_office, ${p.issuingOffice}) >= 0.3)
    order by similarity desc
    limit 5`)) as unknown as {
    rows: { id: string; reference: string; title: string; similarity: number }[];
  };
  return rows.rows.map((r) => ({ ...r, similarity: Math.round(Number(r.similarity) * 100) / 100 }));
}
