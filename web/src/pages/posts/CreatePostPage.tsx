// Add a post (a consulate, a mission, or a second embassy-level post) in a country.
import { Button, ButtonGroup, Form } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, toProblem, type PostKind, type Problem } from '../../api.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { POST_KIND_LABELS, POST_KINDS } from './postKinds.ts';

const LABELS: Record<string, string> = {
  code: 'Code',
  name: 'Name',
  kind: 'Kind',
  countryCode: 'Country',
  city: 'City',
};

export function CreatePostPage() {
  usePageTitle('Add post');
  const navigate = useNavigate();
  const load = useCallback(
    async () => [...(await api.countries()).items].sort((a, b) => a.name.localeCompare(b.name)),
    [],
  );
  const countries = useLoad(load);
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<PostKind>('consulate');
  const [countryCode, setCountryCode] = useState('');
  const [city, setCity] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      await api.createPost({
        code: code.trim(),
        name: name.trim(),
        kind,
        countryCode,
        ...(city.trim() ? { city: city.trim() } : {}),
      });
      navigate('/admin/posts');
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to="/admin/posts">Back to posts</Link>
      </p>
      <h1>Add post</h1>
      <ProblemAlert problem={problem ?? countries.problem} labels={LABELS} />
      {!countries.data && !countries.problem && <Loading what="countries" />}
      {countries.data && (
        <Form onSubmit={submit} noValidate large>
          <TextField
            name="code"
            label="Code"
            hint="A short unique code, e.g. FR-MRS"
            problem={problem}
            value={code}
            onChange={setCode}
            required
          />
          <TextField
            name="name"
            label="Name"
            hint="e.g. Consulate General Marseille"
            problem={problem}
            value={name}
            onChange={setName}
            required
          />
          <SelectField
            name="kind"
            label="Kind"
            problem={problem}
            value={kind}
            onChange={(v) => setKind(v as PostKind)}
            required
          >
            {POST_KINDS.map((k) => (
              <option key={k} value={k}>
                {POST_KIND_LABELS[k]}
              </option>
            ))}
          </SelectField>
          <SelectField
            name="countryCode"
            label="Country"
            problem={problem}
            value={countryCode}
            onChange={setCountryCode}
            required
          >
            <option value="">- Select a country -</option>
            {countries.data.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </SelectField>
          <TextField
            name="city"
            label="City"
            hint="Optional"
            problem={problem}
            value={city}
            onChange={setCity}
          />
          <ButtonGroup className="margin-top-4">
            <Button type="submit">Add post</Button>
            <Link to="/admin/posts" className="usa-button usa-button--unstyled padding-x-2">
              Cancel
            </Link>
          </ButtonGroup>
        </Form>
      )}
    </>
  );
}
