// The incident form, shared by the new and edit pages: the event (what, when, where), its
// sources, acts, victims in aggregate, perpetrators with source-cited attributes, the justice
// outcome and the record's handling. The page owns the state (so it can autosave it) and
// the saving; server field errors appear beside the field their path names.
import {
  Alert,
  Button,
  ButtonGroup,
  Checkbox,
  ErrorMessage,
  Fieldset,
  Form,
  FormGroup,
} from '@trussworks/react-uswds';
import type { FormEvent, ReactNode } from 'react';
import type { Problem } from '../../api.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { fieldId } from '../../problems.ts';
import {
  AGE_BANDS,
  DATE_PRECISIONS,
  GEO_PRECISIONS,
  INCIDENT_CATEGORIES,
  MARKINGS,
  MIGRATION_ROUTES,
  PERPETRATOR_TYPES,
  SEXES,
} from '../../vocabularies.ts';
import {
  emptyAct,
  emptyAttribute,
  emptyPerpetrator,
  emptyVictim,
  OUTCOME_COUNTS,
  type FormState,
  type OutcomeState,
  type PerpetratorState,
} from './incidentFormState.ts';
import { useCountries } from './useCountries.ts';

export const FIELD_LABELS: Record<string, string> = {
  postId: 'Post',
  title: 'Title',
  narrative: 'Narrative',
  language: 'Language of the narrative',
  countryCode: 'Country',
  categories: 'Categories',
  occurredStart: 'Occurred from',
  occurredEnd: 'Occurred to',
  datePrecision: 'Date precision',
  admin1: 'First-level area',
  placeName: 'Place',
  latitude: 'Latitude',
  longitude: 'Longitude',
  geoPrecision: 'Precision of the location',
  route: 'Migration route',
  marking: 'Marking',
  tags: 'Tags',
  sources: 'Sources',
};

/** A readable label for any field path the server may name, e.g. "victims.0.count". */
export function fieldLabel(path: string): string {
  if (FIELD_LABELS[path]) return FIELD_LABELS[path];
  const parts = path.split('.');
  const row = (i: string | undefined) => Number(i) + 1;
  if (parts[0] === 'acts') return `Act ${row(parts[1])}: ${parts[2] ?? ''}`;
  if (parts[0] === 'victims') return `Victim group ${row(parts[1])}: ${parts[2] ?? ''}`;
  if (parts[0] === 'perpetrators' && parts[2] === 'attributes')
    return `Perpetrator ${row(parts[1])}, attribute ${row(parts[3])}: ${parts[4] ?? ''}`;
  if (parts[0] === 'perpetrators') return `Perpetrator ${row(parts[1])}: ${parts[2] ?? ''}`;
  if (parts[0] === 'outcome') return `Outcome: ${parts[1] ?? ''}`;
  if (parts[0] === 'sources') return `Source ${row(parts[1])}`;
  return path;
}

export interface CitableSource {
  id: string;
  label: string;
}

interface Props {
  state: FormState;
  onChange: (state: FormState) => void;
  problem: Problem | null;
  submitLabel: string;
  busy?: boolean;
  /** Extra fields before the rest (the post, on a new incident). */
  children?: ReactNode;
  /** The sources part: chosen sources on a new record, linked ones on an existing one. */
  sources: ReactNode;
  /** Sources a victim nationality or perpetrator attribute may cite. */
  citable: CitableSource[];
  /** Warnings from the last save, e.g. coordinates far from the country. */
  warnings?: { field: string; message: string }[];
  /** The autosave status line. */
  status?: ReactNode;
  onSubmit: () => void;
  cancel: ReactNode;
}

function replaceAt<T>(list: T[], index: number, item: T): T[] {
  return list.map((x, i) => (i === index ? item : x));
}

function removeAt<T>(list: T[], index: number): T[] {
  return list.filter((_, i) => i !== index);
}

/** Moves focus to a field once React has drawn it (after adding a row). */
function focusSoon(id: string) {
  setTimeout(() => document.getElementById(id)?.focus(), 0);
}

