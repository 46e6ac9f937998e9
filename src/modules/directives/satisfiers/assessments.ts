// Policy assessments as records that satisfy a requirement: criteria may name assessment
// frameworks (by id; any framework when none); matching takes the post's assessments of its
// host country whose period overlaps the reporting period, in whatever state of the workflow.
import { z } from 'zod';
import * as q from './queries.ts';
import { idsByPost, type Satisfier, type SatisfyingRecord } from './registry.ts';

const criteriaSchema = z.object({ frameworks: z.array(z.string()).max(20).default([]) });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(row: Awaited<ReturnType<typeof q.assessmentsById>>[number]): SatisfyingRecord {
  return {
    recordType: 'assessment',
    id: row.id,
    label: `${row.framework} (version ${row.versionNumber}), ${row.periodStart} to ${row.periodEnd}`,
    date: row.periodEnd,
    status: row.status,
    postId: row.postId,
    countryCode: row.countryCode.trim(),
    href: `/assessments/${row.id}`,
  };
}

export const assessmentSatisfier: Satisfier = {
  recordType: 'assessment',
  label: 'Policy assessments',
  async checkCriteria(db, criteria, path) {
    const parsed = criteriaSchema.safeParse(criteria);
    if (!parsed.success)
      return [{ field: path, message: 'criteria must be { frameworks: [framework ids] }' }];
    const ids = parsed.data.frameworks;
    const known = new Set(
      (
        await q.frameworksById(
          db,
          ids.filter((id) => UUID.test(id)),
        )
      ).map((f) => f.id),
    );
    return ids.flatMap((id, i) =>
      known.has(id)
        ? []
        : [{ field: `${path}.frameworks.${i}`, message: `unknown assessment framework ${id}` }],
    );
  },
  describeCriteria(criteria) {
    const { frameworks } = criteriaSchema.parse(criteria);
    return frameworks.length
      ? `${frameworks.length} named framework${frameworks.length === 1 ? '' : 's'}`
      : 'any framework';
  },
  async matchCandidates(db, criteria, context) {
    const { frameworks } = criteriaSchema.parse(criteria);
    const rows = await q.matchingAssessments(db, {
      frameworkIds: frameworks,
      postId: context.postId,
      from: context.periodStart,
      to: context.periodEnd,
    });
    return rows.map(toRecord);
  },
  async matchIdsFor(db, criteria, contexts) {
    const { frameworks } = criteriaSchema.parse(criteria);
    const rows = await q.assessmentIdsFor(db, {
      frameworkIds: frameworks,
      postIds: contexts.map((c) => c.postId),
      from: contexts[0]?.periodStart ?? '',
      to: contexts[0]?.periodEnd ?? '',
    });
    return idsByPost(contexts, rows, (r, c) => r.postId === c.postId);
  },
  async describe(db, ids) {
    return (await q.assessmentsById(db, ids)).map(toRecord);
  },
};
