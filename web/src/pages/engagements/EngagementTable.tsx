// A table of engagements (the log and the timeline share it).
import { Table } from '@trussworks/react-uswds';
import { Link } from 'react-router-dom';
import type { EngagementSummary } from '../../engagementApi.ts';
import { labelOf } from '../../vocabularies.ts';
import { COUNTERPART_LEVELS, ENGAGEMENT_KINDS, ENGAGEMENT_TOPICS, HOST_STANCES } from './terms.ts';

export function EngagementTable({
  items,
  caption,
  countryName,
  showResponse = false,
}: {
  items: EngagementSummary[];
  caption: string;
  countryName: (code: string) => string;
  showResponse?: boolean;
}) {
  if (items.length === 0) return <p>No engagement recorded.</p>;
  return (
    <Table fullWidth striped>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Kind</th>
          <th scope="col">Counterpart</th>
          <th scope="col">Country</th>
          <th scope="col">Topics</th>
          <th scope="col">Stance</th>
          {showResponse && <th scope="col">Response</th>}
          <th scope="col">Follow-ups</th>
        </tr>
      </thead>
      <tbody>
        {items.map((e) => (
          <tr key={e.id}>
            <td>
              <Link to={`/engagements/${e.id}`}>{e.occurredOn}</Link>
            </td>
            <td>
              {labelOf(ENGAGEMENT_KINDS, e.kind)}
              {e.status === 'draft' && (
                <>
                  {' '}
                  <span className="usa-tag">Draft</span>
                </>
              )}
            </td>
            <td>
              {e.counterpartOffice} ({labelOf(COUNTERPART_LEVELS, e.counterpartLevel)})
            </td>
            <td>{countryName(e.countryCode)}</td>
            <td>{e.topics.map((t) => labelOf(ENGAGEMENT_TOPICS, t)).join('; ')}</td>
            <td>{labelOf(HOST_STANCES, e.stance)}</td>
            {showResponse && <td>{e.responseSummary}</td>}
            <td>
              {e.openFollowUps} open
              {e.overdueFollowUps > 0 && <strong>, {e.overdueFollowUps} overdue</strong>}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
