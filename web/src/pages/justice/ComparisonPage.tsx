// The sentencing comparison: choose comparable cases (one offence class, one jurisdiction, one
// period, optionally factors) and two defendant groups as the sources state them; see the
// number of cases and convictions on each side, the sentence-length distributions side by side
// and the difference of medians with its bootstrap interval — or the refusal to state one —
// with the confounders the comparison cannot control. Two single cases can be set side by side
// as a case illustration, which is never a statistic.
import { Button, Form, Grid } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { justiceApi, type Comparison, type ComparisonCriteria } from '../../justiceApi.ts';
import { useCountries } from '../incidents/useCountries.ts';
import { CaseIllustration } from './CaseIllustration.tsx';
import { ComparisonResult } from './ComparisonResult.tsx';
import { COURT_LEVELS, ICCS_OFFENCE_CLASSES, SENTENCING_CONFOUNDERS } from './terms.ts';

const FIELD_LABELS: Record<string, string> = {
  offenceClass: 'Offence class (ICCS)',
  'querystring.offenceClass': 'Offence class (ICCS)',
  country: 'Jurisdiction (country)',
  'querystring.country': 'Jurisdiction (country)',
  from: 'Decided from',
  to: 'Decided until',
  groupA: 'First defendant group',
  groupB: 'Second defendant group',
};

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function ComparisonPage() {
  usePageTitle('Sentencing comparison');
  const countries = useCountries();
  const [f, setF] = useState({
    offenceClass: '',
    country: '',
    subnational: '',
    courtLevel: '',
    from: '',
    to: '',
    groupA: '',
    groupB: '',
    aggravating: '',
    mitigating: '',
  });
  const set = (key: keyof typeof f) => (value: string) => setF((p) => ({ ...p, [key]: value }));
  const [groups, setGroups] = useState<{ defendantGroup: string; cases: number }[]>([]);
  const [asked, setAsked] = useState<ComparisonCriteria | null>(null);
  const [result, setResult] = useState<Comparison | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const loadGroups = useCallback(async () => {
    if (!f.offenceClass || !f.country) return setGroups([]);
    try {
      const { items } = await justiceApi.defendantGroups({
        offenceClass: f.offenceClass,
        country: f.country,
      });
      setGroups(items);
    } catch {
      setGroups([]);
    }
  }, [f.offenceClass, f.country]);
  useEffect(() => {
    void loadGroups();
  }, [loadGroups]);

  async function compare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    const criteria: ComparisonCriteria = {
      offenceClass: f.offenceClass,
      country: f.country,
      ...(f.subnational.trim() ? { subnational: f.subnational.trim() } : {}),
      ...(f.courtLevel ? { courtLevel: f.courtLevel } : {}),
      from: f.from,
      to: f.to,
      groupA: f.groupA,
      groupB: f.groupB,
      aggravating: lines(f.aggravating),
      mitigating: lines(f.mitigating),
    };
    try {
      setResult(await justiceApi.compare(criteria));
      setAsked(criteria);
    } catch (error) {
      setResult(null);
      setProblem(toProblem(error));
    }
  }

  const groupOptions = (
    <>
      <option value="">- Select a group -</option>
      {groups.map((g) => (
        <option key={g.defendantGroup} value={g.defendantGroup}>
          “{g.defendantGroup}” ({g.cases} cases)
        </option>
      ))}
    </>
  );

  return (
    <>
      <h1>Sentencing comparison</h1>
      <p>
        Compares the sentences of two defendant groups, in the words of the cited sources, among
        comparable cases only: the same offence class, the same jurisdiction and the same period.
      </p>
      <ProblemAlert problem={problem} labels={FIELD_LABELS} />
      <Form onSubmit={(e) => void compare(e)} className="maxw-full" aria-label="Comparable cases">
        <Grid row gap>
          <Grid tablet={{ col: 6 }}>
            <SelectField
              name="offenceClass"
              label={FIELD_LABELS.offenceClass!}
              problem={problem}
              value={f.offenceClass}
              onChange={set('offenceClass')}
              required
            >
              <option value="">- Select an offence class -</option>
              {ICCS_OFFENCE_CLASSES.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.code} {c.label}
                </option>
              ))}
            </SelectField>
          </Grid>
          <Grid tablet={{ col: 6 }}>
            <SelectField
              name="country"
              label={FIELD_LABELS.country!}
              problem={problem}
              value={f.country}
              onChange={set('country')}
              required
            >
              <option value="">- Select a country -</option>
              {countries.data?.items.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </SelectField>
          </Grid>
        </Grid>
        <Grid row gap>
          <Grid tablet={{ col: 3 }}>
            <TextField
              name="from"
              label={FIELD_LABELS.from!}
              type="date"
              problem={problem}
              value={f.from}
              onChange={set('from')}
              required
            />
          </Grid>
          <Grid tablet={{ col: 3 }}>
            <TextField
              name="to"
              label={FIELD_LABELS.to!}
              type="date"
              problem={problem}
              value={f.to}
              onChange={set('to')}
              required
            />
          </Grid>
          <Grid tablet={{ col: 3 }}>
            <TextField
              name="subnational"
              label="Sub-national jurisdiction"
              hint="Optional; exactly as recorded."
              problem={problem}
              value={f.subnational}
              onChange={set('subnational')}
            />
          </Grid>
          <Grid tablet={{ col: 3 }}>
            <SelectField
              name="courtLevel"
              label="Court level"
              problem={problem}
              value={f.courtLevel}
              onChange={set('courtLevel')}
            >
              <option value="">Any court level</option>
              {COURT_LEVELS.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.label}
                </option>
              ))}
            </SelectField>
          </Grid>
        </Grid>
        <Grid row gap>
          <Grid tablet={{ col: 6 }}>
            <SelectField
              name="groupA"
              label={FIELD_LABELS.groupA!}
              hint="Groups recorded for this offence class and country."
              problem={problem}
              value={f.groupA}
              onChange={set('groupA')}
              required
            >
              {groupOptions}
            </SelectField>
          </Grid>
          <Grid tablet={{ col: 6 }}>
            <SelectField
              name="groupB"
              label={FIELD_LABELS.groupB!}
              hint="Groups recorded for this offence class and country."
              problem={problem}
              value={f.groupB}
              onChange={set('groupB')}
              required
            >
              {groupOptions}
            </SelectField>
          </Grid>
        </Grid>
        <Grid row gap>
          <Grid tablet={{ col: 6 }}>
            <TextAreaField
              name="aggravating"
              label="Only cases stating these aggravating factors"
              hint="One a line, as recorded; leave empty for all cases."
              problem={problem}
              value={f.aggravating}
              onChange={set('aggravating')}
            />
          </Grid>
          <Grid tablet={{ col: 6 }}>
            <TextAreaField
              name="mitigating"
              label="Only cases stating these mitigating factors"
              hint="One a line, as recorded; leave empty for all cases."
              problem={problem}
              value={f.mitigating}
              onChange={set('mitigating')}
            />
          </Grid>
        </Grid>
        <Button type="submit">Compare</Button>
      </Form>

      {result && asked && <ComparisonResult result={result} />}
      {result && asked && <CaseIllustration criteria={asked} />}

      <section aria-labelledby="confounders-heading" data-testid="confounders">
        <h2 id="confounders-heading">What this comparison cannot control</h2>
        <p>
          Cases are matched only on offence class, jurisdiction, period and the factors you choose.
          A difference between the groups may come from any of the following, which the records do
          not hold:
        </p>
        <ul>
          {SENTENCING_CONFOUNDERS.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      </section>
    </>
  );
}
