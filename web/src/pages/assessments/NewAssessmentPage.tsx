// Start an assessment of the post's host country for a period, against a framework's latest version.
import { Button, Form } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { assessmentApi } from '../../engagementApi.ts';
import { usePostChoices } from '../engagements/EngagementFormPages.tsx';

export function NewAssessmentPage() {
  usePageTitle('New assessment');
  const navigate = useNavigate();
  const posts = usePostChoices();
  const load = useCallback(() => assessmentApi.frameworks(), []);
  const frameworks = useLoad(load);
  const [postId, setPostId] = useState('');
  const [version, setVersion] = useState('');
  const [periodStart, setPeriodStart] = useState('');
  const [periodEnd, setPeriodEnd] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const chosenPost = postId || (posts.data?.length === 1 ? String(posts.data[0]!.id) : '');

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      const created = await assessmentApi.create({
        postId: Number(chosenPost) || 0,
        frameworkVersionId: version,
        periodStart,
        periodEnd,
        summary: '',
      });
      navigate(`/assessments/${created.id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to="/assessments">Back to assessments</Link>
      </p>
      <h1>New assessment</h1>
      <ProblemAlert problem={problem ?? posts.problem ?? frameworks.problem} />
      {(!posts.data || !frameworks.data) && <Loading what="posts and frameworks" />}
      {posts.data && frameworks.data && (
        <Form onSubmit={(e) => void save(e)} className="maxw-full" noValidate>
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
          <SelectField
            name="frameworkVersionId"
            label="Framework"
            problem={problem}
            value={version}
            onChange={setVersion}
            required
          >
            <option value="">- Select a framework -</option>
            {frameworks.data.items.map((f) => (
              <option key={f.latestVersionId} value={f.latestVersionId}>
                {f.name} (version {f.latestNumber})
              </option>
            ))}
          </SelectField>
          <TextField
            name="periodStart"
            label="Period start"
            type="date"
            problem={problem}
            value={periodStart}
            onChange={setPeriodStart}
            required
          />
          <TextField
            name="periodEnd"
            label="Period end"
            type="date"
            problem={problem}
            value={periodEnd}
            onChange={setPeriodEnd}
            required
          />
          <Button type="submit">Start assessment</Button>
        </Form>
      )}
    </>
  );
}
