// A year's section structure: each section's number and title and what it reports (incident
// categories, official statistics by what they count, the engagement log). Editors change it
// for an edition; reports of that year are then drafted and regenerated with it.
import {
  Button,
  Checkbox,
  ErrorMessage,
  Fieldset,
  Form,
  FormGroup,
  Label,
  Select,
} from '@trussworks/react-uswds';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router-dom';
import { toProblem, type Problem } from '../../api.ts';
import { TextField } from '../../components/fields.tsx';
import { Loading } from '../../components/guards.tsx';
import { ProblemAlert } from '../../components/ProblemAlert.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { usePageTitle } from '../../components/usePageTitle.ts';
import { fieldId } from '../../problems.ts';
import { reportsApi, type StructureSection } from '../../reportsApi.ts';
import { hasPermission, useMe } from '../../session.tsx';
import { INCIDENT_CATEGORIES, STAT_COUNTED } from '../../../../src/domain/vocabularies.ts';

export function StructurePage() {
  const year = Number(useParams().year);
  const me = useMe();
  usePageTitle(`Report structure ${year}`);
  const load = useCallback(() => reportsApi.structure(year), [year]);
  const current = useLoad(load);
  const [sections, setSections] = useState<StructureSection[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState('');
  useEffect(() => {
    if (current.data) setSections(current.data.sections);
  }, [current.data]);
  const canEdit = hasPermission(me, 'report.structure');
  const set = (i: number, patch: Partial<StructureSection>) =>
    setSections((all) => all.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!current.data) return;
    setProblem(null);
    setNotice('');
    try {
      await reportsApi.saveStructure(year, current.data.version, sections);
      await current.reload();
      setNotice(`Saved. New ${year} reports and regenerations use this structure.`);
    } catch (error) {
      setProblem(toProblem(error));
    }
  }

  return (
    <>
      <p className="margin-top-0">
        <Link to="/reports">Back to country reports</Link>
      </p>
      <h1>Section structure of the {year} reports</h1>
      <ProblemAlert problem={problem ?? current.problem} />
      <p role="status" className="margin-y-1">
        {notice}
      </p>
      {!current.data && !current.problem && <Loading what="structure" />}
      {current.data && (
        <>
          <p>
            {current.data.custom
              ? `Saved by editors for ${year} (version ${current.data.version}).`
              : `The built-in structure: nobody has changed it for ${year}.`}{' '}
            Each incident category and each kind of official statistics is reported in one section
            at most.
          </p>
          <Form onSubmit={save} noValidate className="maxw-full">
            {sections.map((s, i) => (
              <Fieldset
                key={i}
                legend={`Section ${s.number}`}
                className="border-1px border-base-lighter padding-2 margin-bottom-2"
              >
                <TextField
                  name={`sections.${i}.title`}
                  label="Title"
                  problem={problem}
                  value={s.title}
                  onChange={(v) => set(i, { title: v })}
                />
                <SelectMany
                  name={`sections.${i}.categories`}
                  label="Incident categories reported here"
                  problem={problem}
                  options={INCIDENT_CATEGORIES}
                  value={s.categories}
                  onChange={(v) => set(i, { categories: v })}
                  disabled={!canEdit}
                />
                <SelectMany
                  name={`sections.${i}.statistics`}
                  label="Official statistics reported here (by what they count)"
                  problem={problem}
                  options={STAT_COUNTED}
                  value={s.statistics}
                  onChange={(v) => set(i, { statistics: v })}
                  disabled={!canEdit}
                />
                <Checkbox
                  id={`section-${i}-engagement`}
                  name={`sections.${i}.engagement`}
                  label="Engagements with the host government and policy assessments"
                  checked={s.engagement}
                  disabled={!canEdit}
                  onChange={(e) => set(i, { engagement: e.target.checked })}
                />
              </Fieldset>
            ))}
            {canEdit && <Button type="submit">Save the {year} structure</Button>}
          </Form>
        </>
      )}
    </>
  );
}

function SelectMany({
  name,
  label,
  problem,
  options,
  value,
  onChange,
  disabled,
}: {
  name: string;
  label: string;
  problem: Problem | null;
  options: readonly { code: string; label: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  disabled: boolean;
}) {
  const id = fieldId(name);
  // An error on any chosen item (sections.N.categories.M) is shown on the list.
  const error = problem?.errors?.find((e) => e.field.startsWith(`${name}.`))?.message;
  return (
    <FormGroup error={!!error}>
      <Label htmlFor={id} error={!!error}>
        {label}
      </Label>
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      <Select
        id={id}
        name={name}
        multiple
        disabled={disabled}
        style={{ height: '8rem' }}
        value={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
      >
        {options.map((o) => (
          <option key={o.code} value={o.code}>
            {o.label}
          </option>
        ))}
      </Select>
    </FormGroup>
  );
}
