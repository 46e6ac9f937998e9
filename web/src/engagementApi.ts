// The engagements, assessments and partner-sharing API (src/modules/engagements,
// src/modules/assessments, src/modules/partners) as the pages use it.
import { request } from './api.ts';

export interface FollowUp {
  id?: string;
  action: string;
  owner: string;
  dueOn: string;
  status: string;
  overdue?: boolean;
}

export interface EngagementSummary {
  id: string;
  postId: number;
  countryCode: string;
  occurredOn: string;
  kind: string;
  counterpartOffice: string;
  counterpartLevel: string;
  topics: string[];
  stance: string;
  responseSummary: string;
  marking: string;
  /** `draft`: proposed from a text read in, not yet confirmed by the post. */
  status: 'draft' | 'logged';
  openFollowUps: number;
  overdueFollowUps: number;
}

export interface EngagementFields {
  countryCode?: string;
  occurredOn: string;
  kind: string;
  counterpartOffice: string;
  counterpartLevel: string;
  topics: string[];
  concernsRaised: string;
  dataRequested: string;
  supportOffered: string;
  responseSummary: string;
  stance: string;
  marking: string;
  directiveId?: string | null;
  followUps: { action: string; owner: string; dueOn: string; status: string }[];
  sources: { sourceId: string; note?: string | null }[];
  /** Setting `logged` confirms a draft; a logged engagement does not go back to draft. */
  status?: 'draft' | 'logged';
}

export interface Engagement extends EngagementSummary {
  directiveId: string | null;
  concernsRaised: string;
  dataRequested: string;
  supportOffered: string;
  version: number;
  followUps: FollowUp[];
  sources: { note: string | null; source: { id: string; title: string; publisher: string } }[];
}

export interface OverdueFollowUp {
  id: string;
  engagementId: string;
  postId: number;
  countryCode: string;
  occurredOn: string;
  kind: string;
  counterpartOffice: string;
  action: string;
  owner: string;
  dueOn: string;
  daysOverdue: number;
}

export interface Level {
  code: string;
  label: string;
  definition: string;
}
export interface Indicator {
  code: string;
  question: string;
  guidance: string;
}
export interface FrameworkVersion {
  id: string;
  frameworkId: string;
  frameworkName: string;
  number: number;
  guidance: string;
  scale: Level[];
  indicators: Indicator[];
  usedBy: number;
}
export interface Framework {
  id: string;
  name: string;
  version: number;
  latest: FrameworkVersion;
  versions: { id: string; number: number; usedBy: number }[];
}
export interface FrameworkSummary {
  id: string;
  name: string;
  latestVersionId: string;
  latestNumber: number;
  indicatorCount: number;
}
export interface Evidence {
  recordType: string;
  recordId: string;
  note: string | null;
  label?: string;
}
export interface Rating {
  indicatorCode: string;
  question: string;
  rating: string | null;
  ratingLabel: string | null;
  narrative: string;
  evidence: Evidence[];
}
export interface AssessmentSummary {
  id: string;
  postId: number;
  countryCode: string;
  frameworkName: string;
  frameworkNumber: number;
  periodStart: string;
  periodEnd: string;
  status: string;
}
export interface Assessment extends AssessmentSummary {
  summary: string;
  version: number;
  createdBy: string | null;
  updatedBy: string | null;
  framework: FrameworkVersion;
  ratings: Rating[];
}
export interface Comparison {
  frameworkName: string;
  columns: {
    assessmentId: string;
    countryCode: string;
    countryName: string;
    periodStart: string;
    periodEnd: string;
    status: string;
    frameworkNumber: number;
  }[];
  rows: {
    indicatorCode: string;
    question: string;
    cells: (null | {
      rating: string | null;
      ratingLabel: string | null;
      narrative: string;
      evidenceCount: number;
      change: 'up' | 'down' | 'same' | null;
    })[];
  }[];
}

export interface SharedAggregate {
  countryCode: string;
  periodStart: string;
  periodEnd: string;
  threshold: number;
  rows: { category: string; count: number | null; display: string }[];
  total: { count: number | null; display: string };
  note: string;
}
export interface Share {
  id: string;
  itemType: string;
  recordId: string | null;
  title: string;
  note: string;
  expiresOn: string;
  state: 'active' | 'expired' | 'revoked';
  aggregate: SharedAggregate | null;
}
export interface PartnerSummary {
  id: string;
  name: string;
  kind: string;
  foreign: boolean;
  active: boolean;
  members: number;
  activeShares: number;
}
export interface Partner {
  id: string;
  name: string;
  kind: string;
  foreign: boolean;
  active: boolean;
  version: number;
  members: { userId: string; username: string; displayName: string }[];
  shares: Share[];
}
export interface SharedSummary {
  id: string;
  itemType: string;
  title: string;
  note: string;
  expiresOn: string;
  sharedOn: string;
}
export interface SharedItem extends SharedSummary {
  organisationName: string;
  aggregate: SharedAggregate | null;
  record: Record<string, unknown> | null;
}

