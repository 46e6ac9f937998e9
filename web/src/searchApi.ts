// Finding incidents (src/modules/incidentSearch): facets, map points, saved searches, exports
// and imports, as the list and import pages use them.
import { ApiError, request } from './api.ts';

/** The list's filters, as query parameters (every value a string; empty means unset). */
export type SearchFilters = Partial<
  Record<
    | 'q'
    | 'country'
    | 'region'
    | 'post'
    | 'status'
    | 'category'
    | 'route'
    | 'marking'
    | 'sourceType'
    | 'reliability'
    | 'from'
    | 'to'
    | 'sort',
    string
  >
>;

export type FacetName =
  | 'country'
  | 'region'
  | 'category'
  | 'status'
  | 'route'
  | 'marking'
  | 'year'
  | 'sourceType'
  | 'reliability';

export interface Facets {
  total: number;
  /** A full-text search with many matches: the counts are estimates ("about"). */
  estimated: boolean;
  facets: Record<FacetName, { value: string; count: number }[]>;
}

export interface MapPoint {
  id: string;
  reference: string;
  title: string;
  latitude: number;
  longitude: number;
  categories: string[];
}

export interface SavedSearch {
  id: string;
  name: string;
  filters: Record<string, string>;
  version: number;
}

export interface ImportResult {
  dryRun: boolean;
  sha256: string;
  rows: number;
  errors: { row: number; column: string; reason: string }[];
  created: number;
  references: string[];
}

export function queryString(filters: SearchFilters, extra: Record<string, string> = {}): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...filters, ...extra }))
    if (value !== undefined && value !== '') query.set(key, value);
  const qs = query.toString();
  return qs ? `?${qs}` : '';
}

/** Filters without the sort, which the facet, map and export routes do not take. */
const withoutSort = ({ sort: _sort, ...rest }: SearchFilters): SearchFilters => {
  void _sort;
  return rest;
};

export const searchApi = {
  facets: (filters: SearchFilters) =>
    request<Facets>('GET', `/api/incidents/facets${queryString(withoutSort(filters))}`),
  map: (filters: SearchFilters) =>
    request<{ items: MapPoint[]; cap: number; truncated: boolean }>(
      'GET',
      `/api/incidents/map${queryString(withoutSort(filters))}`,
    ),
  exportUrl: (filters: SearchFilters, format: 'csv' | 'json' | 'geojson') =>
    `/api/incidents/export${queryString(withoutSort(filters), { format })}`,
  savedSearches: () => request<{ items: SavedSearch[] }>('GET', '/api/saved-searches'),
  saveSearch: (name: string, filters: SearchFilters) =>
    request<SavedSearch>('POST', '/api/saved-searches', { name, filters }),
  renameSearch: (id: string, name: string, version: number) =>
    request<SavedSearch>('PATCH', `/api/saved-searches/${encodeURIComponent(id)}`, {
      name,
      version,
    }),
  deleteSearch: (id: string) =>
    request<void>('DELETE', `/api/saved-searches/${encodeURIComponent(id)}`),
  /** Uploads a CSV or JSON file; a 422 with row errors is a result, not a failure. */
  importFile: async (file: File, dryRun: boolean, csrfToken: string): Promise<ImportResult> => {
    const isJson = file.name.toLowerCase().endsWith('.json');
    const response = await fetch(`/api/incidents/import?dryRun=${String(dryRun)}`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        Accept: 'application/json',
        'Content-Type': isJson ? 'application/json' : 'text/csv',
        'X-CSRF-Token': csrfToken,
      },
      body: await file.text(),
    });
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok || response.status === 422) return body as ImportResult;
    throw new ApiError(
      (body as ConstructorParameters<typeof ApiError>[0] | null) ?? {
        type: 'about:blank',
        title: 'Import failed',
        status: response.status,
      },
    );
  },
};
