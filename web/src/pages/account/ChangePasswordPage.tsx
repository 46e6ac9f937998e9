// Change your own password. The server checks the current one and the length rule (at least
// 12 characters); the new password is typed twice to catch slips before it is sent.
import { Alert, Button, Form } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { api, toProblem, type Problem } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useMe, useSession } from '../../session.tsx';

const MIN_LENGTH = 12;
const LABELS = {
  currentPassword: 'Current password',
  newPassword: 'New password',
  confirmPassword: 'Repeat new password',
};

export function ChangePasswordPage() {
  usePageTitle('Change password');
  const me = useMe();
  const { refresh } = useSession();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirmPassword, setConfirm] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  function localProblem(): Problem | null {
    const errors = [];
    if (newPassword.length < MIN_LENGTH) {
      errors.push({ field: 'newPassword', message: `use at least ${MIN_LENGTH} characters` });
    }
    if (confirmPassword !== newPassword)
      errors.push({ field: 'confirmPassword', message: 'does not match the new password' });
    return errors.length
      ? { type: 'about:blank', title: 'Check the form', status: 400, errors }
      : null;
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setDone(false);
    const local = localProblem();
    setProblem(local);
    if (local) return;
    setBusy(true);
    try {
      await api.changePassword(currentPassword, newPassword);
      setDone(true);
      setCurrent('');
      setNew('');
      setConfirm('');
      await refresh();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Change password</h1>
      {me.mustChangePassword && !done && (
        <Alert type="warning" slim className="margin-bottom-3">
          Your password was set by an administrator. Choose a new one before you continue.
        </Alert>
      )}
      {done && (
        <div role="status">
          <Alert type="success" slim className="margin-bottom-3">
            Your password has been changed.
          </Alert>
        </div>
      )}
      <ProblemAlert problem={problem} labels={LABELS} />
      <Form onSubmit={submit} noValidate>
        <TextField
          name="currentPassword"
          label={LABELS.currentPassword}
          type="password"
          autoComplete="current-password"
          problem={problem}
          value={currentPassword}
          onChange={setCurrent}
          required
        />
        <TextField
          name="newPassword"
          label={LABELS.newPassword}
          hint={`At least ${MIN_LENGTH} characters. A few unrelated words make a strong password.`}
          type="password"
          autoComplete="new-password"
          problem={problem}
          value={newPassword}
          onChange={setNew}
          required
        />
        <TextField
          name="confirmPassword"
          label={LABELS.confirmPassword}
          type="password"
          autoComplete="new-password"
          problem={problem}
          value={confirmPassword}
          onChange={setConfirm}
          required
        />
        <Button type="submit" disabled={busy}>
          Change password
        </Button>
      </Form>
    </>
  );
}
