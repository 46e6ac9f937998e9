// A country's engagements oldest first, with what the host answered each time.
import { useCallback } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { engagementApi } from '../../engagementApi.ts';
import { useCountries } from '../incidents/useCountries.ts';
import { EngagementTable } from './EngagementTable.tsx';

export function CountryTimeline() {
  const { country = '' } = useParams();
  const countries = useCountries();
  const name = countries.data?.name(country) ?? country;
  usePageTitle(`Engagement timeline: ${name}`);
  const load = useCallback(() => engagementApi.timeline(country), [country]);
  const timeline = useLoad(load);
  return (
    <>
      <p className="margin-top-0">
        <Link to="/engagements">Back to engagements</Link>
      </p>
      <h1>Engagement timeline: {name}</h1>
      <ProblemAlert problem={timeline.problem} />
      {!timeline.data && !timeline.problem && <Loading what="timeline" />}
      {timeline.data && (
        <EngagementTable
          items={timeline.data.items}
          caption={`Engagements with ${name}, oldest first`}
          countryName={() => name}
          showResponse
        />
      )}
    </>
  );
}
