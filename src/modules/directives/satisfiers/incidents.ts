// Incidents as records that satisfy a requirement: criteria name incident categories (codes of
// the controlled vocabulary); matching is by category, the post's country and the period.
import { z } from 'zod';
import { INCIDENT_CATEGORIES } from '../../../domain/vocabularies.ts';
import * as q from './queries.ts';
import { idsByPost, type Satisfier, type SatisfyingRecord } from './registry.ts';

const criteriaSchema = z.object({ categories: z.array(z.string()).max(50).default([]) });
const known = new Set<string>(INCIDENT_CATEGORIES.map((c) => c.code));
const labelOf = new Map<string, string>(INCIDENT_CATEGORIES.map((c) => [c.code, c.label]));

function toRecord(row: Awaited<ReturnType<typeof q.incidentsById>>[number]): SatisfyingRecord {
  return {
    recordType: 'incident',
    id: row.id,
    label: `${row.reference} — ${row.title}`,
    date: row.occurredStart,
    status: row.status,
    postId: row.postId,
    countryCode: row.countryCode,
    href: `/incidents/${row.id}`,
  };
}

export const incidentSatisfier: Satisfier = {
  recordType: 'incident',
  label: 'Incidents',
  async checkCriteria(_db, criteria, path) {
    const parsed = criteriaSchema.safeParse(criteria);
    if (!parsed.success)
      return [{ field: path, message: 'criteria must be { categories: [codes] }' }];
    return parsed.data.categories.flatMap((c, i) =>
      known.has(c)
        ? []
        : [{ field: `${path}.categories.${i}`, message: `unknown incident category ${c}` }],
    );
  },
  describeCriteria(criteria) {
    const { categories } = criteriaSchema.parse(criteria);
    return categories.length
      ? `categories: ${categories.map((c) => labelOf.get(c) ?? c).join(', ')}`
      : 'any category';
  },
  async matchCandidates(db, criteria, context) {
    const { categories } = criteriaSchema.parse(criteria);
    const rows = await q.matchingIncidents(db, {
      categories,
      postId: context.postId,
      countryCode: context.countryCode,
      from: context.periodStart,
      to: context.periodEnd,
    });
    return rows.map(toRecord);
  },
  async matchIdsFor(db, criteria, contexts) {
    const { categories } = criteriaSchema.parse(criteria);
    const rows = await q.incidentIdsFor(db, {
      categories,
      countryCodes: [...new Set(contexts.map((c) => c.countryCode))],
      from: contexts[0]?.periodStart ?? '',
      to: contexts[0]?.periodEnd ?? '',
    });
    // As matchCandidates: the country's records, but another post's drafts never.
    return idsByPost(
      contexts,
      rows,
      (r, c) => r.countryCode === c.countryCode && (r.status !== 'draft' || r.postId === c.postId),
    );
  },
  async describe(db, ids) {
    return (await q.incidentsById(db, ids)).map(toRecord);
  },
};
