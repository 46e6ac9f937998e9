// Rules of directives and taskings, without I/O: the tasking workflow, what makes a tasking
// ready to submit, whether it is overdue, and the readable "what changed" of an amendment.
import { diffLines } from 'diff';
import { Conflict, Invalid, type FieldError } from './errors.ts';

export type TaskingStatus =
  'not_started' | 'in_progress' | 'submitted' | 'accepted' | 'returned' | 'overdue';

export type TaskingAction = 'edit' | 'submit' | 'return' | 'accept';

/** The status after an action, or a Conflict naming why the action is not possible now. */
export function nextTaskingStatus(current: TaskingStatus, action: TaskingAction): TaskingStatus {
  const open = ['not_started', 'in_progress', 'returned', 'overdue'];
  switch (action) {
    case 'edit':
      if (!open.includes(current))
        throw new Conflict(
          `This tasking is ${current.replace('_', ' ')}; it cannot be changed now.`,
        );
      return current === 'overdue' ? 'overdue' : 'in_progress';
    case 'submit':
      if (!open.includes(current))
        throw new Conflict(
          `This tasking is ${current.replace('_', ' ')}; only an open tasking can be submitted.`,
        );
      return 'submitted';
    case 'return':
    case 'accept':
      if (current !== 'submitted')
        throw new Conflict(
          `This tasking is ${current.replace('_', ' ')}; only a submitted tasking can be ${action === 'return' ? 'returned' : 'accepted'}.`,
        );
      return action === 'return' ? 'returned' : 'accepted';
  }
}

/** A tasking still open after its due date is overdue (dates are ISO yyyy-mm-dd). */
export function isOverdue(status: TaskingStatus, dueOn: string, today: string): boolean {
  return ['not_started', 'in_progress', 'returned', 'overdue'].includes(status) && dueOn < today;
}

export function isoToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export interface RequirementState {
  id: string;
  position: number;
  kind: 'records' | 'question';
  required: boolean;
  title: string;
  answer: string;
  nothingToReport: boolean;
  records: number;
}

/** Every required requirement must be met: records found, a text answer, or "nothing to report". */
export function submissionErrors(requirements: RequirementState[]): FieldError[] {
  return requirements.flatMap((r) => {
    if (!r.required || r.nothingToReport) return [];
    if (r.kind === 'question' && r.answer.trim() === '')
      return [
        {
          field: `requirements.${r.position}`,
          message: `"${r.title}" needs an answer or "nothing to report"`,
        },
      ];
    if (r.kind === 'records' && r.records === 0 && r.answer.trim() === '')
      return [
        {
          field: `requirements.${r.position}`,
          message: `"${r.title}" needs at least one record or "nothing to report"`,
        },
      ];
    return [];
  });
}

export function assertReadyToSubmit(requirements: RequirementState[]): void {
  const errors = submissionErrors(requirements);
  if (errors.length) throw new Invalid(errors);
}

export interface DirectiveDates {
  issuedOn: string;
  dueOn: string;
  periodStart: string;
  periodEnd: string;
}

export function dateErrors(d: Partial<DirectiveDates>): FieldError[] {
  const errors: FieldError[] = [];
  if (d.periodStart && d.periodEnd && d.periodEnd < d.periodStart)
    errors.push({ field: 'periodEnd', message: 'the reporting period ends before it starts' });
  if (d.issuedOn && d.dueOn && d.dueOn < d.issuedOn)
    errors.push({
      field: 'dueOn',
      message: `the due date ${d.dueOn} is before the issue date ${d.issuedOn}`,
    });
  return errors;
}

/** What an amendment changed, in words and lines a post officer can read. */
export interface AmendmentChange {
  field: string;
  label: string;
  from?: string;
  to?: string;
  /** For long text: the lines added and removed, in order. */
  lines?: { op: 'added' | 'removed' | 'same'; text: string }[];
}

export interface AmendableRequirement {
  id?: string | undefined;
  title: string;
  kind: string;
  recordType?: string | null | undefined;
  criteria?: unknown;
  guidance: string;
  required: boolean;
}

export interface AmendableDirective {
  title: string;
  body: string;
  dueOn: string;
  periodStart: string;
  periodEnd: string;
  requirements: AmendableRequirement[];
}

const describeRequirement = (r: AmendableRequirement) =>
  `${r.title}${r.required ? '' : ' (optional)'}${
    r.recordType
      ? ` [${r.recordType}${
          r.criteria && Object.keys(r.criteria as object).length
            ? ` ${JSON.stringify(r.criteria)}`
            : ''
        }]`
      : ''
  }${r.guidance ? ` — ${r.guidance}` : ''}`;

export function amendmentChanges(
  before: AmendableDirective,
  after: AmendableDirective,
): AmendmentChange[] {
  const changes: AmendmentChange[] = [];
  const simple: [keyof AmendableDirective, string][] = [
    ['title', 'Title'],
    ['dueOn', 'Due date'],
    ['periodStart', 'Reporting period from'],
    ['periodEnd', 'Reporting period to'],
  ];
  for (const [field, label] of simple)
    if (before[field] !== after[field])
      changes.push({ field, label, from: String(before[field]), to: String(after[field]) });
  if (before.body !== after.body)
    changes.push({ field: 'body', label: 'Text', lines: lineDiff(before.body, after.body) });
  const was = before.requirements.map(describeRequirement).join('\n');
  const now = after.requirements.map(describeRequirement).join('\n');
  if (was !== now)
    changes.push({ field: 'requirements', label: 'Requirements', lines: lineDiff(was, now) });
  return changes;
}

function lineDiff(a: string, b: string): NonNullable<AmendmentChange['lines']> {
  return diffLines(a.endsWith('\n') ? a : `${a}\n`, b.endsWith('\n') ? b : `${b}\n`).flatMap(
    (part) =>
      part.value
        .replace(/\n$/, '')
        .split('\n')
        .map(
          (text) =>
            ({ op: part.added ? 'added' : part.removed ? 'removed' : 'same', text }) as const,
        ),
  );
}
