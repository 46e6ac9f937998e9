// Recorded court decisions, latest first, filtered by country and offence class; the way to
// record another and to the sentencing comparison.
import { Button, Form, Grid, Table } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { justiceApi } from '../../justiceApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { labelOf } from '../../vocabularies.ts';
import { useCountries } from '../incidents/useCountries.ts';
import { ICCS_OFFENCE_CLASSES, JUSTICE_OUTCOMES, offenceLabel, SENTENCE_TYPES } from './terms.ts';

export function sentenceText(o: {
  outcome: string;
  sentenceType: string | null;
  sentenceMonths: number | null;
}): string {
  if (o.outcome !== 'conviction') return labelOf(JUSTICE_OUTCOMES, o.outcome);
  const type = labelOf(SENTENCE_TYPES, o.sentenceType);
  return o.sentenceMonths === null ? type : `${type}, ${o.sentenceMonths} months`;
}

export function OutcomeList() {
  usePageTitle('Justice outcomes');
  const me = useMe();
  const countries = useCountries();
  const [country, setCountry] = useState('');
  const [offenceClass, setOffenceClass] = useState('');
  const [applied, setApplied] = useState({ country: '', offenceClass: '' });
  const load = useCallback(() => justiceApi.list(applied), [applied]);
  const list = useLoad(load);

  function filter(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setApplied({ country, offenceClass });
  }

  return (
    <>
      <div className="display-flex flex-justify flex-align-center flex-wrap">
        <h1>Justice outcomes</h1>
        <div>
          <Link to="/justice/compare" className="usa-button usa-button--outline">
            Compare sentences
          </Link>
          {hasPermission(me, 'justice.write') && (
            <Link to="/justice/new" className="usa-button">
              Record a court decision
            </Link>
          )}
        </div>
      </div>
      <p>
        Court decisions as cited sources report them. The defendant group is always in the
        source&apos;s own words.
      </p>
      <Form onSubmit={filter} className="maxw-full" aria-label="Filter justice outcomes">
        <Grid row gap>
          <Grid tablet={{ col: 6 }}>
            <SelectField
              name="country"
              label="Jurisdiction (country)"
              problem={null}
              value={country}
              onChange={setCountry}
            >
              <option value="">Any country</option>
              {countries.data?.items.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          </Grid>
          <Grid tablet={{ col: 6 }}>
            <SelectField
              name="offenceClass"
              label="Offence class (ICCS)"
              problem={null}
              value={offenceClass}
              onChange={setOffenceClass}
            >
              <option value="">Any offence class</option>
              {ICCS_OFFENCE_CLASSES.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} {c.label}
                </option>
              ))}
            </SelectField>
          </Grid>
        </Grid>
        <Button type="submit">Apply filters</Button>
      </Form>
      <ProblemAlert problem={list.problem} />
      {!list.data && !list.problem && <Loading what="justice outcomes" />}
      {list.data && list.data.items.length === 0 && <p>No court decisions recorded here yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <Table fullWidth striped>
          <caption>Court decisions, latest first</caption>
          <thead>
            <tr>
              <th scope="col">Decided</th>
              <th scope="col">Jurisdiction</th>
              <th scope="col">Offence class</th>
              <th scope="col">Defendant group (as stated)</th>
              <th scope="col">Outcome and sentence</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((o) => (
              <tr key={o.id}>
                <td>
                  <Link to={`/justice/${o.id}`}>{o.decidedOn}</Link>
                  {o.synthetic && <span className="usa-tag margin-left-1">synthetic</span>}
                </td>
                <td>
                  {countries.data?.name(o.countryCode) ?? o.countryCode}
                  {o.subnationalJurisdiction ? `, ${o.subnationalJurisdiction}` : ''}
                </td>
                <td>{offenceLabel(ICCS_OFFENCE_CLASSES, o.offenceClass)}</td>
                <td>“{o.defendantGroup}”</td>
                <td>{sentenceText(o)}</td>
                <td>
                  {o.source.title} ({o.source.publisher})
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
