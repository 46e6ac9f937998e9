// Record a court decision for one of the user's posts (editors choose any post), or edit one
// against the version that was opened.
import { useCallback, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { Loading } from '../../components/guards.tsx';
import { PostField, usePostChoice } from '../../components/PostChoice.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { justiceApi, type JusticeOutcomeFields } from '../../justiceApi.ts';
import { FIELD_LABELS, OutcomeForm } from './OutcomeForm.tsx';

export function NewOutcomePage() {
  usePageTitle('Record a court decision');
  const navigate = useNavigate();
  const choice = usePostChoice();
  const posts = choice.posts;
  const [problem, setProblem] = useState<Problem | null>(null);
  const chosen = choice.chosen;

  async function save(fields: JusticeOutcomeFields) {
    setProblem(null);
    try {
      const created = await justiceApi.create({ ...fields, postId: Number(chosen) || 0 });
      navigate(`/justice/${created.id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to="/justice">Back to justice outcomes</Link>
      </p>
      <h1>Record a court decision</h1>
      <ProblemAlert problem={problem ?? posts.problem} labels={FIELD_LABELS} />
      {!posts.data && !posts.problem && <Loading what="posts" />}
      {posts.data && (
        <OutcomeForm
          problem={problem}
          submitLabel="Save decision"
          onSubmit={(f) => void save(f)}
          cancel={
            <Link to="/justice" className="usa-button usa-button--unstyled padding-x-2">
              Cancel
            </Link>
          }
        >
          <PostField choice={choice} problem={problem} />
        </OutcomeForm>
      )}
    </>
  );
}

export function EditOutcomePage() {
  const { id = '' } = useParams();
  usePageTitle('Edit court decision');
  const navigate = useNavigate();
  const load = useCallback(() => justiceApi.get(id), [id]);
  const current = useLoad(load);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function save(fields: JusticeOutcomeFields) {
    if (!current.data) return;
    setProblem(null);
    try {
      await justiceApi.update(id, current.data.version, fields);
      navigate(`/justice/${id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  const o = current.data;
  return (
    <>
      <p className="margin-top-0">
        <Link to={`/justice/${id}`}>Back to the decision</Link>
      </p>
      <h1>Edit court decision</h1>
      <ProblemAlert problem={problem ?? current.problem} labels={FIELD_LABELS}>
        <ConflictNotice
          problem={problem}
          onReload={() => {
            setProblem(null);
            void current.reload();
          }}
        />
      </ProblemAlert>
      {!o && !current.problem && <Loading what="decision" />}
      {o && (
        <OutcomeForm
          key={o.version}
          initial={{ ...o, sourceId: o.source.id }}
          problem={problem}
          submitLabel="Save changes"
          onSubmit={(f) => void save(f)}
          cancel={
            <Link to={`/justice/${id}`} className="usa-button usa-button--unstyled padding-x-2">
              Cancel
            </Link>
          }
        />
      )}
    </>
  );
}
