// Record a new incident as a draft, for one of the user's posts (editors choose any post),
// then go to its page to add sources.
import { useCallback, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, toProblem, type Problem } from '../../api.ts';
import { SelectField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { incidentsApi, type IncidentFields } from '../../incidentsApi.ts';
import { useMe } from '../../session.tsx';
import { FIELD_LABELS, IncidentForm } from './IncidentForm.tsx';

export function NewIncidentPage() {
  usePageTitle('New incident');
  const me = useMe();
  const navigate = useNavigate();
  const isEditor = me.roles.some((r) => r.role === 'editor');
  const load = useCallback(async () => {
    if (isEditor) {
      const posts = (await api.posts()).items.filter((p) => p.active);
      return posts
        .map((p) => ({ id: p.id, name: `${p.name} (${p.countryName})` }))
        .sort((a, b) => a.name.localeCompare(b.name));
    }
    const own = new Map<number, string>();
    for (const r of me.roles)
      if ((r.role === 'reporter' || r.role === 'approver') && r.postId !== null)
        own.set(r.postId, r.postName ?? `Post ${r.postId}`);
    return [...own].map(([id, name]) => ({ id, name }));
  }, [isEditor, me.roles]);
  const posts = useLoad(load);
  const [postId, setPostId] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const chosenPost = postId || (posts.data?.length === 1 ? String(posts.data[0]!.id) : '');

  async function save(fields: IncidentFields) {
    setProblem(null);
    try {
      const created = await incidentsApi.create({ ...fields, postId: Number(chosenPost) || 0 });
      navigate(`/incidents/${created.id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to="/incidents">Back to incidents</Link>
      </p>
      <h1>New incident</h1>
      <p>
        The incident is saved as a draft when you select &ldquo;Save draft&rdquo;; nothing is saved
        automatically. Add sources on the incident&rsquo;s page.
      </p>
      <ProblemAlert problem={problem ?? posts.problem} labels={FIELD_LABELS} />
      {!posts.data && !posts.problem && <Loading what="posts" />}
      {posts.data && (
        <IncidentForm
          problem={problem}
          submitLabel="Save draft"
          onSubmit={save}
          cancel={
            <Link to="/incidents" className="usa-button usa-button--unstyled padding-x-2">
              Cancel
            </Link>
          }
        >
          <SelectField
            name="postId"
            label="Post"
            problem={problem}
            value={chosenPost}
            onChange={setPostId}
            required
          >
            {posts.data.length !== 1 && <option value="">- Select a post -</option>}
            {posts.data.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </SelectField>
        </IncidentForm>
      )}
    </>
  );
}
