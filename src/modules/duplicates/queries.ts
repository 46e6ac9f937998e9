// SQL for duplicate candidates and merges: records of the same country whose periods overlap
// (give or take DATE_SLACK_DAYS) and that share a category, with the trigram similarity of
// their titles, narratives and place names; and the row moves a merge makes.
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connection.ts';
import {
  attachments,
  incidentActs,
  incidentPerpetrators,
  incidents,
  incidentSources,
  incidentVictimGroups,
  perpetratorAttributes,
  recordComments,
} from '../../db/schema/index.ts';
import { queryRows } from '../../db/raw.ts';
import { DATE_SLACK_DAYS, effectivePeriod } from '../../domain/duplicates.ts';
import type { IncidentVisibility } from '../../domain/incidentWorkflow.ts';
import { visibleTo } from '../incidents/queries.ts';

export interface Probe {
  id: string;
  countryCode: string;
  categories: string[];
  occurredStart: string;
  occurredEnd: string;
  datePrecision: string;
  title: string;
  narrative: string;
  placeName: string | null;
}

export interface CandidateRow {
  id: string;
  reference: string;
  title: string;
  status: string;
  postId: number;
  categories: string[];
  occurredStart: string;
  occurredEnd: string;
  datePrecision: string;
  placeName: string | null;
  latitude: number | null;
  longitude: number | null;
  titleSimilarity: number;
  narrativeSimilarity: number;
  placeSimilarity: number | null;
  daysApart: number;
}

// The period a stored record may mean (domain/duplicates.ts effectivePeriod, in SQL).
const periodStart = sql.raw(`(case incidents.date_precision
  when 'month' then date_trunc('month', incidents.occurred_start)::date
  when 'year' then date_trunc('year', incidents.occurred_start)::date
  else incidents.occurred_start end)`);
const periodEnd = sql.raw(`greatest(incidents.occurred_end, case incidents.date_precision
  when 'week' then incidents.occurred_start + 6
  when 'month' then (date_trunc('month', incidents.occurred_start) + interval '1 month' - interval '1 day')::date
  when 'year' then (date_trunc('year', incidents.occurred_start) + interval '1 year' - interval '1 day')::date
  else incidents.occurred_end end)`);

// How far before the probe's period a record may start and still overlap it: a day or week
// record a week (plus the slack) earlier, a month record a month earlier, a year record a year
// earlier, a range any time. Each arm is a range scan of incidents_country_precision_occurred_idx or
// incidents_country_occurred_idx, so the look-up stays small in a country with many records.
const WEEK_START = DATE_SLACK_DAYS + 6;
const NEAR_START = DATE_SLACK_DAYS + 31;
const YEAR_START = DATE_SLACK_DAYS + 366;

// Place names are compared word-wise, so that "Calais" matches "Calais harbour".
// Long narratives are compared on their opening, which is where reports of one event agree most.
const NARRATIVE_CHARS = 3000;

/**
 * Records the caller may see that could describe the same event as the probe, most similar
 * first (so that a busy country and month cannot push the best ones past the limit). The country and
 * date filters are answered by incidents_country_occurred_idx; similarity is computed only for
 * the few rows left, so no trigram index is needed.
 */
export async function candidateRows(
  db: Executor,
  v: IncidentVisibility,
  probe: Probe,
  limit: number,
): Promise<CandidateRow[]> {
  const cats = sql`array[${sql.join(
    probe.categories.map((c) => sql`${c}`),
    sql`, `,
  )}]::text[]`;
  const place = probe.placeName?.trim() || null;
  const { start, end } = effectivePeriod(
    probe.occurredStart,
    probe.occurredEnd,
    probe.datePrecision,
  );
  return queryRows<CandidateRow & Record<string, unknown>>(
    db,
    sql`select * from (select incidents.id, incidents.reference, incidents.title, incidents.status, incidents.post_id as "postId", incidents.categories,
          incidents.occurred_start::text as "occurredStart", incidents.occurred_end::text as "occurredEnd",
          incidents.date_precision as "datePrecision", incidents.place_name as "placeName", incidents.latitude, incidents.longitude,
          similarity(incidents.title, ${probe.title})::float8 as "titleSimilarity",
          case when incidents.narrative = '' or ${probe.narrative} = '' then 0
               else similarity(left(incidents.narrative, ${NARRATIVE_CHARS}), left(${probe.narrative}, ${NARRATIVE_CHARS}))::float8 end
            as "narrativeSimilarity",
          case when incidents.place_name is null or ${place}::text is null then null
               else greatest(word_similarity(incidents.place_name, ${place}::text), word_similarity(${place}::text, incidents.place_name))::float8 end
            as "placeSimilarity",
          greatest(0, ${periodStart} - ${end}::date, ${start}::date - ${periodEnd}) as "daysApart"
        from ${incidents}
        where incidents.id <> ${probe.id}
          and incidents.country_code = ${probe.countryCode}
          and incidents.status <> 'merged'
          and (incidents.occurred_start between ${start}::date - ${WEEK_START}::int
                                           and ${end}::date + ${DATE_SLACK_DAYS}::int
            or (incidents.date_precision = 'month'
                and incidents.occurred_start between ${start}::date - ${NEAR_START}::int
                                                 and ${start}::date - ${WEEK_START}::int)
            or (incidents.date_precision = 'year'
                and incidents.occurred_start between ${start}::date - ${YEAR_START}::int
                                                 and ${start}::date - ${NEAR_START}::int)
            or (incidents.date_precision = 'range'
                and incidents.occurred_start < ${start}::date - ${NEAR_START}::int))
          and ${periodEnd} >= ${start}::date - ${DATE_SLACK_DAYS}::int
          and ${periodStart} <= ${end}::date + ${DATE_SLACK_DAYS}::int
          and incidents.categories && ${cats}
          and ${visibleTo(v)}
        ) as candidates
        order by greatest("titleSimilarity", "narrativeSimilarity", coalesce("placeSimilarity", 0)) desc,
          id
        limit ${limit}`,
  );
}

