// Engagements with the host government as records that satisfy a requirement: criteria name
// engagement kinds; matching takes the post's own engagements in the reporting period.
import { z } from 'zod';
import { ENGAGEMENT_KINDS } from '../../../domain/engagements.ts';
import * as q from './queries.ts';
import { idsByPost, type Satisfier, type SatisfyingRecord } from './registry.ts';

const criteriaSchema = z.object({ kinds: z.array(z.string()).max(20).default([]) });
const labelOf = new Map<string, string>(ENGAGEMENT_KINDS.map((k) => [k.code, k.label]));

function toRecord(row: Awaited<ReturnType<typeof q.engagementsById>>[number]): SatisfyingRecord {
  return {
    recordType: 'engagement',
    id: row.id,
    label: `${labelOf.get(row.kind) ?? row.kind} with ${row.counterpartOffice}`,
    date: row.occurredOn,
    status: row.stance.replace(/_/g, ' '),
    postId: row.postId,
    countryCode: row.countryCode,
    href: `/engagements/${row.id}`,
  };
}

export const engagementSatisfier: Satisfier = {
  recordType: 'engagement',
  label: 'Engagements with the host government',
  async checkCriteria(_db, criteria, path) {
    const parsed = criteriaSchema.safeParse(criteria);
    if (!parsed.success) return [{ field: path, message: 'criteria must be { kinds: [codes] }' }];
    return parsed.data.kinds.flatMap((k, i) =>
      labelOf.has(k)
        ? []
        : [{ field: `${path}.kinds.${i}`, message: `unknown engagement kind ${k}` }],
    );
  },
  describeCriteria(criteria) {
    const { kinds } = criteriaSchema.parse(criteria);
    return kinds.length ? `kinds: ${kinds.map((k) => labelOf.get(k) ?? k).join(', ')}` : 'any kind';
  },
  async matchCandidates(db, criteria, context) {
    const { kinds } = criteriaSchema.parse(criteria);
    const rows = await q.matchingEngagements(db, {
      kinds,
      postId: context.postId,
      from: context.periodStart,
      to: context.periodEnd,
    });
    return rows.map(toRecord);
  },
  async matchIdsFor(db, criteria, contexts) {
    const { kinds } = criteriaSchema.parse(criteria);
    const rows = await q.engagementIdsFor(db, {
      kinds,
      postIds: contexts.map((c) => c.postId),
      from: contexts[0]?.periodStart ?? '',
      to: contexts[0]?.periodEnd ?? '',
    });
    return idsByPost(contexts, rows, (r, c) => r.postId === c.postId);
  },
  async describe(db, ids) {
    return (await q.engagementsById(db, ids)).map(toRecord);
  },
};
