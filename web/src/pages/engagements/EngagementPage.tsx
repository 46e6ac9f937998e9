// One engagement: what was conveyed, the host's response, follow-ups (overdue ones marked),
// the sources behind it and the files attached to it (notes, letters, the diplomatic note).
// A draft (proposed from a text read in) says so, and the post's writers confirm it here.
import { Alert, AlertHeading, Button } from '@trussworks/react-uswds';
import { useCallback, useState } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { Link, useParams } from 'react-router-dom';
import { AttachmentsSection } from '../../components/AttachmentsSection.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { engagementApi } from '../../engagementApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { labelOf, MARKINGS } from '../../vocabularies.ts';
import { useCountries } from '../incidents/useCountries.ts';
import {
  COUNTERPART_LEVELS,
  ENGAGEMENT_KINDS,
  ENGAGEMENT_TOPICS,
  FOLLOW_UP_STATUSES,
  HOST_STANCES,
} from './terms.ts';

export function EngagementPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const countries = useCountries();
  const load = useCallback(() => engagementApi.get(id), [id]);
  const current = useLoad(load);
  const e = current.data;
  const [problem, setProblem] = useState<Problem | null>(null);
  const confirm = async () => {
    if (!e) return;
    try {
      await engagementApi.update(id, e.version, { status: 'logged' });
      setProblem(null);
      await current.reload();
    } catch (error) {
      setProblem(toProblem(error));
    }
  };
  usePageTitle(e ? `${labelOf(ENGAGEMENT_KINDS, e.kind)} of ${e.occurredOn}` : 'Engagement');
  return (
    <>
      <p className="margin-top-0">
        <Link to="/engagements">Back to engagements</Link>
      </p>
      <ProblemAlert problem={current.problem} />
      {!e && !current.problem && <Loading what="engagement" />}
      {e && (
        <>
          <h1>
            {labelOf(ENGAGEMENT_KINDS, e.kind)} with {e.counterpartOffice}, {e.occurredOn}
          </h1>
          <p>
            {countries.data?.name(e.countryCode) ?? e.countryCode} ·{' '}
            {labelOf(COUNTERPART_LEVELS, e.counterpartLevel)} · {labelOf(MARKINGS, e.marking)} ·{' '}
            <Link to={`/engagements/timeline/${e.countryCode}`}>Country timeline</Link>
          </p>
          {e.status === 'draft' && (
            <Alert type="info">
              <AlertHeading level="h2">Draft</AlertHeading>
              This engagement was proposed from a text read in and accepted by a reviewer. It stays
              out of country reports and cannot be shared until the post confirms it.
              {hasPermission(me, 'engagement.write') && (
                <p className="margin-bottom-0">
                  <Button type="button" onClick={() => void confirm()}>
                    Confirm and log this engagement
                  </Button>
                </p>
              )}
            </Alert>
          )}
          <ProblemAlert problem={problem} />
          {hasPermission(me, 'engagement.write') && (
            <Link to={`/engagements/${id}/edit`} className="usa-button">
              Edit
            </Link>
          )}
          <h2>Topics</h2>
          <p>{e.topics.map((t) => labelOf(ENGAGEMENT_TOPICS, t)).join('; ')}</p>
          <h2>What was conveyed</h2>
          <dl>
            <dt className="text-bold">Concerns raised</dt>
            <dd className="margin-left-0 margin-bottom-1">{e.concernsRaised || 'None recorded'}</dd>
            <dt className="text-bold">Data requested</dt>
            <dd className="margin-left-0 margin-bottom-1">{e.dataRequested || 'None recorded'}</dd>
            <dt className="text-bold">Support offered</dt>
            <dd className="margin-left-0">{e.supportOffered || 'None recorded'}</dd>
          </dl>
          <h2>The host&rsquo;s response</h2>
          <p>
            <strong>{labelOf(HOST_STANCES, e.stance)}.</strong> {e.responseSummary}
          </p>
          <h2>Follow-ups</h2>
          {e.followUps.length === 0 ? (
            <p>No follow-up.</p>
          ) : (
            <ul className="usa-list" data-testid="follow-ups">
              {e.followUps.map((f) => (
                <li key={f.id}>
                  {f.action} — {f.owner}, due {f.dueOn},{' '}
                  {labelOf(FOLLOW_UP_STATUSES, f.status).toLowerCase()}
                  {f.overdue && <strong> (overdue)</strong>}
                </li>
              ))}
            </ul>
          )}
          <h2>Sources</h2>
          {e.sources.length === 0 ? (
            <p>No source linked.</p>
          ) : (
            <ul className="usa-list">
              {e.sources.map((s) => (
                <li key={s.source.id}>
                  {s.source.publisher}: {s.source.title}
                  {s.note && <> — {s.note}</>}
                </li>
              ))}
            </ul>
          )}
          <AttachmentsSection
            ownerType="engagement"
            ownerId={id}
            canChange={hasPermission(me, 'engagement.write')}
          />
        </>
      )}
    </>
  );
}
