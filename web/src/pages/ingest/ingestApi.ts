// The ingestion API as the pages use it: paste or upload a text, the review queue, one
// document with its proposals, and field decisions.
import { ApiError, request } from '../../api.ts';

export interface Span {
  start: number;
  end: number;
}
export type Decision = 'proposed' | 'accepted' | 'edited' | 'discarded';
export interface ProposedField {
  field: string;
  value: unknown;
  span: Span | null;
  confidence: number;
  rule: string;
  decision: Decision;
  edited?: unknown;
}
export interface Proposal {
  id: string;
  documentId: string;
  position: number;
  kind: 'source' | 'incident' | 'engagement' | 'directive';
  fields: ProposedField[];
  confidence: number;
  status: 'proposed' | 'accepted' | 'discarded';
  duplicates: { id: string; reference: string; title: string; similarity: number }[];
  createdRecordId: string | null;
  version: number;
  /** Whether the signed-in person may accept it now and, if not, why (the permission needed). */
  acceptance: { allowed: boolean; reason: string | null };
}
export interface DocumentSummary {
  id: string;
  postId: number;
  fileName: string | null;
  title: string | null;
  language: string | null;
  extractionStatus: 'done' | 'not_run';
  reviewStatus: 'pending' | 'reviewed';
  proposals: number;
  open: number;
  createdAt: string;
}
export interface IngestedDocument {
  id: string;
  sourceId: string;
  postId: number;
  fileName: string | null;
  mediaType: string;
  sha256: string;
  language: string | null;
  detectedLanguage: string;
  extractionStatus: 'done' | 'not_run';
  extractionNote: string | null;
  reviewStatus: 'pending' | 'reviewed';
  text: string;
  source: { id: string; title: string; publisher: string; publishedOn: string | null };
  proposals: Proposal[];
}
export interface IngestResult {
  duplicate: boolean;
  document: { id: string };
}
export interface DocumentMeta {
  postId: number;
  publisher?: string;
  publishedOn?: string;
}

export const ingestApi = {
  paste: (meta: DocumentMeta & { text: string }) =>
    request<IngestResult>('POST', '/api/ingest/text', meta),
  upload: async (file: File, meta: DocumentMeta, csrfToken: string): Promise<IngestResult> => {
    const query = new URLSearchParams({ postId: String(meta.postId), fileName: file.name });
    if (meta.publisher) query.set('publisher', meta.publisher);
    if (meta.publishedOn) query.set('publishedOn', meta.publishedOn);
    const response = await fetch(`/api/ingest/file?${query}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': file.type || 'application/octet-stream',
        'X-CSRF-Token': csrfToken,
      },
      body: file,
    });
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok) return body as IngestResult;
    throw new ApiError(
      (body as ConstructorParameters<typeof ApiError>[0] | null) ?? {
        type: 'about:blank',
        title: 'Upload failed',
        status: response.status,
      },
    );
  },
  queue: (status?: 'pending' | 'reviewed') =>
    request<{ items: DocumentSummary[] }>(
      'GET',
      `/api/ingest/documents${status ? `?status=${status}` : ''}`,
    ),
  document: (id: string) =>
    request<IngestedDocument>('GET', `/api/ingest/documents/${encodeURIComponent(id)}`),
  decide: (
    id: string,
    version: number,
    decisions: { field: string; decision: Decision; value?: unknown }[],
  ) =>
    request<Proposal>('PATCH', `/api/ingest/proposals/${encodeURIComponent(id)}`, {
      version,
      decisions,
    }),
  accept: (id: string, version: number) =>
    request<Proposal>('POST', `/api/ingest/proposals/${encodeURIComponent(id)}/accept`, {
      version,
    }),
  discard: (id: string, version: number) =>
    request<Proposal>('POST', `/api/ingest/proposals/${encodeURIComponent(id)}/discard`, {
      version,
    }),
};
