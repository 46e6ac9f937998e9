// Draft a directive, edit a draft, or amend an issued one (the posts are told what changed).
import { Button, Form } from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { api, toProblem, type Country, type Problem } from '../../api.ts';
import { ConflictNotice } from '../../components/ConflictNotice.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { useDirectory } from '../../directory.ts';
import {
  DIRECTIVE_KINDS,
  directivesApi,
  type Directive,
  type DirectiveInput,
} from '../../directivesApi.ts';
import { fieldError } from '../../problems.ts';
import { AddresseePicker } from './AddresseePicker.tsx';
import { RequirementBuilder } from './RequirementBuilder.tsx';

const EMPTY: DirectiveInput = {
  title: '',
  kind: 'migration_reporting',
  issuingOffice: 'Human Rights Bureau',
  periodStart: '',
  periodEnd: '',
  dueOn: '',
  body: '',
  addressees: { regionIds: [], countryCodes: [], postIds: [] },
  requirements: [],
};

const inputOf = (d: Directive): DirectiveInput => ({
  title: d.title,
  kind: d.kind,
  issuingOffice: d.issuingOffice,
  periodStart: d.periodStart,
  periodEnd: d.periodEnd,
  dueOn: d.dueOn,
  body: d.body,
  addressees: d.addressees,
  requirements: d.requirements
    .filter((r) => !r.withdrawn)
    .map((r) => ({
      id: r.id,
      kind: r.kind,
      recordType: r.recordType,
      criteria: r.criteria,
      title: r.title,
      guidance: r.guidance,
      required: r.required,
    })),
});

export function DirectiveEditor() {
  const { id } = useParams();
  const navigate = useNavigate();
  const directory = useDirectory();
  const loadExtras = useCallback(async () => {
    const [countries, recordTypes] = await Promise.all([
      api.countries(),
      directivesApi.recordTypes(),
    ]);
    return {
      countries: [...countries.items].sort((a: Country, b: Country) =>
        a.name.localeCompare(b.name),
      ),
      recordTypes: recordTypes.items,
    };
  }, []);
  const extras = useLoad(loadExtras);
  const [existing, setExisting] = useState<Directive | null>(null);
  const [form, setForm] = useState<DirectiveInput>(EMPTY);
  const [summary, setSummary] = useState('');
  const [problem, setProblem] = useState<Problem | null>(null);
  usePageTitle(id ? 'Edit directive' : 'New directive');

  const reload = useCallback(async () => {
    if (!id) return;
    const d = await directivesApi.get(id);
    setExisting(d);
    setForm(inputOf(d));
  }, [id]);
  useEffect(() => {
    reload().catch((e: unknown) => setProblem(toProblem(e)));
  }, [reload]);

  if (!directory.data || !extras.data || (id && !existing))
    return <Loading what="directive editor" />;
  const issued = existing?.status === 'issued';
  const set =
    <K extends keyof DirectiveInput>(key: K) =>
    (value: DirectiveInput[K]) =>
      setForm((f) => ({ ...f, [key]: value }));

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    try {
      const saved = existing
        ? await directivesApi.update(existing.id, {
            ...form,
            version: existing.version,
            ...(issued && summary.trim() ? { amendmentSummary: summary.trim() } : {}),
          })
        : await directivesApi.create(form);
      navigate(`/directives/${saved.id}`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <h1>
        {existing
          ? issued
            ? `Amend ${existing.reference}`
            : `Edit ${existing.reference}`
          : 'New directive'}
      </h1>
      <ProblemAlert problem={problem}>
        <ConflictNotice
          problem={problem}
          onReload={() => void reload().then(() => setProblem(null))}
        />
      </ProblemAlert>
      <Form onSubmit={(e) => void save(e)} large>
        <TextField
          name="title"
          label="Title"
          required
          problem={problem}
          value={form.title}
          onChange={set('title')}
        />
        <SelectField
          name="kind"
          label="Kind"
          required
          problem={problem}
          value={form.kind}
          onChange={(v) => set('kind')(v as DirectiveInput['kind'])}
        >
          {DIRECTIVE_KINDS.map((k) => (
            <option key={k.code} value={k.code}>
              {k.label}
            </option>
          ))}
        </SelectField>
        <TextField
          name="issuingOffice"
          label="Issuing office"
          required
          problem={problem}
          value={form.issuingOffice}
          onChange={set('issuingOffice')}
        />
        <TextField
          name="periodStart"
          label="Reporting period from"
          type="date"
          required
          problem={problem}
          value={form.periodStart}
          onChange={set('periodStart')}
        />
        <TextField
          name="periodEnd"
          label="Reporting period to"
          type="date"
          required
          problem={problem}
          value={form.periodEnd}
          onChange={set('periodEnd')}
        />
        <TextField
          name="dueOn"
          label="Due date"
          type="date"
          required
          problem={problem}
          value={form.dueOn}
          onChange={set('dueOn')}
        />
        <TextAreaField
          name="body"
          label="Text (Markdown)"
          hint="Headings with ##, lists with -, links as [text](https://…)."
          problem={problem}
          value={form.body}
          onChange={set('body')}
        />
        <AddresseePicker
          value={form.addressees}
          onChange={set('addressees')}
          regions={directory.data.regions}
          countries={extras.data.countries}
          posts={directory.data.posts}
          error={fieldError(problem, 'addressees')}
        />
        <RequirementBuilder
          value={form.requirements}
          onChange={set('requirements')}
          recordTypes={extras.data.recordTypes}
          problem={problem}
        />
        {issued && (
          <TextField
            name="amendmentSummary"
            label="What this amendment changes (the posts read this)"
            problem={problem}
            value={summary}
            onChange={setSummary}
          />
        )}
        <Button type="submit">{issued ? 'Amend directive' : 'Save draft'}</Button>
      </Form>
    </>
  );
}