export function IncidentForm({
  state,
  onChange,
  problem,
  submitLabel,
  busy = false,
  children,
  sources,
  citable,
  warnings = [],
  status,
  onSubmit,
  cancel,
}: Props) {
  const countries = useCountries();
  const set = <K extends keyof FormState>(key: K) =>
    ((value: FormState[K]) => onChange({ ...state, [key]: value })) as (
      value: FormState[K],
    ) => void;
  const setOutcome = (key: keyof OutcomeState) => (value: string) =>
    onChange({ ...state, outcome: { ...state.outcome, [key]: value } });
  const categoryError = problem?.errors?.find((e) => e.field.startsWith('categories'))?.message;
  const toggle = (code: string, on: boolean) =>
    set('categories')(
      on ? [...state.categories, code] : state.categories.filter((c) => c !== code),
    );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit();
  }

  const sourceOptions = (
    <>
      <option value="">
        {citable.length ? '- Select the source -' : '- Link a source to the incident first -'}
      </option>
      {citable.map((s) => (
        <option key={s.id} value={s.id}>
          {s.label}
        </option>
      ))}
    </>
  );
  const countryOptions = countries.data?.items.map((c) => (
    <option key={c.code} value={c.code}>
      {c.name}
    </option>
  ));

  return (
    <Form onSubmit={submit} noValidate large className="maxw-tablet incident-form">
      {children}

      <Fieldset legend="What happened" legendStyle="large">
        <TextField
          name="title"
          label="Title"
          problem={problem}
          value={state.title}
          onChange={set('title')}
          required
        />
        <TextAreaField
          name="narrative"
          label="Narrative"
          hint="What happened, to whom, by whom, according to the sources"
          problem={problem}
          value={state.narrative}
          onChange={set('narrative')}
        />
        <TextField
          name="language"
          label="Language of the narrative"
          hint="A language code such as en, fr or ar; it improves search in that language"
          problem={problem}
          value={state.language}
          onChange={set('language')}
        />
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
                  checked={state.categories.includes(c.code)}
                  onChange={(e) => toggle(c.code, e.target.checked)}
                />
              ))}
            </div>
          </Fieldset>
        </FormGroup>
      </Fieldset>

      <Fieldset legend="When" legendStyle="large">
        <TextField
          name="occurredStart"
          label="Occurred from"
          type="date"
          problem={problem}
          value={state.occurredStart}
          onChange={set('occurredStart')}
          required
        />
        <TextField
          name="occurredEnd"
          label="Occurred to"
          hint="Leave empty for a single date"
          type="date"
          problem={problem}
          value={state.occurredEnd}
          onChange={set('occurredEnd')}
        />
        <SelectField
          name="datePrecision"
          label="Date precision"
          problem={problem}
          value={state.datePrecision}
          onChange={set('datePrecision')}
          required
        >
          {DATE_PRECISIONS.map((p) => (
            <option key={p.code} value={p.code}>
              {p.label}
            </option>
          ))}
        </SelectField>
      </Fieldset>

      <Fieldset legend="Where" legendStyle="large">
        <SelectField
          name="countryCode"
          label="Country"
          hint="Leave as the post's country unless the incident happened elsewhere"
          problem={problem}
          value={state.countryCode}
          onChange={set('countryCode')}
        >
          <option value="">- The post's country -</option>
          {countryOptions}
        </SelectField>
        <TextField
          name="admin1"
          label="First-level area"
          hint="Region, province or state"
          problem={problem}
          value={state.admin1}
          onChange={set('admin1')}
        />
        <TextField
          name="placeName"
          label="Place"
          problem={problem}
          value={state.placeName}
          onChange={set('placeName')}
        />
        {warnings.length > 0 && (
          <Alert type="warning" slim data-testid="form-warnings">
            <ul className="margin-0">
              {warnings.map((w) => (
                <li key={`${w.field}:${w.message}`}>
                  <a href={`#${fieldId(w.field)}`}>{FIELD_LABELS[w.field] ?? w.field}</a>:{' '}
                  {w.message}
                </li>
              ))}
            </ul>
          </Alert>
        )}
        <div className="grid-row grid-gap">
          <div className="tablet:grid-col-6">
            <TextField
              name="latitude"
              label="Latitude"
              hint="Decimal degrees, e.g. 50.95"
              inputMode="decimal"
              problem={problem}
              value={state.latitude}
              onChange={set('latitude')}
            />
          </div>
          <div className="tablet:grid-col-6">
            <TextField
              name="longitude"
              label="Longitude"
              hint="Decimal degrees, e.g. 1.86"
              inputMode="decimal"
              problem={problem}
              value={state.longitude}
              onChange={set('longitude')}
            />
          </div>
        </div>
        <SelectField
          name="geoPrecision"
          label="Precision of the location"
          problem={problem}
          value={state.geoPrecision}
          onChange={set('geoPrecision')}
        >
          <option value="">- Not given -</option>
          {GEO_PRECISIONS.map((g) => (
            <option key={g.code} value={g.code}>
              {g.label}
            </option>
          ))}
        </SelectField>
        <SelectField
          name="route"
          label="Migration route"
          problem={problem}
          value={state.route}
          onChange={set('route')}
        >
          <option value="">- None -</option>
          {MIGRATION_ROUTES.map((r) => (
            <option key={r.code} value={r.code}>
              {r.label}
            </option>
          ))}
        </SelectField>
      </Fieldset>

      {sources}

      <Fieldset legend="Acts" legendStyle="large">
        <p className="usa-hint">What was done, and to how many victims.</p>
        {state.acts.map((act, i) => (
          <Fieldset key={i} legend={`Act ${i + 1}`} className="incident-form__row">
            <TextField
              name={`acts.${i}.act`}
              label="What was done"
              hint="e.g. robbery, beating, extortion, forced labour"
              problem={problem}
              value={act.act}
              onChange={(v) => set('acts')(replaceAt(state.acts, i, { ...act, act: v }))}
              required
            />
            <TextField
              name={`acts.${i}.victimCount`}
              label="Number of victims of this act"
              inputMode="numeric"
              problem={problem}
              value={act.victimCount}
              onChange={(v) => set('acts')(replaceAt(state.acts, i, { ...act, victimCount: v }))}
            />
            <TextAreaField
              name={`acts.${i}.description`}
              label="Description of the act"
              problem={problem}
              value={act.description}
              onChange={(v) => set('acts')(replaceAt(state.acts, i, { ...act, description: v }))}
            />
            <Button type="button" unstyled onClick={() => set('acts')(removeAt(state.acts, i))}>
              Remove act {i + 1}
            </Button>
          </Fieldset>
        ))}
        <Button
          type="button"
          outline
          onClick={() => {
            set('acts')([...state.acts, emptyAct()]);
            focusSoon(fieldId(`acts.${state.acts.length}.act`));
          }}
        >
          Add an act
        </Button>
      </Fieldset>

      <Fieldset legend="Victims" legendStyle="large">
        <p className="usa-hint">
          Counts by sex and age band, never names (protected details are kept apart). Give a
          nationality only as a linked source states it, and cite that source.
        </p>
        {state.victims.map((v, i) => {
          const put = (patch: Partial<typeof v>) =>
            set('victims')(replaceAt(state.victims, i, { ...v, ...patch }));
          return (
            <Fieldset key={i} legend={`Victim group ${i + 1}`} className="incident-form__row">
              <SelectField
                name={`victims.${i}.sex`}
                label="Sex"
                problem={problem}
                value={v.sex}
                onChange={(sex) => put({ sex })}
                required
              >
                {SEXES.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.label}
                  </option>
                ))}
              </SelectField>
              <SelectField
                name={`victims.${i}.ageBand`}
                label="Age band"
                problem={problem}
                value={v.ageBand}
                onChange={(ageBand) => put({ ageBand })}
                required
              >
                {AGE_BANDS.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.label}
                  </option>
                ))}
              </SelectField>
              <TextField
                name={`victims.${i}.count`}
                label="Number of victims"
                inputMode="numeric"
                problem={problem}
                value={v.count}
                onChange={(count) => put({ count })}
                required
              />
              <SelectField
                name={`victims.${i}.nationality`}
                label="Nationality, as stated by a source"
                problem={problem}
                value={v.nationality}
                onChange={(nationality) => put({ nationality })}
              >
                <option value="">- Not stated -</option>
                {countryOptions}
              </SelectField>
              <SelectField
                name={`victims.${i}.nationalitySourceId`}
                label="Source stating the nationality"
                problem={problem}
                value={v.nationalitySourceId}
                onChange={(nationalitySourceId) => put({ nationalitySourceId })}
                required={!!v.nationality}
              >
                {sourceOptions}
              </SelectField>
              <Button
                type="button"
                unstyled
                onClick={() => set('victims')(removeAt(state.victims, i))}
              >
                Remove victim group {i + 1}
              </Button>
            </Fieldset>
          );
        })}
        <Button
          type="button"
          outline
          onClick={() => {
            set('victims')([...state.victims, emptyVictim()]);
            focusSoon(fieldId(`victims.${state.victims.length}.sex`));
          }}
        >
          Add a victim group
        </Button>
      </Fieldset>

      <Fieldset legend="Perpetrators" legendStyle="large">
        <p className="usa-hint">
          Personal attributes (nationality, age, role…) only as a linked source states them, each
          citing that source.
        </p>
        {state.perpetrators.map((p, i) => (
          <PerpetratorRow
            key={i}
            index={i}
            perpetrator={p}
            problem={problem}
            sourceOptions={sourceOptions}
            onChange={(next) => set('perpetrators')(replaceAt(state.perpetrators, i, next))}
            onRemove={() => set('perpetrators')(removeAt(state.perpetrators, i))}
          />
        ))}
        <Button
          type="button"
          outline
          onClick={() => {
            set('perpetrators')([...state.perpetrators, emptyPerpetrator()]);
            focusSoon(fieldId(`perpetrators.${state.perpetrators.length}.type`));
          }}
        >
          Add a perpetrator
        </Button>
      </Fieldset>

      <Fieldset legend="Justice outcome" legendStyle="large">
        <p className="usa-hint">As far as the sources tell; leave unknown parts empty.</p>
        <SelectField
          name="outcome.reportedToPolice"
          label="Reported to the police"
          problem={problem}
          value={state.outcome.reportedToPolice}
          onChange={setOutcome('reportedToPolice')}
        >
          <option value="">- Not known -</option>
          <option value="yes">Yes</option>
          <option value="no">No</option>
        </SelectField>
        <TextField
          name="outcome.reportedOn"
          label="Reported on"
          type="date"
          problem={problem}
          value={state.outcome.reportedOn}
          onChange={setOutcome('reportedOn')}
        />
        {OUTCOME_COUNTS.map(([count, on, countLabel, onLabel]) => (
          <div key={count} className="grid-row grid-gap">
            <div className="tablet:grid-col-6">
              <TextField
                name={`outcome.${count}`}
                label={countLabel}
                inputMode="numeric"
                problem={problem}
                value={state.outcome[count]}
                onChange={setOutcome(count)}
              />
            </div>
            <div className="tablet:grid-col-6">
              <TextField
                name={`outcome.${on}`}
                label={onLabel}
                type="date"
                problem={problem}
                value={state.outcome[on]}
                onChange={setOutcome(on)}
              />
            </div>
          </div>
        ))}
        <TextAreaField
          name="outcome.sentence"
          label="Sentence"
          problem={problem}
          value={state.outcome.sentence}
          onChange={setOutcome('sentence')}
        />
        <TextField
          name="outcome.sentencedOn"
          label="Sentenced on"
          type="date"
          problem={problem}
          value={state.outcome.sentencedOn}
          onChange={setOutcome('sentencedOn')}
        />
      </Fieldset>

      <Fieldset legend="Handling" legendStyle="large">
        <SelectField
          name="marking"
          label="Marking"
          problem={problem}
          value={state.marking}
          onChange={set('marking')}
          required
        >
          {MARKINGS.map((m) => (
            <option key={m.code} value={m.code}>
              {m.label}
            </option>
          ))}
        </SelectField>
        <TextField
          name="tags"
          label="Tags"
          hint="Separate tags with commas"
          problem={problem}
          value={state.tags}
          onChange={set('tags')}
        />
      </Fieldset>

      {status}
      <ButtonGroup className="margin-top-4">
        <Button type="submit" disabled={busy}>
          {submitLabel}
        </Button>
        {cancel}
      </ButtonGroup>
    </Form>
  );
}

