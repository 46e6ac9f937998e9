// Sign-in. The system-use notice comes first; then single sign-on (when configured) and the
// password form (when local sign-in is on, or only for emergency accounts when it is off).
// Wrong credentials and lockouts come back as problems and are shown above the form. A user
// with a second factor continues at /login/mfa; one who must set one up at /login/enrol.
import { Alert, AlertHeading, Button, Fieldset, Form } from '@trussworks/react-uswds';
import { useEffect, useState, type FormEvent } from 'react';
import { Navigate, Route, Routes, useNavigate, useSearchParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { PageFrame } from '../../components/PageFrame.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useSession } from '../../session.tsx';
import { authApi, safeNext, type SignInOptions } from './authApi.ts';
import { EnrolPage } from './EnrolPage.tsx';
import { MfaStepPage } from './MfaStepPage.tsx';

const SSO_ERRORS: Record<string, string> = {
  unavailable:
    'The identity provider is not answering just now, so single sign-on cannot be used. Try again in a few minutes, or contact your help desk.',
  expired:
    'That sign-in took too long or was started in another browser. Start again with the single sign-on button.',
  refused:
    'The identity provider’s answer could not be accepted (it may have been altered, replayed or meant for another application). Start again; if it keeps happening, contact your help desk.',
  disabled: 'Your account is deactivated. Contact an administrator.',
  off: 'Single sign-on is not set up on this installation.',
};

export function LoginPage() {
  return (
    <Routes>
      <Route index element={<SignInPage />} />
      <Route path="mfa" element={<MfaStepPage />} />
      <Route path="enrol" element={<EnrolPage />} />
      <Route path="*" element={<Navigate to="/login" replace />} />
    </Routes>
  );
}

function SignInPage() {
  usePageTitle('Sign in');
  const { me, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [options, setOptions] = useState<SignInOptions | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  const next = safeNext(params.get('next'));
  const ssoError = params.get('sso_error');

  useEffect(() => {
    authApi
      .options()
      .then(setOptions, () =>
        setOptions({ localLogin: true, breakGlass: false, oidc: null, systemNotice: '' }),
      );
  }, []);

  if (me && !busy) {
    if (me.stage === 'mfa') return <Navigate to="/login/mfa" replace />;
    if (me.stage === 'enrol') return <Navigate to="/login/enrol" replace />;
    return <Navigate to={next} replace />;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const user = await signIn(username, password);
      const to =
        user.stage === 'mfa'
          ? `/login/mfa?next=${encodeURIComponent(next)}`
          : user.stage === 'enrol'
            ? '/login/enrol'
            : user.mustChangePassword
              ? '/account/password'
              : next;
      navigate(to, { replace: true });
    } catch (error) {
      setProblem(toProblem(error));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  const showPasswordForm = options && (options.localLogin || options.breakGlass || !options.oidc);
  return (
    <PageFrame>
      <div className="maxw-mobile-lg">
        <h1>Sign in to Rapporteur</h1>
        {options?.systemNotice ? (
          <Alert type="info">
            <AlertHeading level="h2">System-use notice</AlertHeading>
            <p className="white-space-pre-line">{options.systemNotice}</p>
          </Alert>
        ) : null}
        {ssoError ? (
          <Alert type="error">
            <AlertHeading level="h2">Single sign-on did not work</AlertHeading>
            {SSO_ERRORS[ssoError] ?? 'Single sign-on did not complete. Start again.'}
          </Alert>
        ) : null}
        {options?.oidc ? (
          <section aria-labelledby="sso-heading" className="margin-y-3">
            <h2 id="sso-heading">Single sign-on</h2>
            {options.oidc.available ? (
              <a
                className="usa-button"
                href={`/api/auth/oidc/start?next=${encodeURIComponent(next)}`}
              >
                Sign in with {options.oidc.name}
              </a>
            ) : (
              <Alert type="warning">
                <AlertHeading level="h3">Identity provider unavailable</AlertHeading>
                {options.oidc.name} is not answering just now.
                {options.breakGlass || options.localLogin
                  ? ' Accounts with a local password can still sign in below.'
                  : ' Try again in a few minutes, or contact your help desk.'}
              </Alert>
            )}
          </section>
        ) : null}
        {showPasswordForm ? (
          <section aria-labelledby="local-heading">
            <h2 id="local-heading" className={options.oidc ? undefined : 'usa-sr-only'}>
              {options.localLogin ? 'Sign in with a password' : 'Emergency administrator sign-in'}
            </h2>
            <ProblemAlert
              problem={problem}
              labels={{ username: 'Username', password: 'Password' }}
            />
            <Form onSubmit={submit} large>
              <Fieldset legend="Your account" legendStyle="srOnly">
                <TextField
                  name="username"
                  label="Username"
                  problem={problem}
                  value={username}
                  onChange={setUsername}
                  autoComplete="username"
                  required
                />
                <TextField
                  name="password"
                  label="Password"
                  type="password"
                  problem={problem}
                  value={password}
                  onChange={setPassword}
                  autoComplete="current-password"
                  required
                />
                <Button type="submit" disabled={busy}>
                  {busy ? 'Signing in…' : 'Sign in'}
                </Button>
              </Fieldset>
            </Form>
          </section>
        ) : null}
      </div>
    </PageFrame>
  );
}
