// Partner organisations, and a form to add one (kind; foreign or domestic).
import { Button, Checkbox, Form, Table } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { partnerApi } from '../../engagementApi.ts';
import { PARTNER_KINDS } from '../../../../src/domain/sharing.ts';
import { labelOf } from '../../vocabularies.ts';

export function PartnerList() {
  usePageTitle('Partners');
  const navigate = useNavigate();
  const load = useCallback(() => partnerApi.list(), []);
  const list = useLoad(load);
  const [name, setName] = useState('');
  const [kind, setKind] = useState('international_organisation');
  const [foreign, setForeign] = useState(true);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      const created = await partnerApi.create({ name, kind, foreign });
      navigate(`/partners/${created.id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <h1>Partner organisations</h1>
      <ProblemAlert problem={list.problem} />
      {!list.data && !list.problem && <Loading what="partners" />}
      {list.data && list.data.items.length === 0 && <p>No partner organisation yet.</p>}
      {list.data && list.data.items.length > 0 && (
        <Table fullWidth striped>
          <caption>Partner organisations</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Kind</th>
              <th scope="col">Foreign</th>
              <th scope="col">Members</th>
              <th scope="col">Active shares</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((p) => (
              <tr key={p.id}>
                <td>
                  <Link to={`/partners/${p.id}`}>{p.name}</Link>
                </td>
                <td>{labelOf(PARTNER_KINDS, p.kind)}</td>
                <td>{p.foreign ? 'Foreign' : 'Domestic'}</td>
                <td>{p.members}</td>
                <td>{p.activeShares}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <h2>Add a partner organisation</h2>
      <ProblemAlert problem={problem} />
      <Form onSubmit={(e) => void add(e)} noValidate>
        <TextField
          name="name"
          label="Organisation name"
          problem={problem}
          value={name}
          onChange={setName}
          required
        />
        <SelectField
          name="kind"
          label="Kind"
          problem={problem}
          value={kind}
          onChange={setKind}
          required
        >
          {PARTNER_KINDS.map((k) => (
            <option key={k.code} value={k.code}>
              {k.label}
            </option>
          ))}
        </SelectField>
        <Checkbox
          id="partner-foreign"
          name="foreign"
          label="Foreign partner (items not releasable to foreign nationals cannot be shared with it)"
          checked={foreign}
          onChange={(e) => setForeign(e.target.checked)}
        />
        <Button type="submit">Add partner</Button>
      </Form>
    </>
  );
}
