// The figures of one sentencing comparison: cases and convictions on each side with their
// denominators, the distributions of custodial sentence lengths side by side, and the
// difference of medians with its interval — or the reason it is not stated.
import { Alert, Table } from '@trussworks/react-uswds';
import { Link } from 'react-router-dom';
import type { Comparison, ComparisonSide } from '../../justiceApi.ts';
import { labelOf } from '../../vocabularies.ts';
import { SENTENCE_TYPES } from './terms.ts';

const months = (m: number) => `${Number.isInteger(m) ? m : m.toFixed(1)} months`;
const percent = (k: number, n: number) => (n === 0 ? '—' : `${Math.round((100 * k) / n)}%`);
const binLabel = (b: { fromMonths: number; toMonths: number | null }) =>
  b.toMonths === null
    ? `${b.fromMonths} months or more`
    : `${b.fromMonths} to under ${b.toMonths} months`;

function CountsTable({ sides }: { sides: ComparisonSide[] }) {
  return (
    <Table fullWidth>
      <caption>Cases and outcomes on each side (all comparable cases)</caption>
      <thead>
        <tr>
          <th scope="col">Defendant group (as stated)</th>
          <th scope="col">Cases</th>
          <th scope="col">Convictions</th>
          <th scope="col">Acquittals</th>
          <th scope="col">Sentences of the convictions</th>
          <th scope="col">Custodial sentences measured</th>
          <th scope="col">Records behind the figures</th>
        </tr>
      </thead>
      <tbody>
        {sides.map((s) => (
          <tr key={s.defendantGroup}>
            <th scope="row">“{s.defendantGroup}”</th>
            <td>{s.cases}</td>
            <td>
              {s.convictions} of {s.cases} ({percent(s.convictions, s.cases)})
            </td>
            <td>
              {s.acquittals} of {s.cases}
            </td>
            <td>
              {s.sentenceTypes.length
                ? s.sentenceTypes
                    .map((t) => `${labelOf(SENTENCE_TYPES, t.sentenceType)}: ${t.count}`)
                    .join('; ')
                : 'none'}
            </td>
            <td>{s.custodialCases}</td>
            <td>
              {s.caseIds.length === 0 ? (
                'none'
              ) : (
                <details>
                  <summary>
                    {s.caseIds.length} records of “{s.defendantGroup}”
                  </summary>
                  <ol className="margin-y-05">
                    {s.caseIds.map((id, i) => (
                      <li key={id}>
                        <Link to={`/justice/${id}`}>Case {i + 1}</Link>
                      </li>
                    ))}
                  </ol>
                </details>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

function Distributions({ sides }: { sides: [ComparisonSide, ComparisonSide] }) {
  const [a, b] = sides;
  if (!a.distribution || !b.distribution) return null;
  const rows: [string, number, number][] = [
    ['Shortest', a.distribution.min, b.distribution.min],
    ['Lower quartile', a.distribution.q1, b.distribution.q1],
    ['Median', a.distribution.median, b.distribution.median],
    ['Upper quartile', a.distribution.q3, b.distribution.q3],
    ['Longest', a.distribution.max, b.distribution.max],
  ];
  const peak = Math.max(
    1,
    ...a.distribution.histogram.map((x) => x.count),
    ...b.distribution.histogram.map((x) => x.count),
  );
  const bar = (count: number, n: number) => (
    <span className="display-flex flex-align-center">
      <span
        aria-hidden="true"
        className="bg-primary margin-right-1"
        style={{ display: 'inline-block', height: '0.8em', width: `${(8 * count) / peak}em` }}
      />
      {count} of {n}
    </span>
  );
  return (
    <div data-testid="distributions">
      <Table fullWidth>
        <caption>Custodial sentence lengths side by side</caption>
        <thead>
          <tr>
            <th scope="col">Sentence length</th>
            <th scope="col">
              “{a.defendantGroup}” (n = {a.custodialCases})
            </th>
            <th scope="col">
              “{b.defendantGroup}” (n = {b.custodialCases})
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, x, y]) => (
            <tr key={label}>
              <th scope="row">{label}</th>
              <td>{months(x)}</td>
              <td>{months(y)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
      <Table fullWidth>
        <caption>Custodial sentences by length (histogram)</caption>
        <thead>
          <tr>
            <th scope="col">Length</th>
            <th scope="col">“{a.defendantGroup}”</th>
            <th scope="col">“{b.defendantGroup}”</th>
          </tr>
        </thead>
        <tbody>
          {a.distribution.histogram.map((bin, i) => (
            <tr key={bin.fromMonths}>
              <th scope="row">{binLabel(bin)}</th>
              <td>{bar(bin.count, a.custodialCases)}</td>
              <td>{bar(b.distribution!.histogram[i]!.count, b.custodialCases)}</td>
            </tr>
          ))}
        </tbody>
      </Table>
    </div>
  );
}

export function ComparisonResult({ result }: { result: Comparison }) {
  const [a, b] = result.sides;
  const d = result.medianDifference;
  return (
    <section aria-labelledby="result-heading" data-testid="comparison-result">
      <h2 id="result-heading">Result</h2>
      {result.synthetic && <p className="usa-tag">includes synthetic records</p>}
      <p data-testid="measure">{result.measure}</p>
      <CountsTable sides={result.sides} />
      {d.stated ? (
        <div data-testid="median-difference">
          <h3>Difference of medians</h3>
          <p className="font-body-lg">
            The median custodial sentence of “{a.defendantGroup}” is{' '}
            {months(Math.abs(d.difference))}{' '}
            {d.difference > 0 ? 'longer' : d.difference < 0 ? 'shorter' : 'the same'} than that of “
            {b.defendantGroup}” ({Math.round(d.level * 100)}% bootstrap interval {months(d.lower)}{' '}
            to {months(d.upper)}; n = {d.n[0]} and {d.n[1]}).
          </p>
          <p className="usa-hint">
            Percentile interval from {d.iterations} resamples of each side, seed {d.seed}: the same
            cases and seed give the same interval. Only comparable cases are counted; the
            differences listed below under “What this comparison cannot control” are not accounted
            for.
          </p>
        </div>
      ) : (
        <Alert type="warning" data-testid="refusal">
          <h3 className="usa-alert__heading">No difference stated</h3>
          <p className="usa-alert__text">
            {d.reason} The minimum is {result.minCases} custodial sentences a side, because a median
            of fewer cases moves too much with any one decision to be compared.
          </p>
        </Alert>
      )}
      <Distributions sides={result.sides} />
    </section>
  );
}
