// The second sign-in step: an authenticator app code, a passkey or security key, or (device
// lost) a one-time recovery code. On success the server replaces the session with a new one.
import { Button, Form } from '@trussworks/react-uswds';
import { startAuthentication } from '@simplewebauthn/browser';
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { PageFrame } from '../../components/PageFrame.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useSession } from '../../session.tsx';
import { authApi, safeNext, type FactorStatus } from './authApi.ts';
import { webauthnProblem } from './factors.tsx';

export function MfaStepPage() {
  usePageTitle('Second sign-in step');
  const { me, refresh, signOut } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [factors, setFactors] = useState<FactorStatus | null>(null);
  const [mode, setMode] = useState<'app' | 'recovery'>('app');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (me?.stage === 'mfa') authApi.factors().then(setFactors, (e) => setProblem(toProblem(e)));
  }, [me?.stage]);

  if (me === null) return <Navigate to="/login" replace />;
  if (me && me.stage !== 'mfa' && !busy)
    return <Navigate to={me.stage === 'enrol' ? '/login/enrol' : '/'} replace />;

  async function done() {
    await refresh();
    navigate(safeNext(params.get('next')), { replace: true });
  }

  async function submitCode(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setBusy(true);
    try {
      await (mode === 'app' ? authApi.totpVerify(code) : authApi.recoveryVerify(code));
      await done();
    } catch (error) {
      setProblem(toProblem(error));
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  async function useKey() {
    setProblem(null);
    setBusy(true);
    try {
      const optionsJSON = await authApi.webauthnAuthOptions();
      const response = await startAuthentication({ optionsJSON: optionsJSON as never });
      await authApi.webauthnAuthenticate(response);
      await done();
    } catch (error) {
      setProblem(webauthnProblem(error));
    } finally {
      setBusy(false);
    }
  }

  const label = mode === 'app' ? 'Code from your authenticator app' : 'Recovery code';
  return (
    <PageFrame>
      <div className="maxw-mobile-lg">
        <h1>Confirm it is you</h1>
        <p>Your password was right. Now give your second factor to finish signing in.</p>
        <ProblemAlert problem={problem} labels={{ code: label, response: 'Security key' }} />
        {factors?.webauthn.length ? (
          <section aria-labelledby="key-heading">
            <h2 id="key-heading">Passkey or security key</h2>
            <Button type="button" onClick={useKey} disabled={busy}>
              Use your passkey or security key
            </Button>
          </section>
        ) : null}
        {factors && (factors.totp || mode === 'recovery') ? (
          <section aria-labelledby="code-heading">
            <h2 id="code-heading">{mode === 'app' ? 'Authenticator app' : 'Recovery code'}</h2>
            <Form onSubmit={submitCode}>
              <TextField
                name="code"
                label={label}
                hint={
                  mode === 'app'
                    ? 'Six digits.'
                    : 'One of the codes you saved when you set up your second factor; each works once.'
                }
                problem={problem}
                value={code}
                onChange={setCode}
                autoComplete="one-time-code"
                inputMode={mode === 'app' ? 'numeric' : undefined}
                required
              />
              <Button type="submit" disabled={busy}>
                Continue
              </Button>
            </Form>
          </section>
        ) : null}
        <p>
          {mode === 'app' ? (
            <Button type="button" unstyled onClick={() => setMode('recovery')}>
              Lost your device? Use a recovery code
            </Button>
          ) : (
            factors?.totp && (
              <Button type="button" unstyled onClick={() => setMode('app')}>
                Use your authenticator app instead
              </Button>
            )
          )}
        </p>
        <p>
          <Button type="button" unstyled onClick={() => void signOut()}>
            Cancel and sign out
          </Button>
        </p>
      </div>
    </PageFrame>
  );
}
