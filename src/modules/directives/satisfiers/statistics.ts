// Official statistics tables as records that satisfy a requirement: criteria may name what the
// table counts (suspects, convictions, victims…; any when none). A table is offered to a post
// when it holds observations for the post's country in the reporting period, and a table is
// "of" a country only through those observations: describing one for a tasking says how many
// observations it has for that country, and a table with none for it cannot be linked.
import { z } from 'zod';
import { STAT_COUNTED_VALUES } from '../../../db/schema/index.ts';
import * as q from './queries.ts';
import { idsByPost, type MatchContext, type Satisfier, type SatisfyingRecord } from './registry.ts';

const criteriaSchema = z.object({ counted: z.array(z.string()).max(20).default([]) });
const known = new Set<string>(STAT_COUNTED_VALUES);

function toRecord(
  row: Awaited<ReturnType<typeof q.statisticsTablesFor>>[number],
  countryCode: string,
): SatisfyingRecord {
  return {
    recordType: 'statistics_table',
    id: row.id,
    label: `${row.publisher}: ${row.title} (${row.observations.toLocaleString('en')} observation${row.observations === 1 ? '' : 's'} for ${countryCode})`,
    date: row.latest,
    status: `counts ${row.counted}`,
    postId: null,
    countryCode,
    href: '/statistics',
  };
}

export const statisticsSatisfier: Satisfier = {
  recordType: 'statistics_table',
  label: 'Official statistics tables',
  async checkCriteria(_db, criteria, path) {
    const parsed = criteriaSchema.safeParse(criteria);
    if (!parsed.success)
      return [{ field: path, message: 'criteria must be { counted: [what the table counts] }' }];
    return parsed.data.counted.flatMap((c, i) =>
      known.has(c)
        ? []
        : [
            {
              field: `${path}.counted.${i}`,
              message: `unknown kind of count ${c} (one of ${STAT_COUNTED_VALUES.join(', ')})`,
            },
          ],
    );
  },
  describeCriteria(criteria) {
    const { counted } = criteriaSchema.parse(criteria);
    return counted.length ? `counting ${counted.join(', ')}` : 'any table';
  },
  async matchCandidates(db, criteria, context) {
    const { counted } = criteriaSchema.parse(criteria);
    const rows = await q.statisticsTablesFor(db, {
      counted,
      countryCode: context.countryCode,
      from: context.periodStart,
      to: context.periodEnd,
    });
    return rows.map((r) => toRecord(r, context.countryCode));
  },
  async matchIdsFor(db, criteria, contexts) {
    const { counted } = criteriaSchema.parse(criteria);
    const rows = await q.statisticsTableIdsFor(db, {
      counted,
      countryCodes: [...new Set(contexts.map((c) => c.countryCode))],
      from: contexts[0]?.periodStart ?? '',
      to: contexts[0]?.periodEnd ?? '',
    });
    return idsByPost(contexts, rows, (r, c) => r.countryCode?.trim() === c.countryCode);
  },
  async describe(db, ids, context?: MatchContext) {
    if (context) {
      const rows = await q.statisticsTablesFor(db, { ids, countryCode: context.countryCode });
      return rows.map((r) => toRecord(r, context.countryCode));
    }
    return (await q.statisticsTablesById(db, ids)).map((r) => ({
      recordType: 'statistics_table',
      id: r.id,
      label: `${r.publisher}: ${r.title}`,
      date: null,
      status: '',
      postId: null,
      countryCode: null,
      href: '/statistics',
    }));
  },
};