/** Copies B's source links to A; where both link a source, A's grade stays and B's excerpt is added. */
export async function copySourceLinks(db: Executor, fromId: string, toId: string, note: string) {
  await db.execute(sql`
    insert into ${incidentSources} (incident_id, source_id, credibility, excerpt, created_at)
    select ${toId}, b.source_id, b.credibility, b.excerpt, b.created_at
      from ${incidentSources} b where b.incident_id = ${fromId}
    on conflict (incident_id, source_id) do update
      set excerpt = case
        when excluded.excerpt is null or excluded.excerpt = coalesce(${incidentSources.excerpt}, '')
          then ${incidentSources.excerpt}
        when ${incidentSources.excerpt} is null then excluded.excerpt
        else ${incidentSources.excerpt} || E'\n\n' || ${note} || excluded.excerpt end`);
}

/** Appends copies of B's acts, victim groups and perpetrators (with their attributes) to A. */
export async function copyDetails(db: Executor, fromId: string, toId: string) {
  await db.execute(sql`
    insert into ${incidentActs} (incident_id, act, victim_count, description)
    select ${toId}, act, victim_count, description from ${incidentActs}
     where incident_id = ${fromId} order by id`);
  await db.execute(sql`
    insert into ${incidentVictimGroups} (incident_id, sex, age_band, count, nationality, nationality_source_id)
    select ${toId}, sex, age_band, count, nationality, nationality_source_id from ${incidentVictimGroups}
     where incident_id = ${fromId} order by id`);
  const perps = await db
    .select()
    .from(incidentPerpetrators)
    .where(eq(incidentPerpetrators.incidentId, fromId))
    .orderBy(incidentPerpetrators.id);
  for (const p of perps) {
    const [row] = await db
      .insert(incidentPerpetrators)
      .values({ incidentId: toId, type: p.type, count: p.count, description: p.description })
      .returning({ id: incidentPerpetrators.id });
    await db.execute(sql`
      insert into ${perpetratorAttributes} (perpetrator_id, attribute, value, source_id, excerpt)
      select ${row!.id}, attribute, value, source_id, excerpt from ${perpetratorAttributes}
       where perpetrator_id = ${p.id} order by id`);
  }
}

/** Moves B's comment thread onto A (keeping authors and times); returns how many moved. */
export async function moveComments(db: Executor, fromId: string, toId: string): Promise<number> {
  const rows = await db
    .update(recordComments)
    .set({ entityId: toId })
    .where(and(eq(recordComments.entityType, 'incident'), eq(recordComments.entityId, fromId)))
    .returning({ id: recordComments.id });
  return rows.length;
}

/** Moves B's attachments onto A (the file store is content-addressed: no file moves). */
export async function moveAttachments(db: Executor, fromId: string, toId: string): Promise<number> {
  const rows = await db
    .update(attachments)
    .set({ ownerId: toId })
    .where(and(eq(attachments.ownerType, 'incident'), eq(attachments.ownerId, fromId)))
    .returning({ id: attachments.id });
  return rows.length;
}

/** Records merged earlier into B now point straight at A, so every redirect is one hop. */
export async function repointMerged(db: Executor, fromId: string, toId: string) {
  await db
    .update(incidents)
    .set({ mergedInto: toId })
    .where(and(eq(incidents.mergedInto, fromId), ne(incidents.id, toId)));
}
