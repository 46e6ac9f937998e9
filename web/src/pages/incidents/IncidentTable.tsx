// A table of incident summaries, shared by the list and the review queue.
import { Table } from '@trussworks/react-uswds';
import { Link } from 'react-router-dom';
import type { IncidentSummary } from '../../incidentsApi.ts';
import { CategoryLabels, occurred, StatusTag } from './display.tsx';

export function IncidentTable({
  caption,
  items,
  countryName,
}: {
  caption: string;
  items: IncidentSummary[];
  countryName: (code: string) => string;
}) {
  return (
    <Table fullWidth striped caption={caption}>
      <thead>
        <tr>
          <th scope="col">Reference</th>
          <th scope="col">Title</th>
          <th scope="col">Country</th>
          <th scope="col">Categories</th>
          <th scope="col">Occurred</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((i) => (
          <tr key={i.id} data-testid={`incident-row-${i.reference}`}>
            <th scope="row">
              <Link to={`/incidents/${i.id}`}>{i.reference}</Link>
            </th>
            <td>{i.title}</td>
            <td>{countryName(i.countryCode)}</td>
            <td>
              <CategoryLabels codes={i.categories} />
            </td>
            <td>{occurred(i.occurredStart, i.occurredEnd, i.datePrecision)}</td>
            <td>
              <StatusTag status={i.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
