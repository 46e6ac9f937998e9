// Set a new password for a user who has lost theirs. The user is asked to change it again at
// their next sign-in (the server decides; this form only sends the password).
import { Alert, Button, Form } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { api, toProblem, type Problem, type User } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

export function ResetPasswordForm({ user }: { user: User }) {
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setDone(false);
    try {
      await api.resetPassword(user.id, password);
      setPassword('');
      setDone(true);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <section aria-labelledby="reset-password-heading" className="margin-bottom-5">
      <h2 id="reset-password-heading">Reset password</h2>
      {done && (
        <div role="status">
          <Alert type="success" slim>
            The password of {user.username} has been reset.
          </Alert>
        </div>
      )}
      <ProblemAlert problem={problem} labels={{ password: 'New password' }} />
      <Form onSubmit={submit} noValidate large>
        <TextField
          name="password"
          label="New password"
          hint="At least 12 characters. Give it to the user through a separate channel."
          type="password"
          autoComplete="new-password"
          problem={problem}
          value={password}
          onChange={setPassword}
          required
        />
        <Button type="submit" className="margin-top-3">
          Reset password
        </Button>
      </Form>
    </section>
  );
}
