// Edit an incident's facts, saving with the version loaded (a concurrent edit is refused).
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { Loading } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { incidentsApi, type IncidentFields } from '../../incidentsApi.ts';
import { FIELD_LABELS, IncidentForm } from './IncidentForm.tsx';
import { useIncident } from './useIncident.ts';

export function EditIncidentPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { data, problem: loadProblem, reload } = useIncident(id);
  const [problem, setProblem] = useState<Problem | null>(null);
  usePageTitle('Edit incident');
  if (loadProblem?.status === 404 || loadProblem?.status === 400) return <NotFound />;
  if (!data)
    return loadProblem ? <ProblemAlert problem={loadProblem} /> : <Loading what="incident" />;
  const { incident } = data;

  async function save(fields: IncidentFields) {
    setProblem(null);
    try {
      await incidentsApi.update(incident.id, incident.version, {
        ...fields,
        countryCode: fields.countryCode ?? incident.countryCode,
        occurredEnd: fields.occurredEnd ?? fields.occurredStart,
      });
      navigate(`/incidents/${incident.id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to={`/incidents/${incident.id}`}>Back to {incident.reference}</Link>
      </p>
      <h1>Edit {incident.reference}</h1>
      <ProblemAlert problem={problem} labels={FIELD_LABELS}>
        <ConflictNotice
          problem={problem}
          onReload={() => {
            setProblem(null);
            void reload();
          }}
        />
      </ProblemAlert>
      <IncidentForm
        key={incident.version}
        initial={incident}
        problem={problem}
        submitLabel="Save changes"
        onSubmit={save}
        cancel={
          <Link
            to={`/incidents/${incident.id}`}
            className="usa-button usa-button--unstyled padding-x-2"
          >
            Cancel
          </Link>
        }
      />
    </>
  );
}
