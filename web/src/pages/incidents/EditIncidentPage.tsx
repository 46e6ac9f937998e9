// Edit an incident. A draft (or a returned record) saves itself a moment after the user stops
// typing, with the version it last saved: if someone else saved in between, the server's 409
// stops autosaving and the conflict notice offers to reload — nothing is overwritten.
// Records past the post (an editor's correction) are saved only when the user asks.
import { useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { Loading } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { incidentsApi, type Incident } from '../../incidentsApi.ts';
import { AUTOSAVE_DELAY_MS, SaveStatus, timeOf } from './autosave.tsx';
import { FormSources } from './FormSources.tsx';
import { fieldLabel, IncidentForm } from './IncidentForm.tsx';
import { fromIncident, localProblem, toFields, type FormState } from './incidentFormState.ts';
import { SourcePicker, sourceLabel } from './SourcePicker.tsx';
import { useIncident } from './useIncident.ts';

type Saving =
  | { kind: 'idle' }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: Date }
  | { kind: 'invalid' }
  | { kind: 'conflict' };

export function EditIncidentPage() {
  const { id = '' } = useParams();
  const { data, problem: loadProblem, reload } = useIncident(id);
  usePageTitle('Edit incident');
  if (loadProblem?.status === 404 || loadProblem?.status === 400) return <NotFound />;
  if (!data)
    return loadProblem ? <ProblemAlert problem={loadProblem} /> : <Loading what="incident" />;
  // A new version from the server (after "reload the current version") starts a fresh form.
  return (
    <Editor
      key={`${data.incident.id}:${data.incident.version}`}
      incident={data.incident}
      reload={reload}
    />
  );
}

function Editor({ incident, reload }: { incident: Incident; reload: () => Promise<void> }) {
  const navigate = useNavigate();
  const [state, setState] = useState<FormState>(() => fromIncident(incident));
  const [linked, setLinked] = useState(incident.sources);
  const [warnings, setWarnings] = useState(incident.warnings);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState<Saving>({ kind: 'idle' });
  const [busy, setBusy] = useState(false);
  const autosave = incident.status === 'draft' || incident.status === 'returned';
  const version = useRef(incident.version);
  const latest = useRef(state);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  // Saves and links run one after another, each with the version the previous one left.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const conflicted = useRef(false);

  useEffect(() => () => clearTimeout(timer.current), []);

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.current.then(task, task);
    queue.current = run.catch(() => undefined);
    return run;
  }

  /** Saves the latest state; true when saved. Autosave never moves focus for field errors. */
  function save(mode: 'auto' | 'manual'): Promise<boolean> {
    return enqueue(async () => {
      if (conflicted.current) return false;
      const snapshot = latest.current;
      const { fields, errors } = toFields(snapshot);
      if (errors.length) {
        if (mode === 'manual') setProblem(localProblem(errors));
        setSaving({ kind: 'invalid' });
        return false;
      }
      const { sources: _sources, ...patch } = fields;
      void _sources;
      setSaving({ kind: 'saving' });
      try {
        const updated = await incidentsApi.update(incident.id, version.current, {
          ...patch,
          countryCode: patch.countryCode ?? incident.countryCode,
          occurredEnd: patch.occurredEnd ?? patch.occurredStart,
        });
        version.current = updated.version;
        setWarnings(updated.warnings);
        // Changes typed while this save was on its way are saved by the next one.
        setSaving(
          latest.current === snapshot ? { kind: 'saved', at: new Date() } : { kind: 'pending' },
        );
        setProblem((p) => (mode === 'manual' || p?.status === 400 ? null : p));
        return true;
      } catch (error) {
        const p = toProblem(error);
        if (p.status === 409) {
          conflicted.current = true;
          setSaving({ kind: 'conflict' });
          setProblem(p);
        } else {
          setSaving({ kind: 'invalid' });
          if (mode === 'manual') setProblem(p);
        }
        return false;
      }
    });
  }

  function change(next: FormState) {
    setState(next);
    latest.current = next;
    if (!autosave || conflicted.current) return;
    setSaving({ kind: 'pending' });
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void save('auto'), AUTOSAVE_DELAY_MS);
  }

  async function submit() {
    clearTimeout(timer.current);
    setBusy(true);
    try {
      if (await save('manual')) navigate(`/incidents/${incident.id}`);
    } finally {
      setBusy(false);
    }
  }

  const statusText = (() => {
    switch (saving.kind) {
      case 'saved':
        return `Saved at ${timeOf(saving.at)}.`;
      case 'saving':
        return 'Saving…';
      case 'pending':
        return 'Unsaved changes; saving shortly.';
      case 'invalid':
        return 'Not saved: some fields need attention. Select “Save changes” to see which.';
      case 'conflict':
        return 'Not saved: someone else changed this record.';
      default:
        return autosave
          ? 'Changes save automatically.'
          : 'Changes are saved when you select “Save changes”.';
    }
  })();
  const labels = Object.fromEntries(
    (problem?.errors ?? []).map((e) => [e.field, fieldLabel(e.field)]),
  );

  return (
    <>
      <p className="margin-top-0">
        <Link to={`/incidents/${incident.id}`}>Back to {incident.reference}</Link>
      </p>
      <h1>Edit {incident.reference}</h1>
      <ProblemAlert problem={problem} labels={labels}>
        <ConflictNotice
          problem={problem}
          onReload={() => {
            setProblem(null);
            void reload();
          }}
        />
      </ProblemAlert>
      <IncidentForm
        state={state}
        onChange={change}
        problem={problem}
        busy={busy}
        warnings={warnings}
        submitLabel="Save changes"
        onSubmit={() => void submit()}
        citable={linked.map((l) => ({ id: l.source.id, label: sourceLabel(l.source) }))}
        sources={
          <FormSources
            hint="Sources linked here are linked at once. Unlink a source on the incident's page."
            items={linked.map((l) => ({
              id: l.source.id,
              label: sourceLabel(l.source),
              credibility: l.credibility,
              excerpt: l.excerpt,
            }))}
            picker={
              <SourcePicker
                exclude={linked.map((l) => l.source.id)}
                onPick={(source, credibility, excerpt) =>
                  enqueue(async () => {
                    const updated = await incidentsApi.linkSource(
                      incident.id,
                      source.id,
                      credibility,
                      excerpt,
                    );
                    version.current = updated.version;
                    setLinked(updated.sources);
                  })
                }
              />
            }
          />
        }
        status={<SaveStatus text={statusText} />}
        cancel={
          <Link
            to={`/incidents/${incident.id}`}
            className="usa-button usa-button--unstyled padding-x-2"
          >
            {autosave ? 'Back to the incident' : 'Cancel'}
          </Link>
        }
      />
    </>
  );
}
