// Administration of sign-in: whether a second factor is required, the system-use notice shown
// before sign-in, and a user's live sessions (created, last seen, address, browser) with the
// means to end them or to clear a user's second factors after a lost device.
import {
  Alert,
  Button,
  Fieldset,
  Form,
  Label,
  Radio,
  Select,
  Table,
  Textarea,
} from '@trussworks/react-uswds';
import { useEffect, useState, type FormEvent } from 'react';
import { api, toProblem, type Problem, type User } from '../../api.ts';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { authApi, describeBrowser, type SessionRow, type SignInSettings } from '../auth/authApi.ts';

const when = (iso: string) => new Date(iso).toLocaleString();
const REQUIREMENTS: { value: SignInSettings['mfaRequired']; label: string }[] = [
  { value: 'off', label: 'Not required (users may still set one up)' },
  {
    value: 'protected',
    label: 'Required for administrators and users granted protected victim details',
  },
  { value: 'all', label: 'Required for everyone' },
];

export function SignInAdminPage() {
  usePageTitle('Sign-in and sessions');
  const me = useMe();
  const canManage = hasPermission(me, 'users.manage');
  const [settings, setSettings] = useState<SignInSettings | null>(null);
  const [saved, setSaved] = useState(false);
  const [users, setUsers] = useState<User[]>([]);
  const [userId, setUserId] = useState('');
  const [sessions, setSessions] = useState<SessionRow[] | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState('');

  useEffect(() => {
    authApi.settings().then(setSettings, (e) => setProblem(toProblem(e)));
    api.listUsers().then(
      (r) => setUsers(r.items),
      (e) => setProblem(toProblem(e)),
    );
  }, []);

  async function loadSessions(id: string) {
    setUserId(id);
    setSessions(null);
    if (id) setSessions((await authApi.userSessions(id)).items);
  }

  async function act(action: () => Promise<unknown>, done: string) {
    setProblem(null);
    setNotice('');
    try {
      await action();
      setNotice(done);
      await loadSessions(userId);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!settings) return;
    setProblem(null);
    setSaved(false);
    try {
      setSettings(await authApi.saveSettings(settings));
      setSaved(true);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  if (!settings) return <Loading what="sign-in settings" />;
  const selected = users.find((u) => u.id === userId);
  return (
    <>
      <h1>Sign-in and sessions</h1>
      <ProblemAlert problem={problem} labels={{ systemNotice: 'System-use notice' }} />
      <h2>Sign-in settings</h2>
      {saved ? (
        <Alert type="success" slim>
          Settings saved.
        </Alert>
      ) : null}
      <Form onSubmit={save} large>
        <Fieldset legend="Second factor">
          {REQUIREMENTS.map((r) => (
            <Radio
              key={r.value}
              id={`mfa-${r.value}`}
              name="mfaRequired"
              label={r.label}
              value={r.value}
              checked={settings.mfaRequired === r.value}
              disabled={!canManage}
              onChange={() => setSettings({ ...settings, mfaRequired: r.value })}
            />
          ))}
        </Fieldset>
        <Label htmlFor="systemNotice">System-use notice</Label>
        <span className="usa-hint" id="systemNotice-hint">
          Shown on the sign-in page before anyone signs in.
        </span>
        <Textarea
          id="systemNotice"
          name="systemNotice"
          aria-describedby="systemNotice-hint"
          value={settings.systemNotice}
          disabled={!canManage}
          onChange={(e) => setSettings({ ...settings, systemNotice: e.target.value })}
        />
        {canManage ? <Button type="submit">Save settings</Button> : null}
      </Form>

      <h2>A user’s sessions</h2>
      <Label htmlFor="session-user">User</Label>
      <Select
        id="session-user"
        name="session-user"
        value={userId}
        onChange={(e) => void loadSessions(e.target.value)}
      >
        <option value="">- Choose a user -</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.displayName} ({u.username})
          </option>
        ))}
      </Select>
      {notice ? (
        <Alert type="success" slim role="status">
          {notice}
        </Alert>
      ) : null}
      {selected && sessions ? (
        sessions.length ? (
          <Table bordered fullWidth>
            <caption>Live sessions of {selected.displayName}</caption>
            <thead>
              <tr>
                <th scope="col">Signed in</th>
                <th scope="col">Last seen</th>
                <th scope="col">Address</th>
                <th scope="col">Browser</th>
                <th scope="col">How</th>
                <th scope="col">
                  <span className="usa-sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{when(s.createdAt)}</td>
                  <td>{when(s.lastSeenAt)}</td>
                  <td>{s.ip ?? '—'}</td>
                  <td>{describeBrowser(s.userAgent)}</td>
                  <td>
                    {s.method}
                    {s.stage !== 'full' ? ` (${s.stage} pending)` : ''}
                  </td>
                  <td>
                    {canManage ? (
                      <Button
                        type="button"
                        unstyled
                        onClick={() =>
                          void act(() => authApi.endUserSession(userId, s.id), 'Session ended.')
                        }
                      >
                        End session from {when(s.createdAt)}
                      </Button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <p>{selected.displayName} has no live session.</p>
        )
      ) : null}
      {selected && canManage ? (
        <p>
          <Button
            type="button"
            secondary
            onClick={() => void act(() => authApi.endUserSessions(userId), 'Every session ended.')}
          >
            End every session of {selected.displayName}
          </Button>
          <Button
            type="button"
            secondary
            onClick={() =>
              void act(
                () => authApi.resetFactors(userId),
                'Second factors cleared; the user sets up new ones at next sign-in if required.',
              )
            }
          >
            Clear second factors of {selected.displayName}
          </Button>
        </p>
      ) : null}
    </>
  );
}
