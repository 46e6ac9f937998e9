// Frameworks (editors edit them), the assessments the user may see, and the comparison form.
import { Button, Form, Grid, Table } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api.ts';
import { SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { assessmentApi } from '../../engagementApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { useCountries } from '../incidents/useCountries.ts';

export function AssessmentHome() {
  usePageTitle('Policy assessments');
  const me = useMe();
  const navigate = useNavigate();
  const countries = useCountries();
  const load = useCallback(async () => {
    const [frameworks, assessments, regions] = await Promise.all([
      assessmentApi.frameworks(),
      assessmentApi.list({}),
      api.regions(),
    ]);
    return { frameworks: frameworks.items, assessments: assessments.items, regions: regions.items };
  }, []);
  const data = useLoad(load);
  const [framework, setFramework] = useState('');
  const [scope, setScope] = useState('');

  function compare(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!framework || !scope) return;
    navigate(`/assessments/compare?framework=${framework}&${scope}`);
  }

  return (
    <>
      <div className="display-flex flex-justify flex-align-center flex-wrap">
        <h1>Policy assessments</h1>
        {hasPermission(me, 'assessment.write') && (
          <Link to="/assessments/new" className="usa-button">
            New assessment
          </Link>
        )}
      </div>
      <ProblemAlert problem={data.problem} />
      {!data.data && !data.problem && <Loading what="assessments" />}
      {data.data && (
        <>
          <h2>Assessments</h2>
          {data.data.assessments.length === 0 ? (
            <p>No assessment yet.</p>
          ) : (
            <Table fullWidth striped>
              <caption>Assessments you may see</caption>
              <thead>
                <tr>
                  <th scope="col">Country</th>
                  <th scope="col">Period</th>
                  <th scope="col">Framework</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {data.data.assessments.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/assessments/${a.id}`}>
                        {countries.data?.name(a.countryCode) ?? a.countryCode}
                      </Link>
                    </td>
                    <td>
                      {a.periodStart} to {a.periodEnd}
                    </td>
                    <td>
                      {a.frameworkName}, version {a.frameworkNumber}
                    </td>
                    <td>{a.status}</td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <h2>Compare</h2>
          <Form onSubmit={compare} className="maxw-full" aria-label="Compare assessments">
            <Grid row gap>
              <Grid tablet={{ col: 6 }}>
                <SelectField
                  name="compareFramework"
                  label="Framework"
                  problem={null}
                  value={framework}
                  onChange={setFramework}
                  required
                >
                  <option value="">- Select a framework -</option>
                  {data.data.frameworks.map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.name}
                    </option>
                  ))}
                </SelectField>
              </Grid>
              <Grid tablet={{ col: 6 }}>
                <SelectField
                  name="compareScope"
                  label="Country (its periods) or region (its countries)"
                  problem={null}
                  value={scope}
                  onChange={setScope}
                  required
                >
                  <option value="">- Select -</option>
                  <optgroup label="Regions">
                    {data.data.regions.map((r) => (
                      <option key={r.id} value={`region=${r.id}`}>
                        {r.name}
                      </option>
                    ))}
                  </optgroup>
                  <optgroup label="Countries">
                    {countries.data?.items.map((c) => (
                      <option key={c.code} value={`country=${c.code}`}>
                        {c.name}
                      </option>
                    ))}
                  </optgroup>
                </SelectField>
              </Grid>
            </Grid>
            <Button type="submit">Compare</Button>
          </Form>
          <h2>Frameworks</h2>
          {hasPermission(me, 'framework.manage') && (
            <Link to="/assessments/frameworks/new" className="usa-button usa-button--outline">
              New framework
            </Link>
          )}
          <ul className="usa-list">
            {data.data.frameworks.map((f) => (
              <li key={f.id}>
                {hasPermission(me, 'framework.manage') ? (
                  <Link to={`/assessments/frameworks/${f.id}`}>{f.name}</Link>
                ) : (
                  f.name
                )}{' '}
                — version {f.latestNumber}, {f.indicatorCount} indicators
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
