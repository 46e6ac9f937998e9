// Create a user with an initial password and one or more scoped roles.
import { Button, ButtonGroup, Checkbox, Form } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api, toProblem, type Problem } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useDirectory } from '../../directory.ts';
import { RolePicker } from './RolePicker.tsx';
import { EMPTY_ROLE, toAssignments, type RoleDraft } from './roleDrafts.ts';

const LABELS: Record<string, string> = {
  username: 'Username',
  displayName: 'Display name',
  email: 'Email',
  password: 'Initial password',
  roles: 'Roles',
};

export function CreateUserPage() {
  usePageTitle('Create user');
  const navigate = useNavigate();
  const directory = useDirectory();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [mustChangePassword, setMustChange] = useState(true);
  const [roles, setRoles] = useState<RoleDraft[]>([{ ...EMPTY_ROLE }]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      await api.createUser({
        username: username.trim(),
        displayName: displayName.trim(),
        ...(email.trim() ? { email: email.trim() } : {}),
        password,
        mustChangePassword,
        roles: toAssignments(roles),
      });
      navigate('/admin/users', { state: { created: username.trim() } });
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Create user</h1>
      <ProblemAlert problem={problem ?? directory.problem} labels={LABELS} />
      {!directory.data && !directory.problem && <Loading what="posts and regions" />}
      {directory.data && (
        <Form onSubmit={submit} noValidate large>
          <TextField
            name="username"
            label={LABELS.username!}
            hint="Letters, digits, dots and dashes, e.g. rep.paris"
            problem={problem}
            value={username}
            onChange={setUsername}
            autoComplete="off"
            required
          />
          <TextField
            name="displayName"
            label={LABELS.displayName!}
            problem={problem}
            value={displayName}
            onChange={setDisplayName}
            autoComplete="off"
            required
          />
          <TextField
            name="email"
            label={LABELS.email!}
            type="email"
            hint="Optional"
            problem={problem}
            value={email}
            onChange={setEmail}
            autoComplete="off"
          />
          <TextField
            name="password"
            label={LABELS.password!}
            hint="At least 12 characters. Give it to the user through a separate channel."
            type="password"
            problem={problem}
            value={password}
            onChange={setPassword}
            autoComplete="new-password"
            required
          />
          <Checkbox
            id="field-mustChangePassword"
            name="mustChangePassword"
            label="Ask the user to change this password at first sign-in"
            checked={mustChangePassword}
            onChange={(e) => setMustChange(e.target.checked)}
            className="margin-top-2"
          />
          <RolePicker
            value={roles}
            onChange={setRoles}
            directory={directory.data}
            problem={problem}
          />
          <ButtonGroup className="margin-top-4">
            <Button type="submit" disabled={busy}>
              Create user
            </Button>
            <Link to="/admin/users" className="usa-button usa-button--unstyled padding-x-2">
              Cancel
            </Link>
          </ButtonGroup>
        </Form>
      )}
    </>
  );
}
