// Your sign-in security: second factors (authenticator app, passkeys and security keys,
// recovery codes), your live sessions, and signing out everywhere. Removing a factor or
// renewing recovery codes asks for your password again.
import { Button, Form, Table } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { toProblem, type Problem } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useSession } from '../../session.tsx';
import {
  authApi,
  describeBrowser,
  type FactorStatus,
  type SessionRow,
  type StepResult,
} from '../auth/authApi.ts';
import { PasskeyEnrolment, RecoveryCodes, TotpEnrolment } from '../auth/factors.tsx';

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

export function SecurityPage() {
  usePageTitle('Sign-in and security');
  const { signOut } = useSession();
  const [factors, setFactors] = useState<FactorStatus | null>(null);
  const [sessions, setSessions] = useState<SessionRow[] | null>(null);
  const [codes, setCodes] = useState<string[]>([]);
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setFactors(await authApi.factors());
      setSessions((await authApi.mySessions()).items);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  function enrolled(result: StepResult) {
    setCodes(result.recoveryCodes);
    void load();
  }

  async function guarded(action: () => Promise<unknown>) {
    setProblem(null);
    setBusy(true);
    try {
      await action();
      setPassword('');
      await load();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  const renew = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void guarded(async () => setCodes((await authApi.recoveryRenew(password)).recoveryCodes));
  };

  if (!factors) return <Loading what="your security settings" />;
  return (
    <>
      <h1>Sign-in and security</h1>
      {factors.required && !factors.totp && !factors.webauthn.length ? (
        <p className="text-bold">This installation requires a second factor: set one up below.</p>
      ) : null}
      <RecoveryCodes codes={codes} />
      <ProblemAlert problem={problem} labels={{ currentPassword: 'Your password' }} />
      <TextField
        name="currentPassword"
        label="Your password"
        hint="Needed to remove a factor or renew recovery codes (leave empty if you sign in through single sign-on)."
        type="password"
        problem={problem}
        value={password}
        onChange={setPassword}
        autoComplete="current-password"
      />

      <h2>Authenticator app</h2>
      {factors.totp ? (
        <p>
          An authenticator app is set up.{' '}
          <Button
            type="button"
            secondary
            disabled={busy}
            onClick={() => void guarded(() => authApi.totpRemove(password))}
          >
            Remove the authenticator app
          </Button>
        </p>
      ) : (
        <TotpEnrolment onDone={enrolled} />
      )}

      <h2>Passkeys and security keys</h2>
      {factors.webauthn.length ? (
        <Table bordered fullWidth>
          <caption className="usa-sr-only">Your passkeys and security keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Added</th>
              <th scope="col">Last used</th>
              <th scope="col">
                <span className="usa-sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {factors.webauthn.map((k) => (
              <tr key={k.id}>
                <th scope="row">{k.name}</th>
                <td>{when(k.createdAt)}</td>
                <td>{when(k.lastUsedAt)}</td>
                <td>
                  <Button
                    type="button"
                    unstyled
                    disabled={busy}
                    onClick={() => void guarded(() => authApi.webauthnRemove(k.id, password))}
                  >
                    Remove {k.name}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : (
        <p>None yet.</p>
      )}
      <PasskeyEnrolment onDone={enrolled} />

      <h2>Recovery codes</h2>
      <p>
        {factors.recoveryCodesLeft} unused recovery code{factors.recoveryCodesLeft === 1 ? '' : 's'}{' '}
        left.
      </p>
      {factors.totp || factors.webauthn.length ? (
        <Form onSubmit={renew}>
          <Button type="submit" secondary disabled={busy}>
            Replace them with ten new codes
          </Button>
        </Form>
      ) : null}

      <h2>Your sessions</h2>
      {sessions ? (
        <Table bordered fullWidth>
          <caption className="usa-sr-only">Your live sessions</caption>
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">Address</th>
              <th scope="col">Browser</th>
              <th scope="col">How</th>
            </tr>
          </thead>
          <tbody>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td>
                  {when(s.createdAt)}
                  {s.current ? ' (this one)' : ''}
                </td>
                <td>{when(s.lastSeenAt)}</td>
                <td>{s.ip ?? '—'}</td>
                <td>{describeBrowser(s.userAgent)}</td>
                <td>{s.method}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
      <Button
        type="button"
        secondary
        disabled={busy}
        onClick={() =>
          void guarded(async () => {
            await authApi.endAll();
            await signOut();
          })
        }
      >
        Sign out everywhere
      </Button>
    </>
  );
}
