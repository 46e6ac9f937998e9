// Sign-in. Wrong credentials and lockouts come back as problems and are shown above the form.
import { Button, Fieldset, Form } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { PageFrame } from '../../components/PageFrame.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useSession } from '../../session.tsx';

/** Only same-site paths are followed after sign-in, never another origin. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function LoginPage() {
  usePageTitle('Sign in');
  const { me, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  if (me && !busy) return <Navigate to={safeNext(params.get('next'))} replace />;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const user = await signIn(username, password);
      navigate(user.mustChangePassword ? '/account/password' : safeNext(params.get('next')), {
        replace: true,
      });
    } catch (error) {
      setProblem(toProblem(error));
      setPassword('');
    } finally {
      setBusy(false);
    }
  }

  return (
    <PageFrame>
      <div className="maxw-mobile-lg">
        <h1>Sign in to Rapporteur</h1>
        <p>
          This is a restricted system for authorised staff of the ministry and its partners.
          Activity is logged.
        </p>
        <ProblemAlert problem={problem} labels={{ username: 'Username', password: 'Password' }} />
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
      </div>
    </PageFrame>
  );
}
