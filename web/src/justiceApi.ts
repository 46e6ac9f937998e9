// The justice-outcomes and sentencing-comparison API (src/modules/justice) as the pages use it.
import { request } from './api.ts';

export interface JusticeOutcomeFields {
  countryCode?: string;
  subnationalJurisdiction: string | null;
  courtLevel: string;
  decidedOn: string;
  offenceClass: string;
  defendantGroup: string;
  sourceId: string;
  outcome: string;
  sentenceType: string | null;
  sentenceMonths: number | null;
  aggravatingFactors: string[];
  mitigatingFactors: string[];
  marking: string;
}

export interface JusticeOutcomeSummary {
  id: string;
  postId: number;
  countryCode: string;
  subnationalJurisdiction: string | null;
  courtLevel: string;
  decidedOn: string;
  offenceClass: string;
  defendantGroup: string;
  outcome: string;
  sentenceType: string | null;
  sentenceMonths: number | null;
  aggravatingFactors: string[];
  mitigatingFactors: string[];
  marking: string;
  synthetic: boolean;
  version: number;
  source: { id: string; title: string; publisher: string; url?: string | null };
}

export type JusticeOutcome = JusticeOutcomeSummary;

export interface ComparisonCriteria {
  offenceClass: string;
  country: string;
  subnational?: string;
  courtLevel?: string;
  from: string;
  to: string;
  groupA: string;
  groupB: string;
  aggravating: string[];
  mitigating: string[];
}

export interface ComparisonSide {
  defendantGroup: string;
  cases: number;
  convictions: number;
  acquittals: number;
  sentenceTypes: { sentenceType: string; count: number }[];
  custodialCases: number;
  distribution: {
    min: number;
    q1: number;
    median: number;
    q3: number;
    max: number;
    histogram: { fromMonths: number; toMonths: number | null; count: number }[];
  } | null;
  caseIds: string[];
  syntheticCases: number;
}

export interface Comparison {
  measure: string;
  minCases: number;
  sides: [ComparisonSide, ComparisonSide];
  medianDifference:
    | {
        stated: true;
        difference: number;
        lower: number;
        upper: number;
        level: number;
        iterations: number;
        seed: number;
        n: [number, number];
      }
    | { stated: false; reason: string };
  confounders: string[];
  synthetic: boolean;
}

const qs = (params: Record<string, string | string[] | number | undefined>) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) for (const item of v) q.append(k, item);
    else if (v !== undefined && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
};

const at = (id: string) => `/api/justice/outcomes/${encodeURIComponent(id)}`;

export const justiceApi = {
  list: (filters: Record<string, string | undefined>) =>
    request<{ items: JusticeOutcomeSummary[] }>('GET', `/api/justice/outcomes${qs(filters)}`),
  get: (id: string) => request<JusticeOutcome>('GET', at(id)),
  create: (fields: JusticeOutcomeFields & { postId: number }) =>
    request<JusticeOutcome>('POST', '/api/justice/outcomes', fields),
  update: (id: string, version: number, fields: Partial<JusticeOutcomeFields>) =>
    request<JusticeOutcome>('PATCH', at(id), { ...fields, version }),
  /** Sources to cite, most recent first (a record names exactly one). */
  sources: () =>
    request<{ items: { id: string; title: string; publisher: string; reliability: string }[] }>(
      'GET',
      '/api/sources?limit=200',
    ),
  defendantGroups: (filters: { offenceClass?: string; country?: string }) =>
    request<{ items: { defendantGroup: string; cases: number }[] }>(
      'GET',
      `/api/justice/defendant-groups${qs(filters)}`,
    ),
  compare: (c: ComparisonCriteria) =>
    request<Comparison>(
      'GET',
      `/api/justice/comparison${qs({ ...c, aggravating: c.aggravating, mitigating: c.mitigating })}`,
    ),
};
