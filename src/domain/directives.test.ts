// The tasking workflow, readiness to submit, overdue, dates and the amendment diff.
import { describe, expect, it } from 'vitest';
import {
  addDays,
  amendmentChanges,
  dateErrors,
  isOverdue,
  nextTaskingStatus,
  submissionErrors,
  type AmendableDirective,
  type RequirementState,
} from './directives.ts';
import { Conflict } from './errors.ts';

describe('tasking workflow', () => {
  it('opens on the first edit, is submitted by the post and decided by headquarters', () => {
    expect(nextTaskingStatus('not_started', 'edit')).toBe('in_progress');
    expect(nextTaskingStatus('returned', 'edit')).toBe('in_progress');
    expect(nextTaskingStatus('overdue', 'edit')).toBe('overdue');
    expect(nextTaskingStatus('in_progress', 'submit')).toBe('submitted');
    expect(nextTaskingStatus('submitted', 'return')).toBe('returned');
    expect(nextTaskingStatus('submitted', 'accept')).toBe('accepted');
  });

  it('refuses edits after submission and decisions before it', () => {
    expect(() => nextTaskingStatus('submitted', 'edit')).toThrow(Conflict);
    expect(() => nextTaskingStatus('accepted', 'submit')).toThrow(Conflict);
    expect(() => nextTaskingStatus('in_progress', 'accept')).toThrow(/only a submitted tasking/);
  });

  it('is overdue only while open and past its due date', () => {
    expect(isOverdue('in_progress', '2026-07-01', '2026-07-02')).toBe(true);
    expect(isOverdue('in_progress', '2026-07-02', '2026-07-02')).toBe(false);
    expect(isOverdue('submitted', '2026-07-01', '2026-07-02')).toBe(false);
  });
});

describe('readiness to submit', () => {
  const req = (over: Partial<RequirementState>): RequirementState => ({
    id: 'r',
    position: 0,
    kind: 'question',
    required: true,
    title: 'Q',
    answer: '',
    nothingToReport: false,
    records: 0,
    ...over,
  });

  it('needs each required requirement met by an answer, a record or "nothing to report"', () => {
    expect(
      submissionErrors([
        req({ position: 0 }),
        req({ position: 1, kind: 'records' }),
        req({ position: 2, required: false }),
        req({ position: 3, answer: 'yes' }),
        req({ position: 4, kind: 'records', records: 2 }),
        req({ position: 5, nothingToReport: true }),
      ]).map((e) => e.field),
    ).toEqual(['requirements.0', 'requirements.1']);
  });
});

describe('dates', () => {
  it('names a due date before the issue date and a period that ends before it starts', () => {
    expect(
      dateErrors({
        issuedOn: '2026-08-01',
        dueOn: '2026-07-15',
        periodStart: '2026-06-01',
        periodEnd: '2026-01-01',
      }),
    ).toEqual([
      { field: 'periodEnd', message: 'the reporting period ends before it starts' },
      { field: 'dueOn', message: 'the due date 2026-07-15 is before the issue date 2026-08-01' },
    ]);
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
  });
});

describe('amendment changes', () => {
  const base: AmendableDirective = {
    title: 'Migration',
    body: 'Line one\nLine two',
    dueOn: '2026-09-30',
    periodStart: '2026-01-01',
    periodEnd: '2026-06-30',
    requirements: [
      {
        title: 'Cases',
        kind: 'records',
        recordType: 'incident',
        criteria: {},
        guidance: '',
        required: true,
      },
    ],
  };

  it('lists only what changed: short fields from → to, text as added and removed lines', () => {
    const changes = amendmentChanges(base, {
      ...base,
      dueOn: '2026-09-15',
      body: 'Line one\nLine two, amended\nLine three',
      requirements: [
        ...base.requirements,
        { title: 'Partners', kind: 'question', guidance: '', required: false },
      ],
    });
    expect(changes.map((c) => c.field)).toEqual(['dueOn', 'body', 'requirements']);
    expect(changes[0]).toEqual({
      field: 'dueOn',
      label: 'Due date',
      from: '2026-09-30',
      to: '2026-09-15',
    });
    expect(changes[1]!.lines).toEqual([
      { op: 'same', text: 'Line one' },
      { op: 'removed', text: 'Line two' },
      { op: 'added', text: 'Line two, amended' },
      { op: 'added', text: 'Line three' },
    ]);
    expect(changes[2]!.lines).toContainEqual({ op: 'added', text: 'Partners (optional)' });
    expect(amendmentChanges(base, base)).toEqual([]);
  });
});
