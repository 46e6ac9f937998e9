// A shared aggregate as a table: counts by category with small cells suppressed, the total of
// distinct incidents, and the note saying what is counted.
import { Table } from '@trussworks/react-uswds';
import type { SharedAggregate } from '../../engagementApi.ts';

export function AggregateTable({
  aggregate,
  caption,
}: {
  aggregate: SharedAggregate;
  caption: string;
}) {
  return (
    <>
      <Table bordered>
        <caption>
          {caption}: verified incidents in {aggregate.countryCode}, {aggregate.periodStart} to{' '}
          {aggregate.periodEnd}
        </caption>
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">Verified incidents</th>
          </tr>
        </thead>
        <tbody>
          {aggregate.rows.map((r) => (
            <tr key={r.category}>
              <th scope="row">{r.category}</th>
              <td>{r.display}</td>
            </tr>
          ))}
          <tr>
            <th scope="row">Total (distinct incidents)</th>
            <td>{aggregate.total.display}</td>
          </tr>
        </tbody>
      </Table>
      <p className="font-body-2xs">{aggregate.note}</p>
    </>
  );
}
