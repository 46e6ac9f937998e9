// Official statistics: the imported datasets with what they count and their caveats, and —
// for editors and analysts — the import wizard: choose a saved mapping and a file, watch the
// preview's progress, read every row error, then commit (all or nothing) or cancel.
import { Alert, Button, FileInput, FormGroup, Label, Select, Table } from '@trussworks/react-uswds';
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import { request, toProblem, type Problem } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useMe } from '../../session.tsx';

interface Mapping {
  name: string;
  description: string;
  format: 'csv' | 'xlsx';
  builtin: boolean;
  dataset: { publisher: string; title: string };
}

interface Dataset {
  key: string;
  publisher: string;
  title: string;
  url: string;
  licence: string;
  referencePeriod: string;
  countedDescription: string;
  caveats: string;
  observations: number;
}

interface ImportResult {
  rows: number;
  observations: number;
  inserted: number;
  replaced: number;
  errors: { row: number; column: string; reason: string }[];
  errorCount: number;
  indicators: { indicator: string; observations: number; missing: number; total: string | null }[];
}

interface Job {
  id: string;
  status: 'previewing' | 'previewed' | 'committing' | 'committed' | 'failed' | 'cancelled';
  progress: {
    phase: string;
    bytesRead: number;
    totalBytes: number;
    rows: number;
    observations: number;
  };
  preview: ImportResult | null;
  result: ImportResult | null;
  message: string | null;
}

