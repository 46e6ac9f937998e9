// Log a new engagement for one of the user's posts (editors choose any post), or edit one.
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { PostField, usePostChoice } from '../../components/PostChoice.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { engagementApi, type EngagementFields } from '../../engagementApi.ts';
import { EngagementForm, FIELD_LABELS } from './EngagementForm.tsx';

export function NewEngagementPage() {
  usePageTitle('Log an engagement');
  const navigate = useNavigate();
  const choice = usePostChoice();
  const posts = choice.posts;
  const [problem, setProblem] = useState<Problem | null>(null);
  const chosen = choice.chosen;

  async function save(fields: EngagementFields) {
    setProblem(null);
    try {
      const created = await engagementApi.create({ ...fields, postId: Number(chosen) || 0 });
      navigate(`/engagements/${created.id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to="/engagements">Back to engagements</Link>
      </p>
      <h1>Log an engagement</h1>
      <ProblemAlert problem={problem ?? posts.problem} labels={FIELD_LABELS} />
      {!posts.data && !posts.problem && <Loading what="posts" />}
      {posts.data && (
        <EngagementForm
          problem={problem}
          submitLabel="Save engagement"
          onSubmit={(f) => void save(f)}
          cancel={
            <Link to="/engagements" className="usa-button usa-button--unstyled padding-x-2">
              Cancel
            </Link>
          }
        >
          <PostField choice={choice} problem={problem} />
        </EngagementForm>
      )}
    </>
  );
}

export function EditEngagementPage() {
  const { id = '' } = useParams();
  usePageTitle('Edit engagement');
  const navigate = useNavigate();
  const load = useCallback(() => engagementApi.get(id), [id]);
  const current = useLoad(load);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function save(fields: EngagementFields) {
    if (!current.data) return;
    setProblem(null);
    try {
      await engagementApi.update(id, current.data.version, fields);
      navigate(`/engagements/${id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  const e = current.data;
  return (
    <>
      <p className="margin-top-0">
        <Link to={`/engagements/${id}`}>Back to the engagement</Link>
      </p>
      <h1>Edit engagement</h1>
      <ProblemAlert problem={problem ?? current.problem} labels={FIELD_LABELS} />
      {!e && !current.problem && <Loading what="engagement" />}
      {e && (
        <EngagementForm
          initial={{
            occurredOn: e.occurredOn,
            kind: e.kind,
            counterpartOffice: e.counterpartOffice,
            counterpartLevel: e.counterpartLevel,
            topics: e.topics,
            concernsRaised: e.concernsRaised,
            dataRequested: e.dataRequested,
            supportOffered: e.supportOffered,
            responseSummary: e.responseSummary,
            stance: e.stance,
            marking: e.marking,
            directiveId: e.directiveId,
            followUps: e.followUps.map((x) => ({
              action: x.action,
              owner: x.owner,
              dueOn: x.dueOn,
              status: x.status,
            })),
            sources: e.sources.map((s) => ({ sourceId: s.source.id, note: s.note })),
          }}
          problem={problem}
          submitLabel="Save changes"
          onSubmit={(f) => void save(f)}
          cancel={
            <Link to={`/engagements/${id}`} className="usa-button usa-button--unstyled padding-x-2">
              Cancel
            </Link>
          }
        />
      )}
    </>
  );
}
