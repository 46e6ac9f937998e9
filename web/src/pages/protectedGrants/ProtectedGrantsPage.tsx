// Administration of who may see protected victim and witness details: one grant per user
// and post. A grant adds to what the user's roles let them see; it never widens it.
import { Button, Form, Table } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, request, toProblem, type Post, type Problem, type User } from '../../api.ts';
import { SelectField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';

interface Grant {
  userId: string;
  username: string;
  displayName: string;
  postId: number;
  postCode: string;
  postName: string;
  grantedAt: string;
}

export function ProtectedGrantsPage() {
  usePageTitle('Protected details grants');
  const [grants, setGrants] = useState<Grant[] | null>(null);
  const [users, setUsers] = useState<User[]>([]);
  const [posts, setPosts] = useState<Post[]>([]);
  const [userId, setUserId] = useState('');
  const [postId, setPostId] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [status, setStatus] = useState('');

  const load = useCallback(async () => {
    try {
      setGrants((await request<{ items: Grant[] }>('GET', '/api/protected-grants')).items);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, []);
  useEffect(() => {
    void load();
    api.listUsers().then(
      (r) => setUsers(r.items),
      (e) => setProblem(toProblem(e)),
    );
    api.posts().then(
      (r) => setPosts(r.items),
      (e) => setProblem(toProblem(e)),
    );
  }, [load]);

  async function grant(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setStatus('');
    try {
      await request('POST', '/api/protected-grants', { userId, postId: Number(postId) });
      setStatus('Grant recorded.');
      await load();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  async function withdraw(g: Grant) {
    setProblem(null);
    try {
      await request('DELETE', `/api/protected-grants/${g.userId}/${g.postId}`);
      setStatus(`Withdrew ${g.username}'s grant for ${g.postCode}.`);
      await load();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <h1>Protected details grants</h1>
      <p className="measure-5">
        Who may see and edit the names, contact details and identifiers of victims and witnesses of
        a post&apos;s incidents. Users also need to see the incident itself; every showing is
        recorded in the audit log.
      </p>
      <ProblemAlert problem={problem} labels={{ userId: 'User', postId: 'Post' }} />
      <p role="status">{status}</p>
      {grants === null ? (
        <p>Loading grants…</p>
      ) : grants.length === 0 ? (
        <p>Nobody holds a grant.</p>
      ) : (
        <Table fullWidth caption="Grants, by user">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Post</th>
              <th scope="col">Granted (UTC)</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {grants.map((g) => (
              <tr key={`${g.userId}-${g.postId}`}>
                <td>
                  {g.displayName} ({g.username})
                </td>
                <td>
                  {g.postName} ({g.postCode})
                </td>
                <td>{new Date(g.grantedAt).toISOString().slice(0, 16).replace('T', ' ')}</td>
                <td>
                  <Button
                    type="button"
                    unstyled
                    onClick={() => void withdraw(g)}
                    aria-label={`Withdraw ${g.username}'s grant for ${g.postCode}`}
                  >
                    Withdraw
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <h2>Grant</h2>
      <Form onSubmit={grant} noValidate className="maxw-tablet">
        <SelectField
          name="userId"
          label="User"
          problem={problem}
          value={userId}
          onChange={setUserId}
          required
        >
          <option value="">- Select -</option>
          {users
            .filter((u) => u.active)
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName} ({u.username})
              </option>
            ))}
        </SelectField>
        <SelectField
          name="postId"
          label="Post"
          problem={problem}
          value={postId}
          onChange={setPostId}
          required
        >
          <option value="">- Select -</option>
          {posts.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.code})
            </option>
          ))}
        </SelectField>
        <Button type="submit" className="margin-top-2">
          Grant protected details
        </Button>
      </Form>
    </>
  );
}
