// Side by side: a country's periods (what changed, and the narrative that says why) or the
// countries of a region (each country's latest assessment).
import { Table } from '@trussworks/react-uswds';
import { useCallback } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { assessmentApi } from '../../engagementApi.ts';

const CHANGE = { up: 'improved', down: 'worsened', same: 'unchanged' } as const;

export function ComparisonPage() {
  const [params] = useSearchParams();
  const framework = params.get('framework') ?? '';
  const country = params.get('country');
  const region = params.get('region');
  usePageTitle('Compare assessments');
  const load = useCallback(
    () =>
      country
        ? assessmentApi.compareCountry(country, framework)
        : assessmentApi.compareRegion(Number(region), framework),
    [country, region, framework],
  );
  const cmp = useLoad(load);
  const c = cmp.data;
  return (
    <>
      <p className="margin-top-0">
        <Link to="/assessments">Back to assessments</Link>
      </p>
      <h1>
        {country
          ? `Periods compared: ${c?.columns[0]?.countryName ?? country}`
          : 'Countries of the region compared'}
      </h1>
      <ProblemAlert problem={cmp.problem} />
      {!c && !cmp.problem && <Loading what="comparison" />}
      {c && c.columns.length === 0 && <p>No assessment to compare.</p>}
      {c && c.columns.length > 0 && (
        <Table fullWidth bordered>
          <caption>
            {c.frameworkName}: {country ? 'each period' : 'each country’s latest assessment'}
          </caption>
          <thead>
            <tr>
              <th scope="col">Indicator</th>
              {c.columns.map((col) => (
                <th scope="col" key={col.assessmentId}>
                  <Link to={`/assessments/${col.assessmentId}`}>
                    {country ? `${col.periodStart} to ${col.periodEnd}` : col.countryName}
                  </Link>
                  <br />
                  <span className="text-normal">
                    version {col.frameworkNumber}, {col.status}
                  </span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {c.rows.map((row) => (
              <tr key={row.indicatorCode}>
                <th scope="row">{row.question}</th>
                {row.cells.map((cell, i) => (
                  <td key={i}>
                    {cell === null ? (
                      'Not in this version'
                    ) : (
                      <>
                        <strong>{cell.ratingLabel ?? 'Not rated'}</strong>
                        {country && cell.change && <> ({CHANGE[cell.change]})</>}
                        {cell.narrative && <p className="margin-y-05">{cell.narrative}</p>}
                        <span className="text-base">{cell.evidenceCount} evidence link(s)</span>
                      </>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
