// The country-reports API (src/modules/reports) as the pages use it.
import { request } from './api.ts';

export type ReportStatus = 'drafted' | 'reviewed' | 'cleared';

export interface ReportSummary {
  id: string;
  countryCode: string;
  countryName: string;
  regionName: string;
  year: number;
  status: ReportStatus;
  contentVersion: number;
  clearedVersion: number | null;
  version: number;
  updatedAt: string;
}

export interface FigureWarning {
  paragraph: number;
  sentence: string;
  message: string;
}

export interface ReportSection {
  id: string;
  number: string;
  title: string;
  body: string;
  generated: boolean;
  warnings: FigureWarning[];
}

export interface Footnote {
  n: number;
  text: string;
  records: { type: string; id: string; reference: string }[];
}

export interface Report extends Omit<ReportSummary, 'regionName' | 'updatedAt'> {
  postId: number | null;
  /** The post's tasking under the annual human-rights directive, when one was issued. */
  taskingId: string | null;
  locked: boolean;
  synthetic: boolean;
  sections: ReportSection[];
  footnotes: Footnote[];
}

export interface DiffPart {
  text: string;
  change: 'added' | 'removed' | 'same';
}

export interface RegeneratePreview {
  version: number;
  verifiedIncidents: number;
  changes: {
    sectionId: string;
    number: string;
    title: string;
    changed: boolean;
    diff: DiffPart[];
  }[];
}

export interface ReportVersion {
  id: string;
  contentVersion: number;
  status: string;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
  changes: { number: string; diff: DiffPart[] }[];
}

export interface ReportComment {
  id: string;
  sectionId: string;
  paragraph: number;
  body: string;
  author: string | null;
  createdAt: string;
}

const base = (id: string) => `/api/reports/${encodeURIComponent(id)}`;

export interface StructureSection {
  number: string;
  title: string;
  categories: string[];
  statistics: string[];
  engagement: boolean;
}

export interface ReportStructure {
  year: number;
  custom: boolean;
  version: number;
  sections: StructureSection[];
}

export const reportsApi = {
  structure: (year: number) => request<ReportStructure>('GET', `/api/reports/structures/${year}`),
  saveStructure: (year: number, version: number, sections: StructureSection[]) =>
    request<ReportStructure>('PUT', `/api/reports/structures/${year}`, { version, sections }),
  list: (filter: { year?: number; regionId?: number }) => {
    const params = new URLSearchParams();
    if (filter.year) params.set('year', String(filter.year));
    if (filter.regionId) params.set('regionId', String(filter.regionId));
    return request<{ items: ReportSummary[] }>('GET', `/api/reports?${params.toString()}`);
  },
  create: (countryCode: string, year: number) =>
    request<Report>('POST', '/api/reports', { countryCode, year }),
  get: (id: string) => request<Report>('GET', base(id)),
  saveSection: (id: string, sectionId: string, version: number, body: string) =>
    request<Report>('PUT', `${base(id)}/sections/${encodeURIComponent(sectionId)}`, {
      version,
      body,
    }),
  act: (id: string, action: 'review' | 'clear' | 'return', version: number, note?: string) =>
    request<Report>('POST', `${base(id)}/${action}`, { version, ...(note ? { note } : {}) }),
  regeneratePreview: (id: string) => request<RegeneratePreview>('GET', `${base(id)}/regenerate`),
  regenerate: (id: string, version: number) =>
    request<Report>('POST', `${base(id)}/regenerate`, { version }),
  versions: (id: string) => request<{ items: ReportVersion[] }>('GET', `${base(id)}/versions`),
  comments: (id: string) => request<{ items: ReportComment[] }>('GET', `${base(id)}/comments`),
  comment: (id: string, sectionId: string, paragraph: number, body: string) =>
    request<{ id: string }>('POST', `${base(id)}/comments`, { sectionId, paragraph, body }),
  citable: (id: string, q: string) =>
    request<{ items: { id: string; reference: string; title: string; occurredStart: string }[] }>(
      'GET',
      `${base(id)}/citable?q=${encodeURIComponent(q)}`,
    ),
  exportUrl: (id: string, format: 'html' | 'docx' | 'pdf', audience: 'internal' | 'foreign') =>
    `${base(id)}/export?format=${format}&audience=${audience}`,
  compilationUrl: (year: number, regionId: number | undefined, format: 'html' | 'docx' | 'pdf') =>
    `/api/reports/compilation?year=${year}&format=${format}${regionId ? `&regionId=${regionId}` : ''}`,
};
