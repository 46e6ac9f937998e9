// The engagement log: newest first, filtered by country, kind or topic; overdue follow-ups on
// top; a link to each country's timeline.
import { Button, Form, Grid } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { engagementApi } from '../../engagementApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { labelOf } from '../../vocabularies.ts';
import { useCountries } from '../incidents/useCountries.ts';
import { OverdueFollowUps } from './OverdueFollowUps.tsx';
import { ENGAGEMENT_KINDS, ENGAGEMENT_TOPICS, HOST_STANCES } from './terms.ts';
import { EngagementTable } from './EngagementTable.tsx';

export function EngagementLog() {
  usePageTitle('Engagements');
  const me = useMe();
  const countries = useCountries();
  const [country, setCountry] = useState('');
  const [kind, setKind] = useState('');
  const [topic, setTopic] = useState('');
  const [applied, setApplied] = useState({ country: '', kind: '', topic: '' });
  const load = useCallback(() => engagementApi.list(applied), [applied]);
  const log = useLoad(load);

  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setApplied({ country, kind, topic });
  }

  return (
    <>
      <div className="display-flex flex-justify flex-align-center flex-wrap">
        <h1>Engagements with host governments</h1>
        {hasPermission(me, 'engagement.write') && (
          <Link to="/engagements/new" className="usa-button">
            Log an engagement
          </Link>
        )}
      </div>
      <OverdueFollowUps />
      <h2>Log</h2>
      <Form onSubmit={filter} className="maxw-full" aria-label="Filter engagements">
        <Grid row gap>
          <Grid tablet={{ col: 4 }}>
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
          <Grid tablet={{ col: 4 }}>
            <SelectField name="kind" label="Kind" problem={null} value={kind} onChange={setKind}>
              <option value="">Any kind</option>
              {ENGAGEMENT_KINDS.map((k) => (
                <option key={k.code} value={k.code}>
                  {k.label}
                </option>
              ))}
            </SelectField>
          </Grid>
          <Grid tablet={{ col: 4 }}>
            <SelectField
              name="topic"
              label="Topic"
              problem={null}
              value={topic}
              onChange={setTopic}
            >
              <option value="">Any topic</option>
              {ENGAGEMENT_TOPICS.map((t) => (
                <option key={t.code} value={t.code}>
                  {t.label}
                </option>
              ))}
            </SelectField>
          </Grid>
        </Grid>
        <Button type="submit">Apply filters</Button>
        {applied.country && (
          <Link to={`/engagements/timeline/${applied.country}`} className="margin-left-2">
            Timeline of {countries.data?.name(applied.country) ?? applied.country}
          </Link>
        )}
      </Form>
      <ProblemAlert problem={log.problem} />
      {!log.data && !log.problem && <Loading what="engagements" />}
      {log.data && (
        <EngagementTable
          items={log.data.items}
          caption="Engagements, newest first"
          countryName={(c) => countries.data?.name(c) ?? c}
        />
      )}
      <p className="usa-hint">
        Stances: {HOST_STANCES.map((s) => labelOf(HOST_STANCES, s.code)).join(', ')}.
      </p>
    </>
  );
}
