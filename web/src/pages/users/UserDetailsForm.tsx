// A user's name, email and whether the account is active. Saves with the version it was
// loaded at, so a concurrent edit is refused rather than overwritten.
import { Alert, Button, Checkbox, Form } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { api, toProblem, type Problem, type User } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { TextField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface Props {
  user: User;
  onSaved: () => Promise<void>;
  onReload: () => Promise<void>;
}

export function UserDetailsForm({ user, onSaved, onReload }: Props) {
  const [displayName, setDisplayName] = useState(user.displayName);
  const [email, setEmail] = useState(user.email ?? '');
  const [active, setActive] = useState(user.active);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    try {
      await api.updateUser(user.id, {
        version: user.version,
        displayName: displayName.trim(),
        email: email.trim() || null,
        active,
      });
      setSaved(true);
      await onSaved();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <section aria-labelledby="user-details-heading" className="margin-bottom-5">
      <h2 id="user-details-heading">Details and status</h2>
      {saved && (
        <div role="status">
          <Alert type="success" slim>
            Saved.
          </Alert>
        </div>
      )}
      <ProblemAlert problem={problem} labels={{ displayName: 'Display name', email: 'Email' }}>
        <ConflictNotice problem={problem} onReload={() => void onReload()} />
      </ProblemAlert>
      <Form onSubmit={submit} noValidate large>
        <TextField
          name="displayName"
          label="Display name"
          problem={problem}
          value={displayName}
          onChange={setDisplayName}
          required
        />
        <TextField
          name="email"
          label="Email"
          type="email"
          hint="Optional"
          problem={problem}
          value={email}
          onChange={setEmail}
        />
        <Checkbox
          id="field-active"
          name="active"
          label="Active (can sign in)"
          labelDescription="Deactivating keeps the account and its history but stops it signing in."
          checked={active}
          onChange={(e) => setActive(e.target.checked)}
          className="margin-top-2"
        />
        <Button type="submit" className="margin-top-3">
          Save details
        </Button>
      </Form>
    </section>
  );
}
