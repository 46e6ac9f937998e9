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

export interface Act {
  act: string;
  victimCount: number | null;
  description: string | null;
}

export interface VictimGroup {
  sex: string;
  ageBand: string;
  count: number;
  nationality: string | null;
  nationalitySourceId: string | null;
}

export interface PerpetratorAttribute {
  attribute: string;
  value: string;
  sourceId: string;
  excerpt: string | null;
}

export interface Perpetrator {
  type: string;
  count: number | null;
  description: string | null;
  attributes: PerpetratorAttribute[];
}

export interface Outcome {
  reportedToPolice?: boolean | null;
  reportedOn?: string | null;
  arrests?: number | null;
  arrestsOn?: string | null;
  charges?: number | null;
  chargedOn?: string | null;
  convictions?: number | null;
  convictedOn?: string | null;
  sentence?: string | null;
  sentencedOn?: string | null;
}

export interface SourceLink {
  sourceId: string;
  credibility: number;
  excerpt: string | null;
}

export interface DuplicateCandidate {
  id: string;
  reference: string;
  title: string;
  status: IncidentStatus;
  postId: number;
  categories: string[];
  occurredStart: string;
  occurredEnd: string;
  datePrecision: string;
  placeName: string | null;
  score: number;
  reasons: string[];
}

export interface Incident extends IncidentSummary {
  narrative: string;
  admin1: string | null;
  tags: string[];
  language: string | null;
  latitude: number | null;
  longitude: number | null;
  geoPrecision: number | null;
  outcome: Outcome;
  acts: Act[];
  victims: VictimGroup[];
  perpetrators: Perpetrator[];
  mergedInto: string | null;
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
  language?: string | null;
  admin1?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  geoPrecision?: number | null;
  tags?: string[];
  outcome?: Outcome;
  acts?: Act[];
  victims?: VictimGroup[];
  perpetrators?: Perpetrator[];
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
  create: (fields: IncidentFields & { postId: number; sources?: SourceLink[] }) =>
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
  searchSources: (q: string) =>
    request<{ items: Source[] }>('GET', `/api/sources?${new URLSearchParams({ q, limit: '20' })}`),
  duplicates: (id: string) =>
    request<{ items: DuplicateCandidate[] }>('GET', `${at(id)}/duplicates`),
  merge: (id: string, version: number, duplicateId: string, duplicateVersion: number) =>
    request<Incident>('POST', `${at(id)}/merge`, { duplicateId, version, duplicateVersion }),
};
