// The incidents and sources API (src/modules/incidents, src/modules/sources) as the pages use it.
import { request } from './api.ts';

export type IncidentStatus =
  'draft' | 'submitted' | 'returned' | 'verified' | 'rejected' | 'merged';

export interface IncidentSummary {
  id: string;
  reference: string;
  postId: number;
  countryCode: string;
  title: string;
  categories: string[];
  occurredStart: string;
  occurredEnd: string;
  datePrecision: string;
  placeName: string | null;
  route: string | null;
  status: IncidentStatus;
  marking: string;
  synthetic: boolean;
  updatedAt: string;
}

export interface Source {
  id: string;
  type: string;
  publisher: string;
  title: string;
  url: string | null;
  publishedOn: string | null;
  reliability: string;
  version: number;
}

export interface Incident extends IncidentSummary {
  narrative: string;
  admin1: string | null;
  tags: string[];
  createdBy: string | null;
  updatedBy: string | null;
  submittedAt: string | null;
  verifiedAt: string | null;
  version: number;
  createdAt: string;
  sources: { credibility: number; excerpt: string | null; source: Source }[];
  warnings: { field: string; message: string }[];
}

export interface IncidentFields {
  countryCode?: string;
  title: string;
  narrative: string;
  categories: string[];
  occurredStart: string;
  occurredEnd?: string;
  datePrecision: string;
  placeName: string | null;
  route: string | null;
  marking: string;
}

export interface Comment {
  id: string;
  authorId: string | null;
  authorName: string | null;
  body: string;
  createdAt: string;
}

export interface HistoryEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  action: string;
  changes: unknown;
}

export interface IncidentFilters {
  status?: string;
  category?: string;
  country?: string;
  q?: string;
  cursor?: string;
  limit?: number;
}

export interface NewSource {
  type: string;
  publisher: string;
  title: string;
  url?: string | null;
  reliability: string;
}

const at = (id: string) => `/api/incidents/${encodeURIComponent(id)}`;

export const incidentsApi = {
  list: (filters: IncidentFilters) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(filters))
      if (value !== undefined && value !== '') query.set(key, String(value));
    const qs = query.toString();
    return request<{ items: IncidentSummary[]; nextCursor: string | null }>(
      'GET',
      `/api/incidents${qs ? `?${qs}` : ''}`,
    );
  },
  get: (id: string) => request<Incident>('GET', at(id)),
  create: (fields: IncidentFields & { postId: number }) =>
    request<Incident>('POST', '/api/incidents', fields),
  update: (id: string, version: number, fields: Partial<IncidentFields>) =>
    request<Incident>('PATCH', at(id), { version, ...fields }),
  submit: (id: string, version: number) =>
    request<Incident>('POST', `${at(id)}/submit`, { version }),
  decide: (
    id: string,
    decision: 'return' | 'verify' | 'reject',
    version: number,
    comment?: string,
  ) =>
    request<Incident>('POST', `${at(id)}/${decision}`, {
      version,
      ...(comment ? { comment } : {}),
    }),
  linkSource: (id: string, sourceId: string, credibility: number, excerpt: string | null) =>
    request<Incident>('POST', `${at(id)}/sources`, { sourceId, credibility, excerpt }),
  comments: (id: string) => request<{ items: Comment[] }>('GET', `${at(id)}/comments`),
  addComment: (id: string, body: string) =>
    request<Comment>('POST', `${at(id)}/comments`, { body }),
  history: (id: string) => request<{ items: HistoryEntry[] }>('GET', `${at(id)}/history`),
  createSource: (source: NewSource) => request<Source>('POST', '/api/sources', source),
};
