// One partner organisation: members (users holding the partner role), its shares with their
// state and a revoke button, and the share form: a verified incident, an engagement, or an
// aggregate of verified incidents by category for a country and period (small cells suppressed).
import { Button, Form, Table } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { partnerApi } from '../../engagementApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { labelOf } from '../../vocabularies.ts';
import { PARTNER_KINDS } from '../../../../src/domain/sharing.ts';
import { useCountries } from '../incidents/useCountries.ts';
import { AggregateTable } from '../shared/AggregateTable.tsx';

export function PartnerPage() {
  const { id = '' } = useParams();
  const me = useMe();
  const countries = useCountries();
  const load = useCallback(() => partnerApi.get(id), [id]);
  const current = useLoad(load);
  const p = current.data;
  const loadCandidates = useCallback(() => partnerApi.memberCandidates(), []);
  const candidates = useLoad(loadCandidates);
  usePageTitle(p ? `Partner: ${p.name}` : 'Partner');
  const [userId, setUserId] = useState('');
  const [itemType, setItemType] = useState('aggregate');
  const [recordId, setRecordId] = useState('');
  const [countryCode, setCountryCode] = useState('');
  const [periodStart, setPeriodStart] = useState('');
  const [periodEnd, setPeriodEnd] = useState('');
  const [title, setTitle] = useState('');
  const [note, setNote] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  async function act(work: () => Promise<unknown>, done: string): Promise<boolean> {
    setProblem(null);
    setNotice(null);
    try {
      await work();
      await Promise.all([current.reload(), candidates.reload()]);
      setNotice(done);
      return true;
    } catch (error) {
      setProblem(toProblem(error));
      return false;
    }
  }

  function share(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const body =
      itemType === 'aggregate'
        ? { itemType, aggregate: { countryCode, periodStart, periodEnd }, title, note, expiresOn }
        : { itemType, recordId, ...(title ? { title } : {}), note, expiresOn };
    void act(() => partnerApi.share(id, body), 'Shared.');
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to="/partners">Back to partners</Link>
      </p>
      <ProblemAlert problem={problem ?? current.problem} />
      {notice && (
        <p className="usa-alert usa-alert--success usa-alert--slim padding-1" role="status">
          {notice}
        </p>
      )}
      {!p && !current.problem && <Loading what="partner" />}
      {p && (
        <>
          <h1>{p.name}</h1>
          <p>
            {labelOf(PARTNER_KINDS, p.kind)} · {p.foreign ? 'foreign partner' : 'domestic partner'}
            {!p.active && ' · inactive'}
          </p>
          <h2>Members</h2>
          {p.members.length === 0 ? (
            <p>No member yet.</p>
          ) : (
            <ul className="usa-list">
              {p.members.map((m) => (
                <li key={m.userId}>
                  {m.displayName} ({m.username})
                </li>
              ))}
            </ul>
          )}
          <Form
            onSubmit={(e) => {
              e.preventDefault();
              void act(() => partnerApi.addMember(id, userId), 'Member added.').then(
                (added) => added && setUserId(''),
              );
            }}
            noValidate
          >
            <SelectField
              name="userId"
              label="Add a member"
              hint="Users holding the partner role who belong to no partner organisation yet. Give a user the partner role under Users first."
              problem={problem}
              value={userId}
              onChange={setUserId}
            >
              <option value="">
                {candidates.data?.items.length === 0 ? '- nobody to add -' : '- choose a user -'}
              </option>
              {candidates.data?.items.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.displayName} ({u.username})
                </option>
              ))}
            </SelectField>
            <Button type="submit" outline disabled={!userId}>
              Add member
            </Button>
          </Form>
          <h2>Shared with {p.name}</h2>
          {p.shares.length === 0 ? (
            <p>Nothing shared yet.</p>
          ) : (
            <Table fullWidth striped>
              <caption>Shares, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">Item</th>
                  <th scope="col">Type</th>
                  <th scope="col">Expires</th>
                  <th scope="col">State</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {p.shares.map((s) => (
                  <tr key={s.id}>
                    <td>
                      {s.title}
                      {s.aggregate && (
                        <AggregateTable aggregate={s.aggregate} caption={`What ${p.name} sees`} />
                      )}
                    </td>
                    <td>{s.itemType}</td>
                    <td>{s.expiresOn}</td>
                    <td>{s.state}</td>
                    <td>
                      {s.state === 'active' && hasPermission(me, 'partner.share') && (
                        <Button
                          type="button"
                          unstyled
                          onClick={() =>
                            void act(() => partnerApi.revoke(id, s.id), 'Share revoked.')
                          }
                        >
                          Revoke {s.title}
                        </Button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {hasPermission(me, 'partner.share') && (
            <>
              <h2>Share with {p.name}</h2>
              <Form onSubmit={share} className="maxw-full" noValidate>
                <SelectField
                  name="itemType"
                  label="What to share"
                  problem={problem}
                  value={itemType}
                  onChange={setItemType}
                  required
                >
                  <option value="aggregate">Aggregate: verified incidents by category</option>
                  <option value="incident">A verified incident</option>
                  <option value="engagement">An engagement</option>
                </SelectField>
                {itemType === 'aggregate' ? (
                  <>
                    <SelectField
                      name="aggregate.countryCode"
                      label="Country"
                      problem={problem}
                      value={countryCode}
                      onChange={setCountryCode}
                      required
                    >
                      <option value="">- Select a country -</option>
                      {countries.data?.items.map((c) => (
                        <option key={c.code} value={c.code}>
                          {c.name}
                        </option>
                      ))}
                    </SelectField>
                    <TextField
                      name="aggregate.periodStart"
                      label="Period start"
                      type="date"
                      problem={problem}
                      value={periodStart}
                      onChange={setPeriodStart}
                      required
                    />
                    <TextField
                      name="aggregate.periodEnd"
                      label="Period end"
                      type="date"
                      problem={problem}
                      value={periodEnd}
                      onChange={setPeriodEnd}
                      required
                    />
                  </>
                ) : (
                  <TextField
                    name="recordId"
                    label="Record ID"
                    problem={problem}
                    value={recordId}
                    onChange={setRecordId}
                    required
                  />
                )}
                <TextField
                  name="title"
                  label="Title"
                  problem={problem}
                  value={title}
                  onChange={setTitle}
                  required={itemType === 'aggregate'}
                />
                <TextAreaField
                  name="note"
                  label="Note to the partner"
                  problem={problem}
                  value={note}
                  onChange={setNote}
                />
                <TextField
                  name="expiresOn"
                  label="Expires on"
                  type="date"
                  problem={problem}
                  value={expiresOn}
                  onChange={setExpiresOn}
                  required
                />
                <Button type="submit">Share</Button>
              </Form>
            </>
          )}
        </>
      )}
    </>
  );
}
