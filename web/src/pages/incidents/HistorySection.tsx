// The incident's history from the audit log: who did what, with field-level changes.
import { Table } from '@trussworks/react-uswds';
import type { HistoryEntry } from '../../incidentsApi.ts';

const ACTIONS: Record<string, string> = {
  'incident.created': 'Created',
  'incident.updated': 'Edited',
  'incident.submitted': 'Submitted',
  'incident.returned': 'Returned',
  'incident.verified': 'Verified',
  'incident.rejected': 'Rejected',
  'incident.source_linked': 'Source linked',
  'incident.source_unlinked': 'Source unlinked',
  'incident.commented': 'Commented',
  'incident.merged': 'Another record merged in',
  'incident.merged_into': 'Merged into another record',
};

const show = (value: unknown) =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

function Changes({ changes }: { changes: unknown }) {
  if (!changes || typeof changes !== 'object') return null;
  const diffs = Object.entries(changes as Record<string, unknown>).filter(
    (entry): entry is [string, { from: unknown; to: unknown }] =>
      !!entry[1] && typeof entry[1] === 'object' && 'from' in entry[1] && 'to' in entry[1],
  );
  if (diffs.length === 0) return null;
  return (
    <ul className="margin-0 padding-left-2">
      {diffs.map(([field, { from, to }]) => (
        <li key={field}>
          {field}: {show(from)} → {show(to)}
        </li>
      ))}
    </ul>
  );
}

export function HistorySection({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section aria-labelledby="history-heading" className="margin-bottom-4">
      <h2 id="history-heading">History</h2>
      <Table fullWidth caption="Changes to this incident, oldest first">
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Changes</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.seq}>
              <td>{new Date(e.at).toISOString().slice(0, 16).replace('T', ' ')}</td>
              <td>{e.actorLabel}</td>
              <td>{ACTIONS[e.action] ?? e.action}</td>
              <td>
                <Changes changes={e.changes} />
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </section>
  );
}
