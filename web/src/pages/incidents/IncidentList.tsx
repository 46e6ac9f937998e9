// Incidents the user may see, newest first: filters submitted as a form, then "Load more"
// follows the server's keyset cursor.
import { Button, Fieldset, Form, Grid, Label, TextInput } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { incidentsApi, type IncidentFilters, type IncidentSummary } from '../../incidentsApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES } from '../../vocabularies.ts';
import { IncidentTable } from './IncidentTable.tsx';
import { useCountries } from './useCountries.ts';

const PAGE_SIZE = 25;

export function IncidentList() {
  usePageTitle('Incidents');
  const me = useMe();
  const countries = useCountries();
  const [status, setStatus] = useState('');
  const [category, setCategory] = useState('');
  const [country, setCountry] = useState('');
  const [q, setQ] = useState('');
  const [applied, setApplied] = useState<IncidentFilters>({});
  const [items, setItems] = useState<IncidentSummary[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const fetchPage = useCallback(async (filters: IncidentFilters, after: string | null) => {
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
  }, [applied, fetchPage]);

  function search(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setItems(null);
    setApplied({ status, category, country, q: q.trim() });
  }

  return (
    <>
      <div className="display-flex flex-justify flex-align-center flex-wrap">
        <h1>Incidents</h1>
        {hasPermission(me, 'incident.write') && (
          <Link to="/incidents/new" className="usa-button">
            New incident
          </Link>
        )}
      </div>
      <Form onSubmit={search} className="maxw-full" aria-labelledby="filters-heading">
        <h2 id="filters-heading" className="margin-top-0">
          Filters
        </h2>
        <Fieldset legend="Filter incidents" legendStyle="srOnly">
          <Grid row gap>
            <Grid tablet={{ col: 6 }}>
              <SelectField
                name="status"
                label="Status"
                problem={null}
                value={status}
                onChange={setStatus}
              >
                <option value="">Any status</option>
                {INCIDENT_STATUSES.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.label}
                  </option>
                ))}
              </SelectField>
            </Grid>
            <Grid tablet={{ col: 6 }}>
              <SelectField
                name="category"
                label="Category"
                problem={null}
                value={category}
                onChange={setCategory}
              >
                <option value="">Any category</option>
                {INCIDENT_CATEGORIES.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.label}
                  </option>
                ))}
              </SelectField>
            </Grid>
            <Grid tablet={{ col: 6 }}>
              <SelectField
                name="country"
                label="Country"
                problem={null}
                value={country}
                onChange={setCountry}
              >
                <option value="">Any country</option>
                {countries.data?.items.map((c) => (
                  <option key={c.code} value={c.code}>
                    {c.name}
                  </option>
                ))}
              </SelectField>
            </Grid>
            <Grid tablet={{ col: 6 }}>
              <Label htmlFor="incident-search">Search</Label>
              <div className="usa-hint" id="incident-search-hint">
                Words in titles, narratives and source excerpts
              </div>
              <TextInput
                id="incident-search"
                name="q"
                type="search"
                aria-describedby="incident-search-hint"
                value={q}
                onChange={(e) => setQ(e.target.value)}
              />
            </Grid>
          </Grid>
        </Fieldset>
        <Button type="submit" className="margin-top-2">
          Apply filters
        </Button>
      </Form>
      <ProblemAlert problem={problem} />
      {!items && !problem && <Loading what="incidents" />}
      {items && (
        <>
          <p role="status" aria-live="polite">
            {items.length === 0
              ? 'No incidents match.'
              : `Showing ${items.length} incident${items.length === 1 ? '' : 's'}${cursor ? ' (more available)' : ''}.`}
          </p>
          {items.length > 0 && (
            <IncidentTable
              caption="Incidents, newest first"
              items={items}
              countryName={countries.data?.name ?? ((c) => c)}
            />
          )}
          {cursor && (
            <Button type="button" outline onClick={() => void fetchPage(applied, cursor)}>
              Load more
            </Button>
          )}
        </>
      )}
    </>
  );
}
