// Edit a post's name, kind, city, or close it. Code and country are fixed once created
// because reports and users refer to them.
import { Alert, Button, Checkbox, Form } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { api, toProblem, type Post, type PostKind, type Problem } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { POST_KIND_LABELS, POST_KINDS } from './postKinds.ts';

const NOT_FOUND: Problem = {
  type: 'about:blank',
  title: 'Post not found',
  status: 404,
  detail: 'There is no post with this id.',
};

export function EditPostPage() {
  const { id } = useParams();
  const load = useCallback(
    async () => (await api.posts()).items.find((p) => String(p.id) === id) ?? null,
    [id],
  );
  const { data, problem, reload } = useLoad(load);
  const [generation, setGeneration] = useState(0);
  usePageTitle(data ? `Post ${data.name}` : 'Post');

  return (
    <>
      <p className="margin-top-0">
        <Link to="/admin/posts">Back to posts</Link>
      </p>
      <h1>{data ? data.name : 'Post'}</h1>
      <ProblemAlert problem={problem ?? (data === null ? NOT_FOUND : null)} />
      {data === undefined && !problem && <Loading what="post" />}
      {data && (
        <PostForm
          key={generation}
          post={data}
          onSaved={reload}
          onReload={async () => {
            await reload();
            setGeneration((g) => g + 1);
          }}
        />
      )}
    </>
  );
}

interface PostFormProps {
  post: Post;
  onSaved: () => Promise<void>;
  onReload: () => Promise<void>;
}

function PostForm({ post, onSaved, onReload }: PostFormProps) {
  const [name, setName] = useState(post.name);
  const [kind, setKind] = useState<PostKind>(post.kind);
  const [city, setCity] = useState(post.city ?? '');
  const [active, setActive] = useState(post.active);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    try {
      await api.updatePost(post.id, {
        version: post.version,
        name: name.trim(),
        kind,
        city: city.trim() || null,
        active,
      });
      setSaved(true);
      await onSaved();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p>
        Code <strong>{post.code}</strong> in {post.countryName}.
      </p>
      {saved && (
        <div role="status">
          <Alert type="success" slim>
            Saved.
          </Alert>
        </div>
      )}
      <ProblemAlert problem={problem} labels={{ name: 'Name', kind: 'Kind', city: 'City' }}>
        <ConflictNotice problem={problem} onReload={() => void onReload()} />
      </ProblemAlert>
      <Form onSubmit={submit} noValidate large>
        <TextField
          name="name"
          label="Name"
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
        <TextField
          name="city"
          label="City"
          hint="Optional"
          problem={problem}
          value={city}
          onChange={setCity}
        />
        <Checkbox
          id="field-active"
          name="active"
          label="Active"
          labelDescription="A closed post keeps its history but cannot be given new users or reports."
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
          className="margin-top-2"
        />
        <Button type="submit" className="margin-top-3">
          Save post
        </Button>
      </Form>
    </>
  );
}