export function StatisticsPage() {
  usePageTitle('Official statistics');
  const me = useMe();
  const canImport = me.permissions.includes('stats.import');
  const [datasets, setDatasets] = useState<Dataset[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  const loadDatasets = () =>
    request<Dataset[]>('GET', '/api/statistics/datasets').then(setDatasets, (e: unknown) =>
      setProblem(toProblem(e)),
    );
  useEffect(() => {
    void loadDatasets();
  }, []);

  return (
    <>
      <h1>Official statistics</h1>
      <ProblemAlert problem={problem} />
      {canImport && (
        <ImportWizard csrfToken={me.csrfToken} onCommitted={() => void loadDatasets()} />
      )}
      <h2>Datasets</h2>
      {datasets && datasets.length === 0 && <p>No dataset has been imported yet.</p>}
      {datasets && datasets.length > 0 && (
        <Table bordered fullWidth>
          <caption>Imported datasets, what they count and the publisher’s caveats</caption>
          <thead>
            <tr>
              <th scope="col">Dataset</th>
              <th scope="col">Counts</th>
              <th scope="col">Period</th>
              <th scope="col">Observations</th>
              <th scope="col">Caveats</th>
            </tr>
          </thead>
          <tbody>
            {datasets.map((d) => (
              <tr key={d.key}>
                <th scope="row">
                  <a href={d.url}>{d.title}</a>
                  <br />
                  {d.publisher} ({d.licence})
                </th>
                <td>{d.countedDescription}</td>
                <td>{d.referencePeriod}</td>
                <td>{d.observations.toLocaleString('en')}</td>
                <td>{d.caveats}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

function ImportWizard({ csrfToken, onCommitted }: { csrfToken: string; onCommitted: () => void }) {
  const [mappings, setMappings] = useState<Mapping[]>([]);
  const [mapping, setMapping] = useState('');
  const [onDuplicate, setOnDuplicate] = useState<'refuse' | 'replace'>('refuse');
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [upload, setUpload] = useState<number | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const timer = useRef<number | null>(null);

  useEffect(() => {
    request<Mapping[]>('GET', '/api/statistics/mappings').then(setMappings, (e: unknown) =>
      setProblem(toProblem(e)),
    );
    return () => {
      if (timer.current) window.clearTimeout(timer.current);
    };
  }, []);

  const poll = (id: string) => {
    request<Job>('GET', `/api/statistics/imports/${id}`).then(
      (j) => {
        setJob(j);
        if (j.status === 'previewing' || j.status === 'committing')
          timer.current = window.setTimeout(() => poll(id), 400);
        else if (j.status === 'committed') onCommitted();
      },
      (e: unknown) => setProblem(toProblem(e)),
    );
  };

  function start() {
    if (!file || !mapping) return;
    setProblem(null);
    setJob(null);
    const xhr = new XMLHttpRequest();
    const params = new URLSearchParams({ mapping, fileName: file.name, onDuplicate });
    xhr.open('POST', `/api/statistics/imports?${params.toString()}`);
    xhr.setRequestHeader(
      'content-type',
      file.name.endsWith('.xlsx')
        ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        : 'text/csv',
    );
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => setUpload(e.lengthComputable ? e.loaded / e.total : null);
    xhr.onload = () => {
      setUpload(null);
      const body = JSON.parse(xhr.responseText) as Job & { title?: string; detail?: string };
      if (xhr.status === 202) {
        setJob(body);
        poll(body.id);
      } else
        setProblem({
          type: 'about:blank',
          status: xhr.status,
          title: body.title ?? 'Upload failed',
          detail: body.detail ?? '',
        });
    };
    xhr.send(file);
  }

  const act = (verb: 'commit' | 'cancel') =>
    job &&
    request<Job>('POST', `/api/statistics/imports/${job.id}/${verb}`).then(
      (j) => {
        setJob(j);
        if (j.status === 'committing' || j.status === 'previewing') poll(j.id);
      },
      (e: unknown) => setProblem(toProblem(e)),
    );

  const p = job?.progress;
  const fraction = upload ?? (p && p.totalBytes > 0 ? p.bytesRead / p.totalBytes : 0);
  const running = upload !== null || job?.status === 'previewing' || job?.status === 'committing';
  const shown = job?.result ?? job?.preview;
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">Import a table</h2>
      <p>
        Choose the saved mapping of the publisher’s table and the file (CSV or XLSX). The whole file
        is checked first; nothing is written unless every row is valid, and you commit it after
        reading the preview.
      </p>
      <ProblemAlert problem={problem} />
      <FormGroup>
        <Label htmlFor="stats-mapping">Mapping</Label>
        <Select
          id="stats-mapping"
          name="mapping"
          value={mapping}
          onChange={(e: ChangeEvent<HTMLSelectElement>) => setMapping(e.target.value)}
        >
          <option value="">- choose -</option>
          {mappings.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name} ({m.format}): {m.dataset.title}
            </option>
          ))}
        </Select>
      </FormGroup>
      <FormGroup>
        <Label htmlFor="stats-file">File</Label>
        <FileInput
          id="stats-file"
          name="file"
          accept=".csv,.xlsx,text/csv"
          onChange={(e: ChangeEvent<HTMLInputElement>) => setFile(e.target.files?.[0] ?? null)}
        />
      </FormGroup>
      <FormGroup>
        <Label htmlFor="stats-duplicates">Observations the dataset already holds</Label>
        <Select
          id="stats-duplicates"
          name="onDuplicate"
          value={onDuplicate}
          onChange={(e: ChangeEvent<HTMLSelectElement>) =>
            setOnDuplicate(e.target.value as 'refuse' | 'replace')
          }
        >
          <option value="refuse">refuse the import</option>
          <option value="replace">replace them (a revised release)</option>
        </Select>
      </FormGroup>
      <Button type="button" onClick={start} disabled={!file || !mapping || running}>
        Check the file
      </Button>
      {(running || job) && (
        <div className="margin-top-2">
          <label htmlFor="stats-progress">
            {upload !== null ? 'Uploading' : job ? `${job.status} (${p?.phase ?? ''})` : ''}:{' '}
            {p ? `${p.rows.toLocaleString('en')} rows` : ''}
          </label>
          <progress id="stats-progress" max={1} value={fraction} style={{ width: '100%' }} />
        </div>
      )}
      {job?.message && (
        <Alert type="warning" slim>
          {job.message}
        </Alert>
      )}
      {shown && (
        <>
          <h3>{job?.status === 'committed' ? 'Imported' : 'Preview'}</h3>
          <p>
            {shown.rows.toLocaleString('en')} rows, {shown.observations.toLocaleString('en')}{' '}
            observations
            {job?.status === 'committed' &&
              `: ${shown.inserted} inserted, ${shown.replaced} replaced`}
            .
          </p>
          <Table bordered>
            <caption>Totals by indicator</caption>
            <thead>
              <tr>
                <th scope="col">Indicator</th>
                <th scope="col">Observations</th>
                <th scope="col">Missing</th>
                <th scope="col">Sum</th>
              </tr>
            </thead>
            <tbody>
              {shown.indicators.map((i) => (
                <tr key={i.indicator}>
                  <th scope="row">{i.indicator}</th>
                  <td>{i.observations}</td>
                  <td>{i.missing}</td>
                  <td>{i.total ?? '–'}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          {shown.errorCount > 0 && (
            <>
              <Alert type="error" slim>
                {shown.errorCount} problem(s): nothing can be imported. Correct the file (or the
                mapping) and check it again.
              </Alert>
              <Table bordered>
                <caption>Row errors</caption>
                <thead>
                  <tr>
                    <th scope="col">Row</th>
                    <th scope="col">Column</th>
                    <th scope="col">Problem</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.errors.map((e, i) => (
                    <tr key={i}>
                      <td>{e.row}</td>
                      <td>{e.column}</td>
                      <td>{e.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </Table>
            </>
          )}
        </>
      )}
      {job?.status === 'previewed' && job.preview?.errorCount === 0 && (
        <Button type="button" onClick={() => void act('commit')}>
          Import {job.preview.observations.toLocaleString('en')} observations
        </Button>
      )}
      {(job?.status === 'previewed' || running) && job && (
        <Button type="button" outline onClick={() => void act('cancel')}>
          Cancel
        </Button>
      )}
    </section>
  );
}
