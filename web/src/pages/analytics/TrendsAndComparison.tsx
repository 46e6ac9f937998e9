// Trends with their 95% band and two-group comparisons. The chart is the server's SVG (the
// same file the export gives); the table under it is the chart's text alternative and links
// each figure to the records or observations behind it. A comparison that is not shown says
// why, in the server's words (which population is missing, or which count is suppressed).
import {
  Alert,
  AlertHeading,
  AlertText,
  Button,
  Fieldset,
  Form,
  FormGroup,
  Label,
  Select,
  Table,
  TextInput,
} from '@trussworks/react-uswds';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { request, toProblem, type Problem } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface Denominator {
  population: number;
  of: string;
  year: number;
  source: string;
}
interface TrendPoint {
  period: string;
  count: number | null;
  suppressed: string | null;
  value: number | null;
  lower: number | null;
  upper: number | null;
  denominator: Denominator | null;
  reason: string | null;
  records: string;
  denominatorRecords: string | null;
}
interface TrendView {
  title: string;
  measure: 'count' | 'rate';
  threshold: number;
  total: number | null;
  synthetic: boolean;
  points: TrendPoint[];
  notes: string[];
}
interface Rate {
  numerator: number;
  rate: number;
  lower: number;
  upper: number;
  denominator: Denominator;
}
interface Side {
  label: string;
  count: number | null;
  suppressed: boolean;
  rate: Rate | null;
  records: string | null;
  denominatorRecords: string | null;
}
interface ComparisonView {
  comparable: boolean;
  reason: string | null;
  year: number;
  counted: string;
  threshold: number;
  sides: [Side, Side];
  ratio: { ratio: number; lower: number; upper: number | null; method: string } | null;
  synthetic: boolean;
  notes: string[];
}

const fmt = (v: number) =>
  Number.isInteger(v)
    ? v.toLocaleString('en')
    : v.toLocaleString('en', { maximumSignificantDigits: 3 });
const year = new Date().getUTCFullYear();

/** A labelled text field (a date field is the browser's own date input). */
function Field(props: {
  id: string;
  label: string;
  value: string;
  onChange: (v: string) => void;
  type?: 'text' | 'number' | 'date';
}) {
  return (
    <FormGroup>
      <Label htmlFor={props.id}>{props.label}</Label>
      {props.type === 'date' ? (
        <input
          className="usa-input"
          id={props.id}
          name={props.id}
          type="date"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
        />
      ) : (
        <TextInput
          id={props.id}
          name={props.id}
          type={props.type ?? 'text'}
          value={props.value}
          onChange={(e: ChangeEvent<HTMLInputElement>) => props.onChange(e.target.value)}
        />
      )}
    </FormGroup>
  );
}

function SeriesFields(props: {
  prefix: string;
  values: Record<string, string>;
  set: (k: string, v: string) => void;
  groups: [string, string][];
}) {
  const f = (k: string, label: string) => (
    <Field
      id={`${props.prefix}-${k}`}
      label={label}
      value={props.values[k] ?? ''}
      onChange={(v) => props.set(k, v)}
    />
  );
  return (
    <Fieldset legend="Official statistics table">
      {f('dataset', 'Dataset key')}
      {f('indicator', 'Indicator')}
      {f('dimension', 'Breakdown (optional, e.g. Citizenship)')}
      {props.groups.map(([k, label]) => f(k, label))}
    </Fieldset>
  );
}

