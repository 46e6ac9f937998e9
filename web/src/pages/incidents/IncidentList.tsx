// Incidents the user may see: filters and a sort submitted as a form, facet counts that narrow
// the list with one click, saved searches, a map of the same set, exports of exactly what is
// listed, and "Load more" following the server's keyset cursor.
import { Button, Fieldset, Form, Grid, Label, TextInput } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { incidentsApi, type IncidentSummary } from '../../incidentsApi.ts';
import { searchApi, type Facets, type SearchFilters } from '../../searchApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  MARKINGS,
  MIGRATION_ROUTES,
  SOURCE_RELIABILITY,
  SOURCE_TYPES,
  type Term,
} from '../../vocabularies.ts';
import { FacetPanel } from './FacetPanel.tsx';
import { IncidentMap } from './IncidentMap.tsx';
import { IncidentTable } from './IncidentTable.tsx';
import { SavedSearches } from './SavedSearches.tsx';
import { useCountries } from './useCountries.ts';

const PAGE_SIZE = 25;

const SORTS: Term[] = [
  { code: 'occurred_desc', label: 'Occurred, newest first' },
  { code: 'occurred_asc', label: 'Occurred, oldest first' },
  { code: 'updated_desc', label: 'Recently changed' },
  { code: 'reference_desc', label: 'Reference, newest recorded first' },
  { code: 'reference_asc', label: 'Reference, oldest recorded first' },
];

function Choice({
  name,
  label,
  any,
  terms,
  value,
  onChange,
}: {
  name: string;
  label: string;
  any: string;
  terms: readonly Term[];
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <SelectField name={name} label={label} problem={null} value={value} onChange={onChange}>
      <option value="">{any}</option>
      {terms.map((t) => (
        <option key={t.code} value={t.code}>
          {t.label}
        </option>
      ))}
    </SelectField>
  );
}

