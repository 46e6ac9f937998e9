// Replace a user's roles. The whole set is sent with the user's version.
import { Alert, Button, Form } from '@trussworks/react-uswds';
import { useState, type FormEvent } from 'react';
import { api, toProblem, type Problem, type User } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import type { Directory } from '../../directory.ts';
import { RolePicker } from './RolePicker.tsx';
import { fromUser, toAssignments, type RoleDraft } from './roleDrafts.ts';

interface Props {
  user: User;
  directory: Directory;
  onSaved: () => Promise<void>;
  onReload: () => Promise<void>;
}

export function UserRolesForm({ user, directory, onSaved, onReload }: Props) {
  const [roles, setRoles] = useState<RoleDraft[]>(() => fromUser(user));
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    setSaved(false);
    try {
      await api.setUserRoles(user.id, user.version, toAssignments(roles));
      setSaved(true);
      await onSaved();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <section aria-labelledby="user-roles-heading" className="margin-bottom-5">
      <h2 id="user-roles-heading">Roles</h2>
      {saved && (
        <div role="status">
          <Alert type="success" slim>
            Roles saved.
          </Alert>
        </div>
      )}
      <ProblemAlert problem={problem}>
        <ConflictNotice problem={problem} onReload={() => void onReload()} />
      </ProblemAlert>
      <Form onSubmit={submit} noValidate large>
        <RolePicker value={roles} onChange={setRoles} directory={directory} problem={problem} />
        <Button type="submit" className="margin-top-3">
          Save roles
        </Button>
      </Form>
    </section>
  );
}
