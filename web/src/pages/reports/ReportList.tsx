// Reports by year and region with their clearance status; starting a country's report (the
// migration sections are generated from verified records); downloading a regional or global
// compilation.
import { Button, Form, Table, Tag } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, toProblem, type Problem } from '../../api.ts';
import { SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { reportsApi, type ReportStatus } from '../../reportsApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { useCountries } from '../incidents/useCountries.ts';

const THIS_YEAR = new Date().getFullYear();
const YEARS = Array.from({ length: 8 }, (_, i) => THIS_YEAR - i);

export function ReportStatusTag({ status }: { status: ReportStatus }) {
  const label = { drafted: 'Drafted', reviewed: 'Reviewed', cleared: 'Cleared' }[status];
  return (
    <Tag
      className={
        status === 'cleared' ? 'bg-green' : status === 'reviewed' ? 'bg-primary' : 'bg-base-dark'
      }
    >
      {label}
    </Tag>
  );
}

export function ReportList() {
  usePageTitle('Country reports');
  const me = useMe();
  const navigate = useNavigate();
  const countries = useCountries();
  const [year, setYear] = useState(String(THIS_YEAR - 1));
  const [regionId, setRegionId] = useState('');
  const regions = useLoad(useCallback(async () => (await api.regions()).items, []));
  const reports = useLoad(
    useCallback(
      async () =>
        (
          await reportsApi.list({
            year: Number(year),
            ...(regionId ? { regionId: Number(regionId) } : {}),
          })
        ).items,
      [year, regionId],
    ),
  );
  const [country, setCountry] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);

  async function start(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      const report = await reportsApi.create(country, Number(year));
      navigate(`/reports/${report.id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <h1>Country reports</h1>
      <p className="measure-5">
        The migration-related parts of each country&apos;s section of the annual human-rights
        report. Generated paragraphs cite only verified records; counts below 5 are never printed.
      </p>
      <div className="grid-row grid-gap">
        <div className="tablet:grid-col-4">
          <SelectField name="year" label="Year" problem={null} value={year} onChange={setYear}>
            {YEARS.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="tablet:grid-col-8">
          <SelectField
            name="regionId"
            label="Region"
            problem={null}
            value={regionId}
            onChange={setRegionId}
          >
            <option value="">All regions</option>
            {regions.data?.map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </SelectField>
        </div>
      </div>
      <ProblemAlert problem={reports.problem} />
      {!reports.data && !reports.problem && <Loading what="reports" />}
      {reports.data && (
        <>
          <p>
            <Link to={`/reports/structure/${year}`}>Section structure of the {year} reports</Link>
          </p>
          <p role="status" aria-live="polite">
            {reports.data.length === 0
              ? `No ${year} reports yet.`
              : `${reports.data.length} report${reports.data.length === 1 ? '' : 's'} for ${year}.`}
          </p>
          {reports.data.length > 0 && (
            <Table fullWidth>
              <caption className="usa-sr-only">Country reports for {year}</caption>
              <thead>
                <tr>
                  <th scope="col">Country</th>
                  <th scope="col">Region</th>
                  <th scope="col">Status</th>
                  <th scope="col">Version</th>
                </tr>
              </thead>
              <tbody>
                {reports.data.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      <Link to={`/reports/${r.id}`}>
                        {r.countryName} {r.year}
                      </Link>
                    </th>
                    <td>{r.regionName}</td>
                    <td>
                      <ReportStatusTag status={r.status} />
                    </td>
                    <td>
                      {r.contentVersion}
                      {r.clearedVersion ? ` (cleared: ${r.clearedVersion})` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {reports.data.length > 0 && hasPermission(me, 'report.export') && (
            <p>
              Download the {regionId ? 'regional' : 'global'} compilation for {year}:{' '}
              {(['docx', 'pdf', 'html'] as const).map((f, i) => (
                <span key={f}>
                  {i > 0 && ' · '}
                  <a
                    href={reportsApi.compilationUrl(
                      Number(year),
                      regionId ? Number(regionId) : undefined,
                      f,
                    )}
                    download
                  >
                    {f.toUpperCase()}
                  </a>
                </span>
              ))}
            </p>
          )}
        </>
      )}
      {hasPermission(me, 'report.create') && (
        <section aria-labelledby="start-heading" className="margin-top-4">
          <h2 id="start-heading">Start a {year} report</h2>
          <ProblemAlert problem={problem} labels={{ countryCode: 'Country', year: 'Year' }} />
          <Form onSubmit={(e) => void start(e)} className="maxw-mobile-lg">
            <SelectField
              name="countryCode"
              label="Country"
              problem={problem}
              required
              value={country}
              onChange={setCountry}
            >
              <option value="">- Select -</option>
              {countries.data?.items.map((c) => (
                <option key={c.code} value={c.code}>
                  {c.name}
                </option>
              ))}
            </SelectField>
            <Button type="submit" disabled={!country}>
              Generate draft
            </Button>
          </Form>
        </section>
      )}
    </>
  );
}