const qs = (params: Record<string, string | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
};

export const engagementApi = {
  list: (filters: { country?: string; kind?: string; topic?: string }) =>
    request<{ items: EngagementSummary[] }>('GET', `/api/engagements${qs(filters)}`),
  timeline: (country: string) =>
    request<{ countryCode: string; items: EngagementSummary[] }>(
      'GET',
      `/api/engagements/timeline/${encodeURIComponent(country)}`,
    ),
  overdue: () =>
    request<{ items: OverdueFollowUp[] }>('GET', '/api/engagements/overdue-follow-ups'),
  get: (id: string) => request<Engagement>('GET', `/api/engagements/${encodeURIComponent(id)}`),
  create: (fields: EngagementFields & { postId: number }) =>
    request<Engagement>('POST', '/api/engagements', fields),
  update: (id: string, version: number, fields: Partial<EngagementFields>) =>
    request<Engagement>('PATCH', `/api/engagements/${encodeURIComponent(id)}`, {
      version,
      ...fields,
    }),
  sources: (q: string) =>
    request<{ items: { id: string; title: string; publisher: string }[] }>(
      'GET',
      `/api/sources${qs({ q, limit: 50 })}`,
    ),
};

export const assessmentApi = {
  frameworks: () => request<{ items: FrameworkSummary[] }>('GET', '/api/assessment-frameworks'),
  framework: (id: string) => request<Framework>('GET', `/api/assessment-frameworks/${id}`),
  createFramework: (body: {
    name: string;
    guidance: string;
    scale: Level[];
    indicators: Indicator[];
  }) => request<Framework>('POST', '/api/assessment-frameworks', body),
  updateFramework: (
    id: string,
    body: {
      version: number;
      name: string;
      guidance: string;
      scale: Level[];
      indicators: Indicator[];
    },
  ) => request<Framework>('PUT', `/api/assessment-frameworks/${id}`, body),
  list: (filters: { country?: string; status?: string }) =>
    request<{ items: AssessmentSummary[] }>('GET', `/api/assessments${qs(filters)}`),
  get: (id: string) => request<Assessment>('GET', `/api/assessments/${id}`),
  create: (body: {
    postId: number;
    frameworkVersionId: string;
    periodStart: string;
    periodEnd: string;
    summary: string;
  }) => request<Assessment>('POST', '/api/assessments', body),
  update: (
    id: string,
    body: {
      version: number;
      summary?: string;
      ratings?: {
        indicatorCode: string;
        rating: string | null;
        narrative: string;
        evidence: Evidence[];
      }[];
    },
  ) => request<Assessment>('PATCH', `/api/assessments/${id}`, body),
  submit: (id: string, version: number) =>
    request<Assessment>('POST', `/api/assessments/${id}/submit`, { version }),
  review: (id: string, version: number, decision: 'reviewed' | 'returned', comment?: string) =>
    request<Assessment>('POST', `/api/assessments/${id}/review`, {
      version,
      decision,
      ...(comment ? { comment } : {}),
    }),
  compareCountry: (country: string, framework: string) =>
    request<Comparison>('GET', `/api/assessments/compare/country/${country}${qs({ framework })}`),
  compareRegion: (regionId: number, framework: string) =>
    request<Comparison>('GET', `/api/assessments/compare/region/${regionId}${qs({ framework })}`),
};

export const partnerApi = {
  list: () => request<{ items: PartnerSummary[] }>('GET', '/api/partners'),
  get: (id: string) => request<Partner>('GET', `/api/partners/${id}`),
  create: (body: { name: string; kind: string; foreign: boolean }) =>
    request<Partner>('POST', '/api/partners', body),
  memberCandidates: () =>
    request<{ items: { id: string; username: string; displayName: string }[] }>(
      'GET',
      '/api/partners/member-candidates',
    ),
  addMember: (id: string, userId: string) =>
    request<Partner>('POST', `/api/partners/${id}/members`, { userId }),
  share: (id: string, body: Record<string, unknown>) =>
    request<Share>('POST', `/api/partners/${id}/shares`, body),
  revoke: (id: string, shareId: string) =>
    request<Share>('POST', `/api/partners/${id}/shares/${shareId}/revoke`, {}),
  shared: () => request<{ items: SharedSummary[] }>('GET', '/api/shared'),
  sharedItem: (id: string) => request<SharedItem>('GET', `/api/shared/${id}`),
};
