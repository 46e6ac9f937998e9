// The engagement form: when, what kind, with whom, on which topics, what was conveyed, how the
// host answered, and the follow-ups owed (each with owner, due date and status).
import { Button, Checkbox, Fieldset, Form, Grid } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import type { Problem } from '../../api.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { directivesApi } from '../../directivesApi.ts';
import type { EngagementFields } from '../../engagementApi.ts';
import { fieldError } from '../../problems.ts';
import { MARKINGS } from '../../vocabularies.ts';
import {
  COUNTERPART_LEVELS,
  ENGAGEMENT_KINDS,
  FOLLOW_UP_STATUSES,
  HOST_STANCES,
  INCIDENT_CATEGORIES,
  POLICY_TOPICS,
} from './terms.ts';

export const FIELD_LABELS: Record<string, string> = {
  postId: 'Post',
  occurredOn: 'Date',
  kind: 'Kind of engagement',
  counterpartOffice: 'Counterpart office',
  counterpartLevel: 'Counterpart level',
  topics: 'Topics',
  stance: 'Host stance',
};

const blankFollowUp = () => ({ action: '', owner: '', dueOn: '', status: 'open' });

export function EngagementForm({
  initial,
  problem,
  submitLabel,
  onSubmit,
  children,
  cancel,
}: {
  initial?: EngagementFields;
  problem: Problem | null;
  submitLabel: string;
  onSubmit: (fields: EngagementFields) => void;
  children?: ReactNode;
  cancel: ReactNode;
}) {
  const [f, setF] = useState<EngagementFields>(
    initial ?? {
      occurredOn: '',
      kind: 'demarche',
      counterpartOffice: '',
      counterpartLevel: 'senior_official',
      topics: [],
      concernsRaised: '',
      dataRequested: '',
      supportOffered: '',
      responseSummary: '',
      stance: 'no_response_yet',
      marking: 'sbu',
      followUps: [],
      sources: [],
    },
  );
  const set =
    <K extends keyof EngagementFields>(key: K) =>
    (value: EngagementFields[K]) =>
      setF((prev) => ({ ...prev, [key]: value }));
  const toggleTopic = (code: string) =>
    set('topics')(
      f.topics.includes(code) ? f.topics.filter((t) => t !== code) : [...f.topics, code],
    );
  const setFollowUp = (i: number, key: string, value: string) =>
    set('followUps')(f.followUps.map((x, j) => (j === i ? { ...x, [key]: value } : x)));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit(f);
  }
  const topicsError = fieldError(problem, 'topics');
  // The directives this person's taskings come from (an engagement may answer one).
  const loadTaskings = useCallback(() => directivesApi.taskings(), []);
  const taskings = useLoad(loadTaskings);
  const directiveOptions = [
    ...new Map(
      (taskings.data?.items ?? []).map((t) => [
        t.directiveId,
        `${t.directiveReference}: ${t.directiveTitle}`,
      ]),
    ),
  ];

  return (
    <Form onSubmit={submit} className="maxw-full" noValidate>
      {children}
      <Grid row gap>
        <Grid tablet={{ col: 4 }}>
          <TextField
            name="occurredOn"
            label="Date"
            type="date"
            problem={problem}
            value={f.occurredOn}
            onChange={set('occurredOn')}
            required
          />
        </Grid>
        <Grid tablet={{ col: 4 }}>
          <SelectField
            name="kind"
            label="Kind of engagement"
            problem={problem}
            value={f.kind}
            onChange={set('kind')}
            required
          >
            {ENGAGEMENT_KINDS.map((k) => (
              <option key={k.code} value={k.code}>
                {k.label}
              </option>
            ))}
          </SelectField>
        </Grid>
        <Grid tablet={{ col: 4 }}>
          <SelectField
            name="marking"
            label="Marking"
            problem={problem}
            value={f.marking}
            onChange={set('marking')}
          >
            {MARKINGS.map((m) => (
              <option key={m.code} value={m.code}>
                {m.label}
              </option>
            ))}
          </SelectField>
        </Grid>
      </Grid>
      <SelectField
        name="directiveId"
        label="Directive it answers (optional)"
        problem={problem}
        value={f.directiveId ?? ''}
        onChange={(v) => set('directiveId')(v || null)}
      >
        <option value="">- none -</option>
        {directiveOptions.map(([id, label]) => (
          <option key={id} value={id}>
            {label}
          </option>
        ))}
      </SelectField>
      <Grid row gap>
        <Grid tablet={{ col: 8 }}>
          <TextField
            name="counterpartOffice"
            label="Counterpart office"
            hint="Ministry, directorate or office met"
            problem={problem}
            value={f.counterpartOffice}
            onChange={set('counterpartOffice')}
            required
          />
        </Grid>
        <Grid tablet={{ col: 4 }}>
          <SelectField
            name="counterpartLevel"
            label="Counterpart level"
            problem={problem}
            value={f.counterpartLevel}
            onChange={set('counterpartLevel')}
            required
          >
            {COUNTERPART_LEVELS.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </SelectField>
        </Grid>
      </Grid>
      <Fieldset
        legend="Topics"
        id="field-topics"
        className={topicsError ? 'usa-form-group--error' : undefined}
      >
        {topicsError && <span className="usa-error-message">{topicsError}</span>}
        <Grid row gap>
          <Grid tablet={{ col: 6 }}>
            <p className="text-bold margin-bottom-0">Policy topics</p>
            {POLICY_TOPICS.map((t) => (
              <Checkbox
                key={t.code}
                id={`topic-${t.code}`}
                name="topics"
                label={t.label}
                checked={f.topics.includes(t.code)}
                onChange={() => toggleTopic(t.code)}
              />
            ))}
          </Grid>
          <Grid tablet={{ col: 6 }}>
            <p className="text-bold margin-bottom-0">Incident categories</p>
            {INCIDENT_CATEGORIES.map((t) => (
              <Checkbox
                key={t.code}
                id={`topic-${t.code}`}
                name="topics"
                label={t.label}
                checked={f.topics.includes(t.code)}
                onChange={() => toggleTopic(t.code)}
              />
            ))}
          </Grid>
        </Grid>
      </Fieldset>
      <h2>What was conveyed</h2>
      <TextAreaField
        name="concernsRaised"
        label="Concerns raised"
        problem={problem}
        value={f.concernsRaised}
        onChange={set('concernsRaised')}
      />
      <TextAreaField
        name="dataRequested"
        label="Data requested"
        problem={problem}
        value={f.dataRequested}
        onChange={set('dataRequested')}
      />
      <TextAreaField
        name="supportOffered"
        label="Support offered"
        problem={problem}
        value={f.supportOffered}
        onChange={set('supportOffered')}
      />
      <h2>The host&rsquo;s response</h2>
      <TextAreaField
        name="responseSummary"
        label="Response summary"
        problem={problem}
        value={f.responseSummary}
        onChange={set('responseSummary')}
      />
      <SelectField
        name="stance"
        label="Host stance"
        problem={problem}
        value={f.stance}
        onChange={set('stance')}
        required
      >
        {HOST_STANCES.map((s) => (
          <option key={s.code} value={s.code}>
            {s.label}
          </option>
        ))}
      </SelectField>
      <h2>Follow-ups</h2>
      {f.followUps.length === 0 && <p>No follow-up yet.</p>}
      {f.followUps.map((x, i) => (
        <Fieldset
          key={i}
          legend={`Follow-up ${i + 1}`}
          className="border-1px border-base-lighter padding-2 margin-bottom-2"
        >
          <TextField
            name={`followUps.${i}.action`}
            label="Action"
            problem={problem}
            value={x.action}
            onChange={(v) => setFollowUp(i, 'action', v)}
            required
          />
          <Grid row gap>
            <Grid tablet={{ col: 4 }}>
              <TextField
                name={`followUps.${i}.owner`}
                label="Owner"
                problem={problem}
                value={x.owner}
                onChange={(v) => setFollowUp(i, 'owner', v)}
                required
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <TextField
                name={`followUps.${i}.dueOn`}
                label="Due date"
                type="date"
                problem={problem}
                value={x.dueOn}
                onChange={(v) => setFollowUp(i, 'dueOn', v)}
                required
              />
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <SelectField
                name={`followUps.${i}.status`}
                label="Status"
                problem={problem}
                value={x.status}
                onChange={(v) => setFollowUp(i, 'status', v)}
              >
                {FOLLOW_UP_STATUSES.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.label}
                  </option>
                ))}
              </SelectField>
            </Grid>
          </Grid>
          <Button
            type="button"
            unstyled
            onClick={() => set('followUps')(f.followUps.filter((_, j) => j !== i))}
          >
            Remove follow-up {i + 1}
          </Button>
        </Fieldset>
      ))}
      <Button
        type="button"
        outline
        onClick={() => set('followUps')([...f.followUps, blankFollowUp()])}
      >
        Add a follow-up
      </Button>
      <div className="margin-top-3">
        <Button type="submit">{submitLabel}</Button>
        {cancel}
      </div>
    </Form>
  );
}
