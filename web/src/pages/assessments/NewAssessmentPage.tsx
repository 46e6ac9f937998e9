// Start an assessment of the post's host country for a period, against a framework's latest version.
import { Button, Form } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { PostField, usePostChoice } from '../../components/PostChoice.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { assessmentApi } from '../../engagementApi.ts';

export function NewAssessmentPage() {
  usePageTitle('New assessment');
  const navigate = useNavigate();
  const choice = usePostChoice();
  const posts = choice.posts;
  const load = useCallback(() => assessmentApi.frameworks(), []);
  const frameworks = useLoad(load);
  const [version, setVersion] = useState('');
  const [periodStart, setPeriodStart] = useState('');
  const [periodEnd, setPeriodEnd] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const chosenPost = choice.chosen;

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
          <PostField choice={choice} problem={problem} />
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
