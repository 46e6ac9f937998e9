// Compliance of one directive: posts × requirements with status and record counts, overdue
// posts first, filtered by region; exported as CSV or XLSX.
import { Table, Tag } from '@trussworks/react-uswds';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { SelectField } from '../../components/fields.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useDirectory } from '../../directory.ts';
import { directivesApi, TASKING_STATUS_LABELS, type TaskingStatus } from '../../directivesApi.ts';

const CELL = { met: 'Met', nothing_to_report: 'Nothing to report', missing: 'Missing' };
export const STATUS_CLASS: Record<TaskingStatus, string> = {
  not_started: 'bg-base-dark',
  in_progress: 'bg-primary',
  submitted: 'bg-accent-cool-darker',
  accepted: 'bg-green',
  returned: 'bg-gold text-ink',
  overdue: 'bg-secondary-dark',
};

export function StatusTag({ status }: { status: TaskingStatus }) {
  return <Tag className={STATUS_CLASS[status]}>{TASKING_STATUS_LABELS[status]}</Tag>;
}

export function CompliancePage() {
  const { id = '' } = useParams();
  const [region, setRegion] = useState('');
  const directory = useDirectory();
  const load = useCallback(
    () => directivesApi.compliance(id, region ? Number(region) : undefined),
    [id, region],
  );
  const { data, problem } = useLoad(load);
  usePageTitle(data ? `Compliance ${data.directive.reference}` : 'Compliance');
  if (!data) return problem ? <ProblemAlert problem={problem} /> : <Loading what="compliance" />;
  const query = `${region ? `&region=${region}` : ''}`;
  return (
    <>
      <p className="margin-top-0">
        <Link to={`/directives/${id}`}>Back to {data.directive.reference}</Link>
      </p>
      <h1>Compliance: {data.directive.title}</h1>
      <p>
        Due {data.directive.dueOn}.{' '}
        {Object.entries(data.totals)
          .map(([s, n]) => `${TASKING_STATUS_LABELS[s as TaskingStatus]}: ${n}`)
          .join(' · ')}
      </p>
      <div className="grid-row grid-gap">
        <div className="grid-col-auto">
          <SelectField
            name="region"
            label="Region"
            problem={null}
            value={region}
            onChange={setRegion}
          >
            <option value="">All regions</option>
            {directory.data?.regions.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </SelectField>
        </div>
      </div>
      <p>
        <a
          className="usa-button usa-button--outline"
          href={`/api/directives/${id}/compliance/export?format=csv${query}`}
        >
          Export CSV
        </a>{' '}
        <a
          className="usa-button usa-button--outline"
          href={`/api/directives/${id}/compliance/export?format=xlsx${query}`}
        >
          Export XLSX
        </a>
      </p>
      <div className="overflow-x-auto">
        <Table bordered fullWidth>
          <caption>Posts and requirements (overdue first)</caption>
          <thead>
            <tr>
              <th scope="col">Post</th>
              <th scope="col">Status</th>
              {data.requirements.map((r) => (
                <th key={r.id} scope="col">
                  {r.position + 1}. {r.title}
                  {r.required ? '' : ' (optional)'}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.taskingId} data-testid={`compliance-${row.post.code}`}>
                <th scope="row">
                  <Link to={`/taskings/${row.taskingId}`}>{row.post.name}</Link>
                  <div className="font-sans-3xs text-base-dark">{row.regionName}</div>
                </th>
                <td data-testid="compliance-status">
                  <StatusTag status={row.status} />
                </td>
                {row.cells.map((c) => (
                  <td key={c.requirementId}>
                    {CELL[c.state]}
                    {c.records > 0 && ` (${c.records} records)`}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      </div>
    </>
  );
}