function PerpetratorRow({
  index: i,
  perpetrator: p,
  problem,
  sourceOptions,
  onChange,
  onRemove,
}: {
  index: number;
  perpetrator: PerpetratorState;
  problem: Problem | null;
  sourceOptions: ReactNode;
  onChange: (p: PerpetratorState) => void;
  onRemove: () => void;
}) {
  const put = (patch: Partial<PerpetratorState>) => onChange({ ...p, ...patch });
  return (
    <Fieldset legend={`Perpetrator ${i + 1}`} className="incident-form__row">
      <SelectField
        name={`perpetrators.${i}.type`}
        label="Kind of perpetrator"
        problem={problem}
        value={p.type}
        onChange={(type) => put({ type })}
        required
      >
        {PERPETRATOR_TYPES.map((t) => (
          <option key={t.code} value={t.code}>
            {t.label}
          </option>
        ))}
      </SelectField>
      <TextField
        name={`perpetrators.${i}.count`}
        label="Number of perpetrators"
        inputMode="numeric"
        problem={problem}
        value={p.count}
        onChange={(count) => put({ count })}
      />
      <TextAreaField
        name={`perpetrators.${i}.description`}
        label="Description of the perpetrator"
        hint="What the sources say about them, without personal attributes"
        problem={problem}
        value={p.description}
        onChange={(description) => put({ description })}
      />
      {p.attributes.map((a, j) => {
        const base = `perpetrators.${i}.attributes.${j}`;
        const putAttr = (patch: Partial<typeof a>) =>
          put({ attributes: replaceAt(p.attributes, j, { ...a, ...patch }) });
        return (
          <Fieldset
            key={j}
            legend={`Attribute ${j + 1} of perpetrator ${i + 1}`}
            className="incident-form__row"
          >
            <TextField
              name={`${base}.attribute`}
              label="Attribute"
              hint="e.g. nationality, age, role in the network"
              problem={problem}
              value={a.attribute}
              onChange={(attribute) => putAttr({ attribute })}
              required
            />
            <TextField
              name={`${base}.value`}
              label="Value, as the source states it"
              problem={problem}
              value={a.value}
              onChange={(value) => putAttr({ value })}
              required
            />
            <SelectField
              name={`${base}.sourceId`}
              label="Source stating it"
              problem={problem}
              value={a.sourceId}
              onChange={(sourceId) => putAttr({ sourceId })}
              required
            >
              {sourceOptions}
            </SelectField>
            <TextAreaField
              name={`${base}.excerpt`}
              label="Passage of the source"
              problem={problem}
              value={a.excerpt}
              onChange={(excerpt) => putAttr({ excerpt })}
            />
            <Button
              type="button"
              unstyled
              onClick={() => put({ attributes: p.attributes.filter((_, k) => k !== j) })}
            >
              Remove attribute {j + 1} of perpetrator {i + 1}
            </Button>
          </Fieldset>
        );
      })}
      <ButtonGroup>
        <Button
          type="button"
          outline
          onClick={() => {
            put({ attributes: [...p.attributes, emptyAttribute()] });
            focusSoon(fieldId(`perpetrators.${i}.attributes.${p.attributes.length}.attribute`));
          }}
        >
          Add a cited attribute to perpetrator {i + 1}
        </Button>
        <Button type="button" unstyled onClick={onRemove}>
          Remove perpetrator {i + 1}
        </Button>
      </ButtonGroup>
    </Fieldset>
  );
}
