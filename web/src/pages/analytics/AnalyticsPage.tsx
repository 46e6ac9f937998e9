// The dashboard: verified incidents by country, region, category, route or month (from the
// rollup), small counts shown as "<5", each figure linked to the records behind it; the
// charts and the choropleth are the server's SVG (the same files exports and reports embed).
import { Select, Table, Label, FormGroup } from '@trussworks/react-uswds';
import { useEffect, useState, type ChangeEvent } from 'react';
import { request, toProblem, type Problem } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { ComparisonSection, TrendSection } from './TrendsAndComparison.tsx';

interface CountsView {
  by: string;
  from: string;
  to: string;
  rows: { key: string; label: string; incidents: number | null; records: string }[];
  total: number | null;
  threshold: number;
  synthetic: boolean;
  notes: string[];
}

const year = new Date().getUTCFullYear();

export function AnalyticsPage() {
  usePageTitle('Analytics');
  const [by, setBy] = useState('country');
  const [from, setFrom] = useState(`${year - 1}-01-01`);
  const [measure, setMeasure] = useState<'count' | 'rate'>('count');
  const [view, setView] = useState<CountsView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const to = `${year}-12-31`;
  const qs = new URLSearchParams({ by, from, to }).toString();

  useEffect(() => {
    request<CountsView>('GET', `/api/analytics/incidents?${qs}`).then(setView, (e: unknown) =>
      setProblem(toProblem(e)),
    );
  }, [qs]);

  return (
    <>
      <h1>Analytics</h1>
      <ProblemAlert problem={problem} />
      <FormGroup>
        <Label htmlFor="analytics-by">Count verified incidents by</Label>
        <Select
          id="analytics-by"
          name="by"
          value={by}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => setBy(e.target.value)}
        >
          {['country', 'region', 'category', 'route', 'month'].map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </Select>
      </FormGroup>
      <FormGroup>
        <Label htmlFor="analytics-from">From (date of occurrence)</Label>
        <input
          className="usa-input"
          id="analytics-from"
          type="date"
          value={from}
          onChange={(e) => setFrom(e.target.value)}
        />
      </FormGroup>
      {view && (
        <>
          {view.synthetic && <p className="text-bold">Includes SYNTHETIC demo data.</p>}
          <Table bordered>
            <caption>
              Verified incidents by {view.by}, {view.from} to {view.to}
            </caption>
            <thead>
              <tr>
                <th scope="col">{view.by}</th>
                <th scope="col">Verified incidents</th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr key={r.key}>
                  <th scope="row">{r.label}</th>
                  <td>
                    <a href={r.records}>
                      {r.incidents === null
                        ? `<${view.threshold}`
                        : r.incidents.toLocaleString('en')}
                    </a>
                  </td>
                </tr>
              ))}
              {view.total !== null && (
                <tr>
                  <th scope="row">Total</th>
                  <td>{view.total.toLocaleString('en')}</td>
                </tr>
              )}
            </tbody>
          </Table>
          <ul>
            {view.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <p>
            Export: <a href={`/api/analytics/incidents.csv?${qs}`}>CSV</a>,{' '}
            <a href={`/api/analytics/incidents.xlsx?${qs}`}>XLSX</a>,{' '}
            <a href={`/api/analytics/incidents.svg?${qs}`}>SVG chart</a>,{' '}
            <a href={`/api/analytics/incidents.png?${qs}`}>PNG chart</a>
          </p>
          <h2>Chart</h2>
          <img
            src={`/api/analytics/incidents.svg?${qs}`}
            alt={`Bar chart of verified incidents by ${view.by}; the table above gives the same figures.`}
            style={{ maxWidth: '100%' }}
          />
        </>
      )}
      <h2>Map</h2>
      <FormGroup>
        <Label htmlFor="analytics-measure">Colour countries by</Label>
        <Select
          id="analytics-measure"
          name="measure"
          value={measure}
          onChange={(e: ChangeEvent<HTMLSelectElement>) =>
            setMeasure(e.target.value as 'count' | 'rate')
          }
        >
          <option value="count">count of verified incidents</option>
          <option value="rate">rate per 100,000 residents</option>
        </Select>
      </FormGroup>
      <img
        src={`/api/analytics/map.svg?year=${year - 1}&measure=${measure}`}
        alt={`Map of verified incidents by country in ${year - 1}, coloured by ${measure === 'rate' ? 'rate per 100,000 residents' : 'count'}; the legend says which.`}
        style={{ maxWidth: '100%' }}
      />
      <p>
        Export map:{' '}
        <a href={`/api/analytics/map.svg?year=${year - 1}&measure=${measure}`}>SVG map</a>,{' '}
        <a href={`/api/analytics/map.png?year=${year - 1}&measure=${measure}`}>PNG map</a>
      </p>
      <TrendSection />
      <ComparisonSection />
    </>
  );
}