export function TrendSection() {
  const [v, setV] = useState<Record<string, string>>({
    source: 'incidents',
    country: 'FR',
    by: 'year',
    from: `${year - 9}-01-01`,
    measure: 'rate',
  });
  const set = (k: string, value: string) => setV((old) => ({ ...old, [k]: value }));
  const [qs, setQs] = useState<string | null>(null);
  const [trend, setTrend] = useState<TrendView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const path = v.source === 'incidents' ? 'incidents' : 'series';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams({ country: v.country ?? '' });
    if (v.source === 'incidents') {
      p.set('by', v.by ?? 'year');
      p.set('from', v.from ?? '');
    } else {
      for (const k of ['dataset', 'indicator', 'measure'] as const) p.set(k, v[k] ?? '');
      if (v.dimension) {
        p.set('dimension', v.dimension);
        p.set('group', v.group ?? '');
      }
    }
    const query = `${path}?${p.toString()}`;
    setProblem(null);
    request<TrendView>('GET', `/api/analytics/trends/${query}`).then(
      (t) => {
        setTrend(t);
        setQs(query);
      },
      (err: unknown) => {
        setTrend(null);
        setProblem(toProblem(err));
      },
    );
  };

  return (
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">Trend with its 95% interval</h2>
      <Form onSubmit={submit} large>
        <FormGroup>
          <Label htmlFor="trend-source">Trend of</Label>
          <Select
            id="trend-source"
            name="source"
            value={v.source}
            onChange={(e: ChangeEvent<HTMLSelectElement>) => set('source', e.target.value)}
          >
            <option value="incidents">verified incidents (count)</option>
            <option value="series">an official statistics series</option>
          </Select>
        </FormGroup>
        <Field
          id="trend-country"
          label="Country (ISO code, e.g. FR)"
          value={v.country ?? ''}
          onChange={(x) => set('country', x)}
        />
        {v.source === 'incidents' ? (
          <>
            <FormGroup>
              <Label htmlFor="trend-by">By</Label>
              <Select
                id="trend-by"
                name="by"
                value={v.by}
                onChange={(e: ChangeEvent<HTMLSelectElement>) => set('by', e.target.value)}
              >
                <option value="year">year</option>
                <option value="month">month</option>
              </Select>
            </FormGroup>
            <Field
              id="trend-from"
              label="From (date of occurrence)"
              type="date"
              value={v.from ?? ''}
              onChange={(x) => set('from', x)}
            />
          </>
        ) : (
          <>
            <SeriesFields
              prefix="trend"
              values={v}
              set={set}
              groups={[['group', 'Group (e.g. Syria)']]}
            />
            <FormGroup>
              <Label htmlFor="trend-measure">Show</Label>
              <Select
                id="trend-measure"
                name="measure"
                value={v.measure}
                onChange={(e: ChangeEvent<HTMLSelectElement>) => set('measure', e.target.value)}
              >
                <option value="rate">rate per 100,000 population</option>
                <option value="count">count</option>
              </Select>
            </FormGroup>
          </>
        )}
        <Button type="submit">Show trend</Button>
      </Form>
      <ProblemAlert problem={problem} />
      {trend && qs && (
        <>
          {trend.synthetic && <p className="text-bold">Includes SYNTHETIC data.</p>}
          <img
            src={`/api/analytics/trends/${qs.replace('?', '.svg?')}`}
            alt={`Line chart: ${trend.title}, with its 95% interval band; the table below gives every point.`}
            style={{ maxWidth: '100%' }}
          />
          <Table bordered fullWidth>
            <caption>{trend.title}: figures behind the chart</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Count</th>
                {trend.measure === 'rate' && <th scope="col">Rate per 100,000</th>}
                <th scope="col">95% interval</th>
                {trend.measure === 'rate' && <th scope="col">Population (year, source)</th>}
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {trend.points.map((p) => (
                <tr key={p.period}>
                  <th scope="row">{p.period}</th>
                  <td>
                    <a href={p.records}>
                      {p.suppressed
                        ? `<${trend.threshold}`
                        : p.count === null
                          ? 'no figure'
                          : fmt(p.count)}
                    </a>
                  </td>
                  {trend.measure === 'rate' && <td>{p.value === null ? '–' : fmt(p.value)}</td>}
                  <td>
                    {p.lower === null || p.upper === null
                      ? '–'
                      : `${fmt(p.lower)} – ${fmt(p.upper)}`}
                  </td>
                  {trend.measure === 'rate' && (
                    <td>
                      {p.denominator
                        ? `${fmt(p.denominator.population)} (${p.denominator.of}, ${p.denominator.year}, ${p.denominator.source})`
                        : '–'}
                    </td>
                  )}
                  <td>{p.suppressed ? 'suppressed (small count)' : (p.reason ?? '')}</td>
                </tr>
              ))}
              {trend.total !== null && (
                <tr>
                  <th scope="row">Total</th>
                  <td>{fmt(trend.total)}</td>
                </tr>
              )}
            </tbody>
          </Table>
          <ul>
            {trend.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <p>
            Export trend:{' '}
            <a href={`/api/analytics/trends/${qs.replace('?', '.csv?')}`}>trend CSV</a>,{' '}
            <a href={`/api/analytics/trends/${qs.replace('?', '.xlsx?')}`}>trend XLSX</a>,{' '}
            <a href={`/api/analytics/trends/${qs.replace('?', '.svg?')}`}>trend SVG chart</a>,{' '}
            <a href={`/api/analytics/trends/${qs.replace('?', '.png?')}`}>trend PNG chart</a>
          </p>
        </>
      )}
    </section>
  );
}

