// Directives, taskings, compliance and notifications as the web app calls them.
import { request } from './api.ts';

export type DirectiveKind =
  'annual_human_rights' | 'migration_reporting' | 'regional_guidance' | 'other';
export type DirectiveStatus = 'draft' | 'issued' | 'closed';
export type TaskingStatus =
  'not_started' | 'in_progress' | 'submitted' | 'accepted' | 'returned' | 'overdue';

export const DIRECTIVE_KINDS: { code: DirectiveKind; label: string }[] = [
  { code: 'annual_human_rights', label: 'Annual human-rights reporting' },
  { code: 'migration_reporting', label: 'Migration reporting' },
  { code: 'regional_guidance', label: 'Regional guidance' },
  { code: 'other', label: 'Other' },
];
export const TASKING_STATUS_LABELS: Record<TaskingStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  submitted: 'Submitted',
  accepted: 'Accepted',
  returned: 'Returned',
  overdue: 'Overdue',
};
export const kindLabel = (k: string) => DIRECTIVE_KINDS.find((x) => x.code === k)?.label ?? k;

export interface Addressees {
  regionIds: number[];
  countryCodes: string[];
  postIds: number[];
}

export interface RequirementInput {
  id?: string;
  kind: 'records' | 'question';
  recordType?: string | null;
  criteria?: Record<string, unknown>;
  title: string;
  guidance?: string;
  required: boolean;
}

export interface Requirement extends Required<Omit<RequirementInput, 'id'>> {
  id: string;
  position: number;
  recordTypeLabel: string | null;
  criteriaText: string;
  withdrawn: boolean;
}

export interface AmendmentChange {
  field: string;
  label: string;
  from?: string;
  to?: string;
  lines?: { op: 'added' | 'removed' | 'same'; text: string }[];
}

export interface Amendment {
  number: number;
  summary: string;
  changes: AmendmentChange[];
  amendedAt: string;
  amendedBy: string | null;
}

export interface DirectiveSummary {
  id: string;
  reference: string;
  title: string;
  kind: DirectiveKind;
  issuingOffice: string;
  status: DirectiveStatus;
  issuedOn: string | null;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  amendment: number;
  synthetic: boolean;
  version: number;
}

export interface PostRef {
  id: number;
  code: string;
  name: string;
  countryCode: string;
  regionId: number;
}

export interface Directive extends DirectiveSummary {
  body: string;
  bodyHtml: string;
  addressees: Addressees;
  requirements: Requirement[];
  posts: PostRef[];
  amendments: Amendment[];
  taskingCount: number;
}

export interface DirectiveInput {
  title: string;
  kind: DirectiveKind;
  issuingOffice: string;
  periodStart: string;
  periodEnd: string;
  dueOn: string;
  body: string;
  addressees: Addressees;
  requirements: RequirementInput[];
}

export interface SatisfyingRecord {
  recordType: string;
  id: string;
  label: string;
  date: string | null;
  status: string;
  href: string;
  linked: boolean;
}

export interface TaskingSummary {
  id: string;
  directiveId: string;
  directiveReference: string;
  directiveTitle: string;
  directiveKind: DirectiveKind;
  postId: number;
  postCode: string;
  postName: string;
  status: TaskingStatus;
  dueOn: string;
  unseenAmendments: number;
  version: number;
}

export interface Tasking extends TaskingSummary {
  directive: Omit<Directive, 'posts'>;
  requirements: (Requirement & {
    answer: string;
    nothingToReport: boolean;
    explanation: string | null;
    records: SatisfyingRecord[];
  })[];
  changesSinceSeen: Amendment[];
  reviews: { action: string; comment: string | null; actorName: string | null; at: string }[];
  reviewComment: string | null;
}

export interface Compliance {
  directive: DirectiveSummary;
  requirements: { id: string; position: number; title: string; required: boolean }[];
  rows: {
    taskingId: string;
    post: PostRef;
    regionName: string;
    status: TaskingStatus;
    overdue: boolean;
    cells: {
      requirementId: string;
      state: 'met' | 'nothing_to_report' | 'missing';
      records: number;
    }[];
  }[];
  totals: Record<string, number>;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

export const directivesApi = {
  list: () => request<{ items: DirectiveSummary[] }>('GET', '/api/directives'),
  recordTypes: () =>
    request<{ items: { recordType: string; label: string }[] }>(
      'GET',
      '/api/directives/record-types',
    ),
  get: (id: string) => request<Directive>('GET', `/api/directives/${id}`),
  create: (input: DirectiveInput) => request<Directive>('POST', '/api/directives', input),
  update: (
    id: string,
    change: Partial<DirectiveInput> & { version: number; amendmentSummary?: string },
  ) => request<Directive>('PATCH', `/api/directives/${id}`, change),
  issue: (id: string, version: number) =>
    request<Directive>('POST', `/api/directives/${id}/issue`, { version }),
  close: (id: string, version: number) =>
    request<Directive>('POST', `/api/directives/${id}/close`, { version }),
  compliance: (id: string, region?: number) =>
    request<Compliance>(
      'GET',
      `/api/directives/${id}/compliance${region ? `?region=${region}` : ''}`,
    ),

  taskings: (post?: number) =>
    request<{ items: TaskingSummary[] }>('GET', `/api/taskings${post ? `?post=${post}` : ''}`),
  tasking: (id: string) => request<Tasking>('GET', `/api/taskings/${id}`),
  answer: (
    id: string,
    requirementId: string,
    answer: { answer: string; nothingToReport: boolean; explanation: string | null },
  ) => request<Tasking>('PUT', `/api/taskings/${id}/answers/${requirementId}`, answer),
  link: (id: string, link: { requirementId: string; recordType: string; recordId: string }) =>
    request<Tasking>('POST', `/api/taskings/${id}/links`, link),
  unlink: (id: string, link: { requirementId: string; recordType: string; recordId: string }) =>
    request<Tasking>('DELETE', `/api/taskings/${id}/links`, link),
  acknowledge: (id: string) => request<Tasking>('POST', `/api/taskings/${id}/amendments-read`),
  submit: (id: string, version: number) =>
    request<Tasking>('POST', `/api/taskings/${id}/submit`, { version }),
  review: (id: string, decision: 'return' | 'accept', version: number, comment: string) =>
    request<Tasking>('POST', `/api/taskings/${id}/${decision}`, {
      version,
      ...(comment ? { comment } : {}),
    }),

  notifications: () =>
    request<{ items: Notification[]; unread: number }>('GET', '/api/notifications'),
  markRead: (ids?: string[]) =>
    request<{ unread: number }>('POST', '/api/notifications/read', ids ? { ids } : {}),
};
