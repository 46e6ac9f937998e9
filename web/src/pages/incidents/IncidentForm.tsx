// The incident form, for a new draft and for editing one. Saves only when the user asks
// (autosave of drafts is not built yet). Server field errors appear beside their fields.
import {
  Button,
  ButtonGroup,
  Checkbox,
  ErrorMessage,
  Fieldset,
  Form,
  FormGroup,
} from '@trussworks/react-uswds';
import { useState, type FormEvent, type ReactNode } from 'react';
import type { Problem } from '../../api.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import type { IncidentFields } from '../../incidentsApi.ts';
import {
  DATE_PRECISIONS,
  INCIDENT_CATEGORIES,
  MARKINGS,
  MIGRATION_ROUTES,
} from '../../vocabularies.ts';
import { useCountries } from './useCountries.ts';

export const FIELD_LABELS: Record<string, string> = {
  postId: 'Post',
  title: 'Title',
  narrative: 'Narrative',
  countryCode: 'Country',
  categories: 'Categories',
  occurredStart: 'Occurred from',
  occurredEnd: 'Occurred to',
  datePrecision: 'Date precision',
  placeName: 'Place',
  route: 'Migration route',
  marking: 'Marking',
};

interface Props {
  initial?: Partial<IncidentFields>;
  problem: Problem | null;
  submitLabel: string;
  /** Extra fields before the rest (the post, on a new incident). */
  children?: ReactNode;
  onSubmit: (fields: IncidentFields) => Promise<void>;
  cancel: ReactNode;
}

export function IncidentForm({
  initial = {},
  problem,
  submitLabel,
  children,
  onSubmit,
  cancel,
}: Props) {
  const countries = useCountries();
  const [title, setTitle] = useState(initial.title ?? '');
  const [narrative, setNarrative] = useState(initial.narrative ?? '');
  const [countryCode, setCountryCode] = useState(initial.countryCode ?? '');
  const [categories, setCategories] = useState<string[]>(initial.categories ?? []);
  const [occurredStart, setOccurredStart] = useState(initial.occurredStart ?? '');
  const [occurredEnd, setOccurredEnd] = useState(initial.occurredEnd ?? '');
  const [datePrecision, setDatePrecision] = useState(initial.datePrecision ?? 'day');
  const [placeName, setPlaceName] = useState(initial.placeName ?? '');
  const [route, setRoute] = useState(initial.route ?? '');
  const [marking, setMarking] = useState(initial.marking ?? 'sbu');
  const [busy, setBusy] = useState(false);

  const categoryError = problem?.errors?.find((e) => e.field.startsWith('categories'))?.message;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    try {
      await onSubmit({
        title: title.trim(),
        narrative: narrative.trim(),
        ...(countryCode ? { countryCode } : {}),
        categories,
        occurredStart,
        ...(occurredEnd ? { occurredEnd } : {}),
        datePrecision,
        placeName: placeName.trim() || null,
        route: route || null,
        marking,
      });
    } finally {
      setBusy(false);
    }
  }

  const toggle = (code: string, on: boolean) =>
    setCategories((list) => (on ? [...list, code] : list.filter((c) => c !== code)));

  return (
    <Form onSubmit={submit} noValidate large className="maxw-tablet">
      {children}
      <TextField
        name="title"
        label="Title"
        problem={problem}
        value={title}
        onChange={setTitle}
        required
      />
      <TextAreaField
        name="narrative"
        label="Narrative"
        hint="What happened, to whom, by whom, according to the sources"
        problem={problem}
        value={narrative}
        onChange={setNarrative}
      />
      <SelectField
        name="countryCode"
        label="Country"
        hint="Leave as the post's country unless the incident happened elsewhere"
        problem={problem}
        value={countryCode}
        onChange={setCountryCode}
      >
        <option value="">- The post's country -</option>
        {countries.data?.items.map((c) => (
          <option key={c.code} value={c.code}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <FormGroup error={!!categoryError}>
        <Fieldset
          legend="Categories"
          aria-describedby={categoryError ? 'field-categories-error' : undefined}
        >
          {categoryError && (
            <ErrorMessage id="field-categories-error">{categoryError}</ErrorMessage>
          )}
          <div id="field-categories" tabIndex={-1}>
            {INCIDENT_CATEGORIES.map((c) => (
              <Checkbox
                key={c.code}
                id={`category-${c.code}`}
                name="categories"
                value={c.code}
                label={c.label}
                checked={categories.includes(c.code)}
                onChange={(e) => toggle(c.code, e.target.checked)}
              />
            ))}
          </div>
        </Fieldset>
      </FormGroup>
      <TextField
        name="occurredStart"
        label="Occurred from"
        type="date"
        problem={problem}
        value={occurredStart}
        onChange={setOccurredStart}
        required
      />
      <TextField
        name="occurredEnd"
        label="Occurred to"
        hint="Leave empty for a single date"
        type="date"
        problem={problem}
        value={occurredEnd}
        onChange={setOccurredEnd}
      />
      <SelectField
        name="datePrecision"
        label="Date precision"
        problem={problem}
        value={datePrecision}
        onChange={setDatePrecision}
        required
      >
        {DATE_PRECISIONS.map((p) => (
          <option key={p.code} value={p.code}>
            {p.label}
          </option>
        ))}
      </SelectField>
      <TextField
        name="placeName"
        label="Place"
        problem={problem}
        value={placeName}
        onChange={setPlaceName}
      />
      <SelectField
        name="route"
        label="Migration route"
        problem={problem}
        value={route}
        onChange={setRoute}
      >
        <option value="">- None -</option>
        {MIGRATION_ROUTES.map((r) => (
          <option key={r.code} value={r.code}>
            {r.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        name="marking"
        label="Marking"
        problem={problem}
        value={marking}
        onChange={setMarking}
        required
      >
        {MARKINGS.map((m) => (
          <option key={m.code} value={m.code}>
            {m.label}
          </option>
        ))}
      </SelectField>
      <ButtonGroup className="margin-top-4">
        <Button type="submit" disabled={busy}>
          {submitLabel}
        </Button>
        {cancel}
      </ButtonGroup>
    </Form>
  );
}
