// Protected victim and witness details. Shown only to users granted them for the incident's
// post, and even then only after an explicit click: every showing is recorded in the audit
// log, so the page says so on the button. Nothing here is fetched until the user asks.
import { Button, Form, Table } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { request, toProblem, type Problem } from '../../api.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';

interface ProtectedPerson {
  id: string;
  role: 'victim' | 'witness';
  fullName: string;
  contact: string | null;
  identifiers: string | null;
  notes: string | null;
  version: number;
}

interface Draft {
  role: 'victim' | 'witness';
  fullName: string;
  contact: string;
  identifiers: string;
  notes: string;
}

const EMPTY: Draft = { role: 'victim', fullName: '', contact: '', identifiers: '', notes: '' };
const LABELS = {
  role: 'Role',
  fullName: 'Full name',
  contact: 'Contact details',
  identifiers: 'Identifiers (documents, numbers)',
  notes: 'Notes',
};

function PersonForm({
  initial,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: Draft;
  submitLabel: string;
  onSubmit: (draft: Draft) => Promise<void>;
  onCancel?: () => void;
}) {
  const [draft, setDraft] = useState<Draft>(initial);
  const [problem, setProblem] = useState<Problem | null>(null);
  const set = (field: keyof Draft) => (value: string) =>
    setDraft((d) => ({ ...d, [field]: value }));

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      await onSubmit(draft);
      setDraft(EMPTY);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <Form onSubmit={submit} noValidate className="maxw-tablet">
      <ProblemAlert problem={problem} labels={LABELS} />
      <SelectField
        name="role"
        label={LABELS.role}
        problem={problem}
        value={draft.role}
        onChange={set('role')}
        required
      >
        <option value="victim">Victim</option>
        <option value="witness">Witness</option>
      </SelectField>
      <TextField
        name="fullName"
        label={LABELS.fullName}
        problem={problem}
        value={draft.fullName}
        onChange={set('fullName')}
        required
        autoComplete="off"
      />
      <TextField
        name="contact"
        label={LABELS.contact}
        problem={problem}
        value={draft.contact}
        onChange={set('contact')}
        autoComplete="off"
      />
      <TextField
        name="identifiers"
        label={LABELS.identifiers}
        problem={problem}
        value={draft.identifiers}
        onChange={set('identifiers')}
        autoComplete="off"
      />
      <TextAreaField
        name="notes"
        label={LABELS.notes}
        problem={problem}
        value={draft.notes}
        onChange={set('notes')}
      />
      <Button type="submit" className="margin-top-2">
        {submitLabel}
      </Button>
      {onCancel && (
        <Button type="button" outline className="margin-top-2" onClick={onCancel}>
          Cancel
        </Button>
      )}
    </Form>
  );
}

const body = (d: Draft) => ({
  role: d.role,
  fullName: d.fullName.trim(),
  contact: d.contact.trim() || null,
  identifiers: d.identifiers.trim() || null,
  notes: d.notes.trim() || null,
});

export function ProtectedDetailsSection({ incidentId }: { incidentId: string }) {
  const base = `/api/incidents/${incidentId}/protected-details`;
  const [summary, setSummary] = useState<{ granted: boolean; count: number | null } | null>(null);
  const [people, setPeople] = useState<ProtectedPerson[] | null>(null);
  const [editing, setEditing] = useState<ProtectedPerson | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  useEffect(() => {
    request<{ granted: boolean; count: number | null }>('GET', `${base}/summary`)
      .then(setSummary)
      .catch(() => setSummary({ granted: false, count: null }));
  }, [base]);

  const reveal = useCallback(async () => {
    setProblem(null);
    try {
      setPeople((await request<{ items: ProtectedPerson[] }>('GET', base)).items);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }, [base]);

  if (!summary?.granted) return null;

  async function add(d: Draft) {
    await request('POST', base, body(d));
    await reveal();
  }
  async function save(d: Draft) {
    if (!editing) return;
    await request('PUT', `${base}/${editing.id}`, { ...body(d), version: editing.version });
    setEditing(null);
    await reveal();
  }
  async function remove(p: ProtectedPerson) {
    if (!window.confirm(`Delete the protected details of ${p.fullName}?`)) return;
    try {
      await request('DELETE', `${base}/${p.id}`);
      await reveal();
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <section aria-labelledby="protected-heading" className="margin-bottom-4">
      <h2 id="protected-heading">Protected details</h2>
      <p className="measure-5">
        Names, contact details and identifiers of victims and witnesses. They are encrypted, never
        shown in lists, search or exports, and every showing is recorded with your name.
      </p>
      <ProblemAlert problem={problem} />
      {people === null ? (
        <>
          <p>
            {summary.count === 1
              ? '1 person is recorded.'
              : `${summary.count ?? 0} people are recorded.`}
          </p>
          <Button type="button" secondary onClick={() => void reveal()}>
            Show protected details (this view is recorded)
          </Button>
        </>
      ) : (
        <>
          {people.length === 0 ? (
            <p>No victim or witness is recorded.</p>
          ) : (
            <Table fullWidth caption="Victims and witnesses of this incident (protected)">
              <thead>
                <tr>
                  <th scope="col">Role</th>
                  <th scope="col">Full name</th>
                  <th scope="col">Contact</th>
                  <th scope="col">Identifiers</th>
                  <th scope="col">Notes</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>
                {people.map((p) => (
                  <tr key={p.id}>
                    <td>{p.role === 'victim' ? 'Victim' : 'Witness'}</td>
                    <td>{p.fullName}</td>
                    <td>{p.contact ?? '—'}</td>
                    <td>{p.identifiers ?? '—'}</td>
                    <td>{p.notes ?? '—'}</td>
                    <td>
                      <Button
                        type="button"
                        unstyled
                        onClick={() => setEditing(p)}
                        aria-label={`Edit ${p.fullName}`}
                      >
                        Edit
                      </Button>{' '}
                      <Button
                        type="button"
                        unstyled
                        onClick={() => void remove(p)}
                        aria-label={`Delete ${p.fullName}`}
                      >
                        Delete
                      </Button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          <Button type="button" outline onClick={() => setPeople(null)}>
            Hide protected details
          </Button>
          {editing ? (
            <>
              <h3>Edit {editing.role}</h3>
              <PersonForm
                key={editing.id}
                initial={{
                  role: editing.role,
                  fullName: editing.fullName,
                  contact: editing.contact ?? '',
                  identifiers: editing.identifiers ?? '',
                  notes: editing.notes ?? '',
                }}
                submitLabel="Save protected details"
                onSubmit={save}
                onCancel={() => setEditing(null)}
              />
            </>
          ) : (
            <>
              <h3>Add a victim or witness</h3>
              <PersonForm initial={EMPTY} submitLabel="Add protected details" onSubmit={add} />
            </>
          )}
        </>
      )}
    </section>
  );
}
