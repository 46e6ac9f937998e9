// "Possible duplicates" on an incident's page: records of the same country, overlapping
// period and a shared category with similar words or place, best first with the score and
// the reasons (src/domain/duplicates.ts). Reviewers of the region and editors may merge one
// into the record shown: everything of the other is kept here, and its links lead here.
import { Alert, Button, ButtonGroup, Table } from '@trussworks/react-uswds';
import { useCallback, useState } from 'react';
import { Link, Navigate, useLocation } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { incidentsApi, type DuplicateCandidate, type Incident } from '../../incidentsApi.ts';
import { useMe } from '../../session.tsx';
import { INCIDENT_STATUSES, labelOf } from '../../vocabularies.ts';
import { occurred } from './display.tsx';

/** A merged record's page leads to the record it was merged into. */
export function MergedRedirect({ incident }: { incident: Incident }) {
  return (
    <Navigate
      to={`/incidents/${incident.mergedInto}`}
      replace
      state={{ mergedFrom: incident.reference }}
    />
  );
}

/** Says so when the user followed a link to a record that was merged into this one. */
export function MergedNotice() {
  const location = useLocation();
  const from = (location.state as { mergedFrom?: string } | null)?.mergedFrom;
  if (!from) return null;
  return (
    <Alert type="info" slim data-testid="merged-notice">
      {from} was merged into this record; links to it lead here.
    </Alert>
  );
}

export function DuplicatesSection({
  incident,
  onChanged,
}: {
  incident: Incident;
  onChanged: () => Promise<void>;
}) {
  const me = useMe();
  const load = useCallback(
    () => incidentsApi.duplicates(incident.id),
    // Looked for again whenever the record changes (after an edit, a submit or a merge).
    [incident.id, incident.version],
  );
  const candidates = useLoad(load);
  const [confirming, setConfirming] = useState<DuplicateCandidate | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const mayMerge =
    me.permissions.includes('incident.merge') &&
    incident.status !== 'draft' &&
    incident.status !== 'merged';

  async function merge(candidate: DuplicateCandidate) {
    setBusy(true);
    setProblem(null);
    try {
      const other = await incidentsApi.get(candidate.id);
      await incidentsApi.merge(incident.id, incident.version, other.id, other.version);
      setConfirming(null);
      await onChanged();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  const items = candidates.data?.items;
  return (
    <section aria-labelledby="duplicates-heading" className="margin-bottom-4">
      <h2 id="duplicates-heading">Possible duplicates</h2>
      <ProblemAlert problem={problem ?? candidates.problem}>
        <ConflictNotice
          problem={problem}
          onReload={() => {
            setProblem(null);
            setConfirming(null);
            void onChanged();
          }}
        />
      </ProblemAlert>
      {!items && !candidates.problem && <p>Looking for possible duplicates…</p>}
      {items && items.length === 0 && (
        <p>
          None found: no other record you can see of the same country, period and category has
          similar words or a similar place.
        </p>
      )}
      {items && items.length > 0 && (
        <Table fullWidth caption="Records that may describe the same event, most alike first">
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Occurred</th>
              <th scope="col">Status</th>
              <th scope="col">Score</th>
              <th scope="col">Why</th>
              {mayMerge && <th scope="col">Action</th>}
            </tr>
          </thead>
          <tbody data-testid="duplicate-candidates">
            {items.map((c) => (
              <tr key={c.id}>
                <th scope="row">
                  <Link to={`/incidents/${c.id}`}>{c.reference}</Link>
                  <span className="display-block text-normal">{c.title}</span>
                </th>
                <td>{occurred(c.occurredStart, c.occurredEnd, c.datePrecision)}</td>
                <td>{labelOf(INCIDENT_STATUSES, c.status)}</td>
                <td>{c.score} / 100</td>
                <td>
                  <ul className="margin-0 padding-left-2">
                    {c.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </td>
                {mayMerge && (
                  <td>
                    {c.status !== 'draft' && (
                      <Button type="button" outline onClick={() => setConfirming(c)}>
                        Merge {c.reference} into this record
                      </Button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {confirming && (
        <div role="region" aria-labelledby="merge-confirm-heading" className="margin-top-2">
          <Alert type="warning">
            <h3 id="merge-confirm-heading" className="usa-alert__heading">
              Merge {confirming.reference} into {incident.reference}?
            </h3>
            <p className="usa-alert__text">
              Every source link, comment, attachment, act, victim group, perpetrator and history
              entry of {confirming.reference} is kept on {incident.reference}.{' '}
              {confirming.reference} is marked &ldquo;merged&rdquo; and links to it lead here. This
              cannot be undone.
            </p>
            <ButtonGroup>
              <Button type="button" disabled={busy} onClick={() => void merge(confirming)}>
                Confirm merge
              </Button>
              <Button type="button" unstyled onClick={() => setConfirming(null)}>
                Cancel
              </Button>
            </ButtonGroup>
          </Alert>
        </div>
      )}
    </section>
  );
}
