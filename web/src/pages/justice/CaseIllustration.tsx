// Two single cases, one from each group, side by side. This illustrates what the records look
// like; it is never a statistic and the page says so wherever it is shown.
import { Alert, Table } from '@trussworks/react-uswds';
import { useCallback, useState } from 'react';
import { SelectField } from '../../components/fields.tsx';
import { useLoad } from '../../components/useLoad.ts';
import {
  justiceApi,
  type ComparisonCriteria,
  type JusticeOutcomeSummary,
} from '../../justiceApi.ts';
import { labelOf } from '../../vocabularies.ts';
import { sentenceText } from './OutcomeList.tsx';
import { COURT_LEVELS } from './terms.ts';

const caseLabel = (o: JusticeOutcomeSummary) => `${o.decidedOn}: ${sentenceText(o)}`;

export function CaseIllustration({ criteria }: { criteria: ComparisonCriteria }) {
  const load = useCallback(async () => {
    const of = (group: string) =>
      justiceApi.list({
        country: criteria.country,
        offenceClass: criteria.offenceClass,
        defendantGroup: group,
        from: criteria.from,
        to: criteria.to,
      });
    const [a, b] = await Promise.all([of(criteria.groupA), of(criteria.groupB)]);
    return [a.items, b.items] as const;
  }, [criteria]);
  const cases = useLoad(load);
  const [left, setLeft] = useState('');
  const [right, setRight] = useState('');
  const first = cases.data?.[0].find((o) => o.id === left);
  const second = cases.data?.[1].find((o) => o.id === right);
  const rows: [string, (o: JusticeOutcomeSummary) => string][] = [
    ['Decided', (o) => o.decidedOn],
    ['Court level', (o) => labelOf(COURT_LEVELS, o.courtLevel)],
    ['Outcome and sentence', sentenceText],
    ['Aggravating factors stated', (o) => o.aggravatingFactors.join('; ') || 'None stated'],
    ['Mitigating factors stated', (o) => o.mitigatingFactors.join('; ') || 'None stated'],
    ['Source', (o) => `${o.source.title} (${o.source.publisher})`],
  ];

  return (
    <section aria-labelledby="illustration-heading" data-testid="case-illustration">
      <h2 id="illustration-heading">Case illustration</h2>
      <Alert type="info">
        <h3 className="usa-alert__heading">Two individual cases, not a statistic</h3>
        <p className="usa-alert__text">
          Two decisions set side by side show what the records contain. They say nothing about how
          either group is sentenced in general, and must not be quoted as a comparison.
        </p>
      </Alert>
      <div className="grid-row grid-gap">
        <div className="tablet:grid-col-6">
          <SelectField
            name="illustrationA"
            label={`A case of “${criteria.groupA}”`}
            problem={cases.problem}
            value={left}
            onChange={setLeft}
          >
            <option value="">- Select a case -</option>
            {cases.data?.[0].map((o) => (
              <option key={o.id} value={o.id}>
                {caseLabel(o)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="tablet:grid-col-6">
          <SelectField
            name="illustrationB"
            label={`A case of “${criteria.groupB}”`}
            problem={cases.problem}
            value={right}
            onChange={setRight}
          >
            <option value="">- Select a case -</option>
            {cases.data?.[1].map((o) => (
              <option key={o.id} value={o.id}>
                {caseLabel(o)}
              </option>
            ))}
          </SelectField>
        </div>
      </div>
      {first && second && (
        <Table fullWidth>
          <caption>Case illustration (two individual cases, not a statistic)</caption>
          <thead>
            <tr>
              <th scope="col">Fact</th>
              <th scope="col">“{first.defendantGroup}”</th>
              <th scope="col">“{second.defendantGroup}”</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value(first)}</td>
                <td>{value(second)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
