// What an engagement with a host government is made of, and the rules it must meet, as pure
// functions: the kinds of engagement, the counterpart's level, the host's coded stance and
// follow-up states, and the checks that name the field at fault.
import type { FieldError } from './errors.ts';
import { INCIDENT_CATEGORIES, MARKINGS, POLICY_TOPICS, type Term } from './vocabularies.ts';

const terms = <const T extends readonly Term[]>(list: T) => list;

export const ENGAGEMENT_KINDS = terms([
  { code: 'demarche', label: 'Démarche' },
  { code: 'meeting', label: 'Meeting' },
  { code: 'letter_note', label: 'Letter or diplomatic note' },
  { code: 'call', label: 'Call' },
  { code: 'joint_statement', label: 'Joint statement' },
  { code: 'working_group', label: 'Working group' },
]);

export const COUNTERPART_LEVELS = terms([
  { code: 'head_of_state_government', label: 'Head of state or government' },
  { code: 'minister', label: 'Minister' },
  { code: 'deputy_minister', label: 'Deputy minister or state secretary' },
  { code: 'senior_official', label: 'Senior official (director and above)' },
  { code: 'working_level', label: 'Working level' },
  { code: 'other', label: 'Other' },
]);

export const HOST_STANCES = terms([
  { code: 'receptive', label: 'Receptive' },
  { code: 'non_committal', label: 'Non-committal' },
  { code: 'rejected', label: 'Rejected' },
  { code: 'no_response_yet', label: 'No response yet' },
]);

export const FOLLOW_UP_STATUSES = terms([
  { code: 'open', label: 'Open' },
  { code: 'done', label: 'Done' },
  { code: 'cancelled', label: 'Cancelled' },
]);

/** Engagement topics: the incident categories and the policy topics, one controlled list. */
export const ENGAGEMENT_TOPICS: readonly Term[] = [...INCIDENT_CATEGORIES, ...POLICY_TOPICS];

const has = (list: readonly Term[], code: string) => list.some((t) => t.code === code);

export interface EngagementFacts {
  occurredOn?: string | undefined;
  kind?: string | undefined;
  counterpartLevel?: string | undefined;
  topics?: readonly string[] | undefined;
  stance?: string | undefined;
  marking?: string | undefined;
  followUps?: readonly { dueOn: string; status?: string | undefined }[] | undefined;
}

/** Errors in an engagement's facts, each naming its field. `today` is the latest date anywhere. */
export function engagementErrors(facts: EngagementFacts, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (facts.occurredOn && facts.occurredOn > today)
    errors.push({ field: 'occurredOn', message: 'the engagement date is in the future' });
  if (facts.kind !== undefined && !has(ENGAGEMENT_KINDS, facts.kind))
    errors.push({ field: 'kind', message: `unknown kind of engagement "${facts.kind}"` });
  if (facts.counterpartLevel !== undefined && !has(COUNTERPART_LEVELS, facts.counterpartLevel))
    errors.push({
      field: 'counterpartLevel',
      message: `unknown counterpart level "${facts.counterpartLevel}"`,
    });
  facts.topics?.forEach((t, i) => {
    if (!has(ENGAGEMENT_TOPICS, t))
      errors.push({ field: `topics.${i}`, message: `unknown topic "${t}"` });
  });
  if (facts.topics && facts.topics.length === 0)
    errors.push({ field: 'topics', message: 'at least one topic is required' });
  if (facts.stance !== undefined && !has(HOST_STANCES, facts.stance))
    errors.push({ field: 'stance', message: `unknown stance "${facts.stance}"` });
  if (facts.marking !== undefined && !MARKINGS.some((m) => m.code === facts.marking))
    errors.push({ field: 'marking', message: `unknown marking "${facts.marking}"` });
  facts.followUps?.forEach((f, i) => {
    if (facts.occurredOn && f.dueOn < facts.occurredOn)
      errors.push({
        field: `followUps.${i}.dueOn`,
        message: `the follow-up is due (${f.dueOn}) before the engagement took place (${facts.occurredOn})`,
      });
    if (f.status !== undefined && !has(FOLLOW_UP_STATUSES, f.status))
      errors.push({ field: `followUps.${i}.status`, message: `unknown status "${f.status}"` });
  });
  return errors;
}

/** Why a status change is refused, or null: a draft may be logged, never the other way round. */
export function statusChangeError(from: string, to: string | undefined): FieldError | null {
  if (to === undefined || to === from) return null;
  if (from === 'logged' && to === 'draft')
    return { field: 'status', message: 'a logged engagement cannot go back to draft' };
  return null;
}

/** An open follow-up past its due date (dates compared as ISO strings, in UTC). */
export function isOverdue(followUp: { dueOn: string; status: string }, today: string): boolean {
  return followUp.status === 'open' && followUp.dueOn < today;
}