export function IncidentList() {
  usePageTitle('Incidents');
  const me = useMe();
  const countries = useCountries();
  const [form, setForm] = useState<SearchFilters>({});
  const [applied, setApplied] = useState<SearchFilters>({});
  const [items, setItems] = useState<IncidentSummary[] | null>(null);
  const [facets, setFacets] = useState<Facets | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [view, setView] = useState<'table' | 'map'>('table');
  const set = (key: keyof SearchFilters) => (value: string) =>
    setForm((f) => ({ ...f, [key]: value }));

  const fetchPage = useCallback(async (filters: SearchFilters, after: string | null) => {
    try {
      const page = await incidentsApi.list({
        ...filters,
        limit: PAGE_SIZE,
        ...(after ? { cursor: after } : {}),
      });
      setItems((previous) => (after && previous ? [...previous, ...page.items] : page.items));
      setCursor(page.nextCursor);
      setProblem(null);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, []);

  useEffect(() => {
    void fetchPage(applied, null);
    searchApi
      .facets(applied)
      .then(setFacets)
      .catch((error: unknown) => setProblem(toProblem(error)));
  }, [applied, fetchPage]);

  function apply(filters: SearchFilters) {
    const clean = Object.fromEntries(
      Object.entries(filters).filter(([, v]) => v !== undefined && v.trim() !== ''),
    ) as SearchFilters;
    setItems(null);
    setFacets(null);
    setForm(clean);
    setApplied(clean);
  }

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    apply({ ...form, q: form.q?.trim() });
  }

  const countryName = countries.data?.name ?? ((c: string) => c);

  return (
    <>
      <div className="display-flex flex-justify flex-align-center flex-wrap">
        <h1>Incidents</h1>
        <div>
          {hasPermission(me, 'incident.import') && (
            <Link to="/incidents/import" className="usa-button usa-button--outline">
              Import incidents
            </Link>
          )}
          {hasPermission(me, 'incident.write') && (
            <Link to="/incidents/new" className="usa-button">
              New incident
            </Link>
          )}
        </div>
      </div>
      <Form onSubmit={search} className="maxw-full" aria-labelledby="filters-heading">
        <h2 id="filters-heading" className="margin-top-0">
          Filters
        </h2>
        <Fieldset legend="Filter incidents" legendStyle="srOnly">
          <Grid row gap>
            <Grid tablet={{ col: 6 }}>
              <Label htmlFor="incident-search">Search</Label>
              <div className="usa-hint" id="incident-search-hint">
                Words in titles, narratives and source excerpts, in any language
              </div>
              <TextInput
                id="incident-search"
                name="q"
                type="search"
                aria-describedby="incident-search-hint"
                value={form.q ?? ''}
                onChange={(e) => set('q')(e.target.value)}
              />
            </Grid>
            <Grid tablet={{ col: 6 }}>
              <Choice
                name="sort"
                label="Sort"
                any="Occurred, newest first (default)"
                terms={SORTS.slice(1)}
                value={form.sort ?? ''}
                onChange={set('sort')}
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <Choice
                name="status"
                label="Status"
                any="Any status"
                terms={INCIDENT_STATUSES}
                value={form.status ?? ''}
                onChange={set('status')}
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <Choice
                name="category"
                label="Category"
                any="Any category"
                terms={INCIDENT_CATEGORIES}
                value={form.category ?? ''}
                onChange={set('category')}
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <Choice
                name="country"
                label="Country"
                any="Any country"
                terms={(countries.data?.items ?? []).map((c) => ({ code: c.code, label: c.name }))}
                value={form.country ?? ''}
                onChange={set('country')}
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <Choice
                name="route"
                label="Migration route"
                any="Any route"
                terms={MIGRATION_ROUTES}
                value={form.route ?? ''}
                onChange={set('route')}
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <Choice
                name="sourceType"
                label="Type of a linked source"
                any="Any source type"
                terms={SOURCE_TYPES}
                value={form.sourceType ?? ''}
                onChange={set('sourceType')}
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <Choice
                name="reliability"
                label="Reliability of a linked source"
                any="Any reliability"
                terms={SOURCE_RELIABILITY.map((r) => ({
                  code: r.code,
                  label: `${r.code}: ${r.label}`,
                }))}
                value={form.reliability ?? ''}
                onChange={set('reliability')}
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <Choice
                name="marking"
                label="Marking"
                any="Any marking"
                terms={MARKINGS}
                value={form.marking ?? ''}
                onChange={set('marking')}
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <TextField
                name="from"
                label="Occurred from"
                type="date"
                problem={null}
                value={form.from ?? ''}
                onChange={set('from')}
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <TextField
                name="to"
                label="Occurred up to"
                type="date"
                problem={null}
                value={form.to ?? ''}
                onChange={set('to')}
              />
            </Grid>
          </Grid>
        </Fieldset>
        <Button type="submit" className="margin-top-2">
          Apply filters
        </Button>
        <Button type="button" outline className="margin-top-2" onClick={() => apply({})}>
          Clear filters
        </Button>
      </Form>
      <ProblemAlert problem={problem} />
      <Grid row gap className="margin-top-3">
        <Grid tablet={{ col: 4 }}>
          <SavedSearches current={applied} onApply={apply} />
          <FacetPanel facets={facets} applied={applied} countryName={countryName} onApply={apply} />
        </Grid>
        <Grid tablet={{ col: 8 }}>
          <h2 className="margin-top-0">Results</h2>
          {facets && (
            <p role="status" aria-live="polite" data-testid="incident-total">
              {facets.total === 0
                ? 'No incidents match.'
                : facets.estimated
                  ? `About ${facets.total.toLocaleString('en')} incidents match (estimated from a sample of the matches).`
                  : `${facets.total} incident${facets.total === 1 ? '' : 's'} match.`}
            </p>
          )}
          <div className="display-flex flex-wrap flex-align-center margin-bottom-2">
            <div className="usa-button-group" role="group" aria-label="View">
              <Button
                type="button"
                outline={view !== 'table'}
                aria-pressed={view === 'table'}
                onClick={() => setView('table')}
              >
                Table
              </Button>
              <Button
                type="button"
                outline={view !== 'map'}
                aria-pressed={view === 'map'}
                onClick={() => setView('map')}
              >
                Map
              </Button>
            </div>
            <span className="margin-left-2 margin-right-1">Export what is listed:</span>
            {(['csv', 'json', 'geojson'] as const).map((format) => (
              <a
                key={format}
                className="usa-button usa-button--unstyled margin-right-2"
                href={searchApi.exportUrl(applied, format)}
                download
              >
                {format === 'geojson' ? 'GeoJSON' : format.toUpperCase()}
              </a>
            ))}
          </div>
          {view === 'map' && <IncidentMap filters={applied} />}
          {!items && !problem && <Loading what="incidents" />}
          {items && items.length > 0 && (
            <>
              <IncidentTable
                caption={`Incidents, ${(SORTS.find((s) => s.code === (applied.sort ?? 'occurred_desc')) ?? SORTS[0]!).label.toLowerCase()}`}
                items={items}
                countryName={countryName}
              />
              <p>
                Showing {items.length}
                {cursor ? ' (more available)' : ''}.
              </p>
            </>
          )}
          {cursor && (
            <Button type="button" outline onClick={() => void fetchPage(applied, cursor)}>
              Load more
            </Button>
          )}
        </Grid>
      </Grid>
    </>
  );
}
