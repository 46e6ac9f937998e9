// Importing incidents from a file (the CSV export's columns, or a JSON array of the same
// fields) for editors: check it first (every row error, with its row and column), then import
// it, all or nothing. Imported records are drafts of the posts the file names.
import { Alert, Button, FileInput, FormGroup, Label, Table } from '@trussworks/react-uswds';
import { useState, type ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { searchApi, type ImportResult } from '../../searchApi.ts';
import { useMe } from '../../session.tsx';

export function ImportIncidentsPage() {
  usePageTitle('Import incidents');
  const me = useMe();
  const [file, setFile] = useState<File | null>(null);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(dryRun: boolean) {
    if (!file) return;
    setBusy(true);
    try {
      setResult(await searchApi.importFile(file, dryRun, me.csrfToken));
      setProblem(null);
    } catch (error) {
      setProblem(toProblem(error));
      setResult(null);
    } finally {
      setBusy(false);
    }
  }

  const checkedClean = result?.dryRun === true && result.errors.length === 0;
  return (
    <>
      <h1>Import incidents</h1>
      <p>
        A CSV file with the columns of the incident export (<code>post</code>,{' '}
        <code>countryCode</code>, <code>title</code>, <code>narrative</code>, <code>language</code>,{' '}
        <code>categories</code> separated by semicolons, <code>occurredStart</code>,{' '}
        <code>occurredEnd</code>, <code>datePrecision</code>, <code>admin1</code>,{' '}
        <code>placeName</code>, <code>latitude</code>, <code>longitude</code>,{' '}
        <code>geoPrecision</code>, <code>route</code>, <code>marking</code>, <code>tags</code>), or
        a JSON array of objects with those fields. Every record becomes a draft of the post it
        names. Nothing is imported unless every row is valid.
      </p>
      <FormGroup>
        <Label htmlFor="import-file">File (.csv or .json)</Label>
        <FileInput
          id="import-file"
          name="file"
          accept=".csv,.json,text/csv,application/json"
          onChange={(e: ChangeEvent<HTMLInputElement>) => {
            setFile(e.target.files?.[0] ?? null);
            setResult(null);
          }}
        />
      </FormGroup>
      <Button type="button" disabled={!file || busy} onClick={() => void run(true)}>
        Check the file
      </Button>
      <Button type="button" disabled={!checkedClean || busy} onClick={() => void run(false)}>
        Import {checkedClean ? `${result.rows} incidents` : ''}
      </Button>
      <ProblemAlert problem={problem} />
      <div role="status" aria-live="polite">
        {result && result.errors.length === 0 && result.dryRun && (
          <Alert type="success" slim>
            All {result.rows} rows are valid. Nothing has been written yet.
          </Alert>
        )}
        {result && !result.dryRun && result.errors.length === 0 && (
          <Alert type="success" slim>
            Imported {result.created} draft incidents ({result.references[0]} …{' '}
            {result.references[result.references.length - 1]}).{' '}
            <Link to="/incidents">Back to the list</Link>
          </Alert>
        )}
        {result && result.errors.length > 0 && (
          <Alert type="error" slim>
            {result.errors.length} problem{result.errors.length === 1 ? '' : 's'} in {result.rows}{' '}
            rows. Nothing was imported.
          </Alert>
        )}
      </div>
      {result && result.errors.length > 0 && (
        <Table fullWidth striped caption="Problems by row (the CSV header is row 1)">
          <thead>
            <tr>
              <th scope="col">Row</th>
              <th scope="col">Column</th>
              <th scope="col">Problem</th>
            </tr>
          </thead>
          <tbody>
            {result.errors.map((e, i) => (
              <tr key={i}>
                <td>{e.row}</td>
                <td>{e.column}</td>
                <td>{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