function rateText(r: Rate) {
  return `${fmt(r.rate)} (95% CI ${fmt(r.lower)} – ${fmt(r.upper)})`;
}

export function ComparisonSection() {
  const [v, setV] = useState<Record<string, string>>({
    source: 'incidents',
    year: String(year - 1),
    a: 'FR',
    b: 'IT',
  });
  const set = (k: string, value: string) => setV((old) => ({ ...old, [k]: value }));
  const [view, setView] = useState<ComparisonView | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const p = new URLSearchParams();
    for (const k of ['source', 'year', 'a', 'b'] as const) p.set(k, v[k] ?? '');
    if (v.source === 'series') {
      for (const k of ['dataset', 'indicator', 'dimension', 'aGroup', 'bGroup'] as const)
        if (v[k]) p.set(k, v[k]);
    }
    setProblem(null);
    request<ComparisonView>('GET', `/api/analytics/compare?${p.toString()}`).then(
      setView,
      (err: unknown) => {
        setView(null);
        setProblem(toProblem(err));
      },
    );
  };

  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare two groups</h2>
      <p>
        A comparison is shown only when both counts are published and both groups have a population
        of the same year and kind.
      </p>
      <Form onSubmit={submit} large>
        <FormGroup>
          <Label htmlFor="compare-source">Compare</Label>
          <Select
            id="compare-source"
            name="source"
            value={v.source}
            onChange={(e: ChangeEvent<HTMLSelectElement>) => set('source', e.target.value)}
          >
            <option value="incidents">verified incidents per 100,000 residents</option>
            <option value="series">an official statistics table per 100,000</option>
          </Select>
        </FormGroup>
        <Field
          id="compare-year"
          label="Year"
          type="number"
          value={v.year ?? ''}
          onChange={(x) => set('year', x)}
        />
        <Field
          id="compare-a"
          label="First country (ISO code)"
          value={v.a ?? ''}
          onChange={(x) => set('a', x)}
        />
        <Field
          id="compare-b"
          label="Second country (ISO code)"
          value={v.b ?? ''}
          onChange={(x) => set('b', x)}
        />
        {v.source === 'series' && (
          <SeriesFields
            prefix="compare"
            values={v}
            set={set}
            groups={[
              ['aGroup', 'First group (e.g. Syria)'],
              ['bGroup', 'Second group (e.g. Iraq)'],
            ]}
          />
        )}
        <Button type="submit">Compare</Button>
      </Form>
      <ProblemAlert problem={problem} />
      {view && (
        <div aria-live="polite">
          {view.synthetic && <p className="text-bold">Includes SYNTHETIC data.</p>}
          {!view.comparable ? (
            <Alert type="warning">
              <AlertHeading level="h3">Comparison not shown</AlertHeading>
              <AlertText>{view.reason}</AlertText>
            </Alert>
          ) : (
            view.ratio && (
              <Alert type="info">
                <AlertHeading level="h3">Rate ratio</AlertHeading>
                <AlertText>
                  {view.sides[0].label} against {view.sides[1].label}, {view.year}:{' '}
                  {fmt(view.ratio.ratio)} (95% CI {fmt(view.ratio.lower)} –{' '}
                  {view.ratio.upper === null ? 'unbounded' : fmt(view.ratio.upper)}). Interval:{' '}
                  {view.ratio.method}.
                </AlertText>
              </Alert>
            )
          )}
          <Table bordered fullWidth>
            <caption>
              {view.counted}, {view.year}: the two groups
            </caption>
            <thead>
              <tr>
                <th scope="col">Group</th>
                <th scope="col">Count</th>
                <th scope="col">Population (year, source)</th>
                <th scope="col">Rate per 100,000 (95% CI)</th>
              </tr>
            </thead>
            <tbody>
              {view.sides.map((s) => (
                <tr key={s.label}>
                  <th scope="row">{s.label}</th>
                  <td>
                    {s.records ? (
                      <a href={s.records}>
                        {s.suppressed
                          ? `<${view.threshold}`
                          : s.count === null
                            ? 'no figure'
                            : fmt(s.count)}
                      </a>
                    ) : (
                      'no figure'
                    )}
                  </td>
                  <td>
                    {s.rate ? (
                      <>
                        {fmt(s.rate.denominator.population)} ({s.rate.denominator.of},{' '}
                        {s.rate.denominator.year}, {s.rate.denominator.source})
                        {s.denominatorRecords && (
                          <>
                            {' '}
                            <a href={s.denominatorRecords}>population figure</a>
                          </>
                        )}
                      </>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>{s.rate ? rateText(s.rate) : 'not shown'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <ul>
            {view.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
