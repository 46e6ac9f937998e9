// Open follow-ups past their due date for the posts (or regions) the user works for: on the
// home page and at the top of the engagement log.
import { useCallback } from 'react';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { engagementApi } from '../../engagementApi.ts';

export function OverdueFollowUps({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const load = useCallback(() => engagementApi.overdue(), []);
  const overdue = useLoad(load);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby="overdue-heading" data-testid="overdue-follow-ups">
      <Heading id="overdue-heading">Overdue follow-ups</Heading>
      <ProblemAlert problem={overdue.problem} />
      {overdue.data && overdue.data.items.length === 0 && <p>No follow-up is overdue.</p>}
      {overdue.data && overdue.data.items.length > 0 && (
        <ul className="usa-list">
          {overdue.data.items.map((f) => (
            <li key={f.id}>
              <strong>{f.action}</strong> ({f.owner}), due {f.dueOn}, {f.daysOverdue}{' '}
              {f.daysOverdue === 1 ? 'day' : 'days'} overdue —{' '}
              <Link to={`/engagements/${f.engagementId}`}>
                {f.occurredOn} with {f.counterpartOffice} ({f.countryCode})
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
