// One incident: its facts, workflow actions, sources, comments and history.
import { Alert } from '@trussworks/react-uswds';
import { Link, useParams } from 'react-router-dom';
import { Loading } from '../../components/guards.tsx';
import { NotFound } from '../../components/NotFound.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useMe } from '../../session.tsx';
import { DATE_PRECISIONS, labelOf, MARKINGS, MIGRATION_ROUTES } from '../../vocabularies.ts';
import { allowed } from './allowed.ts';
import { CommentsSection } from './CommentsSection.tsx';
import { CategoryLabels, occurred, StatusTag } from './display.tsx';
import { DuplicatesSection, MergedNotice, MergedRedirect } from './DuplicatesSection.tsx';
import { EvidenceSections } from './EvidenceSections.tsx';
import { HistorySection } from './HistorySection.tsx';
import { SourcesSection } from './SourcesSection.tsx';
import { useCountries } from './useCountries.ts';
import { useIncident } from './useIncident.ts';
import { WorkflowActions } from './WorkflowActions.tsx';

export function IncidentPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const { data, problem, reload } = useIncident(id);
  const countries = useCountries();
  usePageTitle(data ? `${data.incident.reference} ${data.incident.title}` : 'Incident');
  if (problem?.status === 404 || problem?.status === 400) return <NotFound />;
  if (!data) return problem ? <ProblemAlert problem={problem} /> : <Loading what="incident" />;
  const { incident, comments, history, post } = data;
  if (incident.mergedInto) return <MergedRedirect incident={incident} />;
  const can = allowed(me, incident, history, post?.regionId ?? null);
  const facts: [string, React.ReactNode][] = [
    ['Status', <StatusTag key="s" status={incident.status} />],
    ['Post', post?.name ?? `Post ${incident.postId}`],
    ['Country', countries.data?.name(incident.countryCode) ?? incident.countryCode],
    ['Categories', <CategoryLabels key="c" codes={incident.categories} />],
    [
      'Occurred',
      `${occurred(incident.occurredStart, incident.occurredEnd, incident.datePrecision)} (${labelOf(DATE_PRECISIONS, incident.datePrecision).toLowerCase()})`,
    ],
    ['Place', [incident.placeName, incident.admin1].filter(Boolean).join(', ') || '—'],
    ['Migration route', labelOf(MIGRATION_ROUTES, incident.route) || '—'],
    ['Marking', labelOf(MARKINGS, incident.marking)],
    ['Tags', incident.tags.join(', ') || '—'],
  ];

  return (
    <>
      <p className="margin-top-0">
        <Link to="/incidents">Back to incidents</Link>
      </p>
      <h1>
        <span className="display-block font-body-sm text-base-dark">{incident.reference}</span>
        {incident.title}
      </h1>
      <MergedNotice />
      {can.edit && (
        <p>
          <Link to={`/incidents/${incident.id}/edit`} className="usa-button usa-button--outline">
            Edit incident
          </Link>
        </p>
      )}
      {incident.warnings.length > 0 && (
        <Alert type="warning" slim>
          <ul className="margin-0">
            {incident.warnings.map((w) => (
              <li key={w.field}>
                {w.field}: {w.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      <section aria-labelledby="facts-heading" className="margin-bottom-4">
        <h2 id="facts-heading">Details</h2>
        <dl className="incident-facts">
          {facts.map(([term, value]) => (
            <div key={term} className="grid-row margin-bottom-1">
              <dt className="grid-col-4 text-bold">{term}</dt>
              <dd className="grid-col-8 margin-left-0">{value}</dd>
            </div>
          ))}
        </dl>
        <h3>Narrative</h3>
        <p className="measure-5" style={{ whiteSpace: 'pre-wrap' }}>
          {incident.narrative || '—'}
        </p>
      </section>
      <WorkflowActions incident={incident} can={can} onChanged={reload} />
      <SourcesSection incident={incident} canLink={can.edit} onChanged={reload} />
      <EvidenceSections incidentId={incident.id} canChange={can.edit} />
      <DuplicatesSection incident={incident} onChanged={reload} />
      <CommentsSection
        incidentId={incident.id}
        comments={comments}
        canComment={can.comment}
        onChanged={reload}
      />
      <HistorySection entries={history} />
    </>
  );
}
