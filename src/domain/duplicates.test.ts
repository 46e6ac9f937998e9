import { describe, expect, it } from 'vitest';
import {
  assessDuplicate,
  effectivePeriod,
  rankDuplicates,
  type DuplicateSignals,
} from './duplicates.ts';

const base: DuplicateSignals = {
  titleSimilarity: 0,
  narrativeSimilarity: 0,
  placeSimilarity: null,
  points: null,
  daysApart: 0,
  sharedCategories: ['abuse_in_transit'],
  allCategories: 1,
};

describe('duplicate scoring', () => {
  it('does not list a record that shares only country, dates and category', () => {
    expect(assessDuplicate(base)).toBeNull();
    expect(assessDuplicate({ ...base, titleSimilarity: 0.29, placeSimilarity: 0.49 })).toBeNull();
  });

  it('lists a record with a similar title and says why', () => {
    const a = assessDuplicate({ ...base, titleSimilarity: 0.62 })!;
    expect(a.reasons).toEqual([
      'same country',
      'periods overlap',
      'shared category: abuse_in_transit',
      'similar title (62%)',
    ]);
    // 0.45·0.62 + 0.35·0 + 0.1·1 (overlap) + 0.1·1 (all categories shared)
    expect(a.score).toBe(48);
  });

  it('lists a record at the same place even when the words differ', () => {
    const a = assessDuplicate({ ...base, placeSimilarity: 1 })!;
    expect(a.reasons).toContain('similar place name (100%)');
    expect(a.score).toBe(55);
  });

  it('counts nearby points as the same place and far ones not at all', () => {
    const calais = { lat: 50.95, lon: 1.86 };
    const near = assessDuplicate({
      ...base,
      points: { a: calais, b: { lat: 50.96, lon: 1.87 } },
    })!;
    expect(near.reasons.at(-1)).toMatch(/^points 1\.\d km apart$/);
    const far = assessDuplicate({ ...base, points: { a: calais, b: { lat: 48.85, lon: 2.35 } } });
    expect(far).toBeNull();
  });

  it('scores records days apart below overlapping ones, and partial category overlap lower', () => {
    const overlapping = assessDuplicate({ ...base, narrativeSimilarity: 0.5 })!;
    const apart = assessDuplicate({ ...base, narrativeSimilarity: 0.5, daysApart: 2 })!;
    expect(apart.score).toBeLessThan(overlapping.score);
    expect(apart.reasons).toContain('2 days apart');
    const partial = assessDuplicate({ ...base, narrativeSimilarity: 0.5, allCategories: 2 })!;
    expect(partial.score).toBeLessThan(overlapping.score);
  });

  it('scores identical records 100', () => {
    expect(
      assessDuplicate({ ...base, titleSimilarity: 1, narrativeSimilarity: 1, placeSimilarity: 1 })!
        .score,
    ).toBe(100);
  });

  it('reads a record dated by month, year or week as the whole period it may mean', () => {
    expect(effectivePeriod('2026-02-10', '2026-02-10', 'month')).toEqual({
      start: '2026-02-01',
      end: '2026-02-28',
    });
    expect(effectivePeriod('2024-02-01', '2024-02-01', 'month').end).toBe('2024-02-29');
    expect(effectivePeriod('2026-03-14', '2026-03-14', 'year')).toEqual({
      start: '2026-01-01',
      end: '2026-12-31',
    });
    expect(effectivePeriod('2026-12-29', '2026-12-29', 'week').end).toBe('2027-01-04');
    expect(effectivePeriod('2026-03-14', '2026-03-20', 'day')).toEqual({
      start: '2026-03-14',
      end: '2026-03-20',
    });
    // A stored range longer than its precision implies is kept whole.
    expect(effectivePeriod('2026-03-01', '2026-05-31', 'month').end).toBe('2026-05-31');
  });

  it('ranks best first, ties by reference', () => {
    const ranked = rankDuplicates([
      { reference: 'INC-2026-000003', score: 40 },
      { reference: 'INC-2026-000002', score: 70 },
      { reference: 'INC-2026-000001', score: 40 },
    ]);
    expect(ranked.map((r) => r.reference)).toEqual([
      'INC-2026-000002',
      'INC-2026-000001',
      'INC-2026-000003',
    ]);
  });
});
