// The justice-outcome form: the decision (court, date, jurisdiction, offence class), the
// defendant group in the words of the cited source, the outcome and sentence, and the factors
// the court stated (one a line).
import { Button, Form, Grid } from '@trussworks/react-uswds';
import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import type { Problem } from '../../api.ts';
import { SelectField, TextAreaField, TextField } from '../../components/fields.tsx';
import { useLoad } from '../../components/useLoad.ts';
import { justiceApi, type JusticeOutcomeFields } from '../../justiceApi.ts';
import { MARKINGS } from '../../vocabularies.ts';
import { useCountries } from '../incidents/useCountries.ts';
import { COURT_LEVELS, ICCS_OFFENCE_CLASSES, JUSTICE_OUTCOMES, SENTENCE_TYPES } from './terms.ts';

export const FIELD_LABELS: Record<string, string> = {
  postId: 'Post',
  countryCode: 'Jurisdiction (country)',
  subnationalJurisdiction: 'Sub-national jurisdiction',
  courtLevel: 'Court level',
  decidedOn: 'Decision date',
  offenceClass: 'Offence class (ICCS)',
  defendantGroup: 'Defendant group, as the source states it',
  sourceId: 'Source',
  outcome: 'Outcome',
  sentenceType: 'Sentence type',
  sentenceMonths: 'Sentence length (months)',
  marking: 'Marking',
};

interface Draft {
  countryCode: string;
  subnationalJurisdiction: string;
  courtLevel: string;
  decidedOn: string;
  offenceClass: string;
  defendantGroup: string;
  sourceId: string;
  outcome: string;
  sentenceType: string;
  sentenceMonths: string;
  aggravating: string;
  mitigating: string;
  marking: string;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function OutcomeForm({
  initial,
  problem,
  submitLabel,
  onSubmit,
  children,
  cancel,
}: {
  initial?: JusticeOutcomeFields;
  problem: Problem | null;
  submitLabel: string;
  onSubmit: (fields: JusticeOutcomeFields) => void;
  children?: ReactNode;
  cancel: ReactNode;
}) {
  const countries = useCountries();
  const loadSources = useCallback(() => justiceApi.sources(), []);
  const sources = useLoad(loadSources);
  const [d, setD] = useState<Draft>({
    countryCode: initial?.countryCode ?? '',
    subnationalJurisdiction: initial?.subnationalJurisdiction ?? '',
    courtLevel: initial?.courtLevel ?? 'first_instance',
    decidedOn: initial?.decidedOn ?? '',
    offenceClass: initial?.offenceClass ?? '',
    defendantGroup: initial?.defendantGroup ?? '',
    sourceId: initial?.sourceId ?? '',
    outcome: initial?.outcome ?? 'conviction',
    sentenceType: initial?.sentenceType ?? 'custodial',
    sentenceMonths: initial?.sentenceMonths == null ? '' : String(initial.sentenceMonths),
    aggravating: (initial?.aggravatingFactors ?? []).join('\n'),
    mitigating: (initial?.mitigatingFactors ?? []).join('\n'),
    marking: initial?.marking ?? 'sbu',
  });
  const set = (key: keyof Draft) => (value: string) => setD((prev) => ({ ...prev, [key]: value }));
  const convicted = d.outcome === 'conviction';

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    onSubmit({
      ...(d.countryCode ? { countryCode: d.countryCode } : {}),
      subnationalJurisdiction: d.subnationalJurisdiction.trim() || null,
      courtLevel: d.courtLevel,
      decidedOn: d.decidedOn,
      offenceClass: d.offenceClass,
      defendantGroup: d.defendantGroup,
      sourceId: d.sourceId,
      outcome: d.outcome,
      sentenceType: convicted ? d.sentenceType || null : null,
      sentenceMonths:
        convicted && d.sentenceMonths.trim() !== '' ? Number(d.sentenceMonths.trim()) : null,
      aggravatingFactors: lines(d.aggravating),
      mitigatingFactors: lines(d.mitigating),
      marking: d.marking,
    });
  }

  return (
    <Form onSubmit={submit} className="maxw-tablet-lg" aria-label="Court decision">
      {children}
      <Grid row gap>
        <Grid tablet={{ col: 6 }}>
          <SelectField
            name="countryCode"
            label={FIELD_LABELS.countryCode!}
            hint="Leave as the post's country unless the court sits elsewhere."
            problem={problem}
            value={d.countryCode}
            onChange={set('countryCode')}
          >
            <option value="">The post&apos;s country</option>
            {countries.data?.items.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </SelectField>
        </Grid>
        <Grid tablet={{ col: 6 }}>
          <TextField
            name="subnationalJurisdiction"
            label={FIELD_LABELS.subnationalJurisdiction!}
            hint="State, province or Land, if the source names one."
            problem={problem}
            value={d.subnationalJurisdiction}
            onChange={set('subnationalJurisdiction')}
          />
        </Grid>
      </Grid>
      <Grid row gap>
        <Grid tablet={{ col: 6 }}>
          <SelectField
            name="courtLevel"
            label={FIELD_LABELS.courtLevel!}
            problem={problem}
            value={d.courtLevel}
            onChange={set('courtLevel')}
            required
          >
            {COURT_LEVELS.map((c) => (
              <option key={c.code} value={c.code}>
                {c.label}
              </option>
            ))}
          </SelectField>
        </Grid>
        <Grid tablet={{ col: 6 }}>
          <TextField
            name="decidedOn"
            label={FIELD_LABELS.decidedOn!}
            type="date"
            problem={problem}
            value={d.decidedOn}
            onChange={set('decidedOn')}
            required
          />
        </Grid>
      </Grid>
      <SelectField
        name="offenceClass"
        label={FIELD_LABELS.offenceClass!}
        problem={problem}
        value={d.offenceClass}
        onChange={set('offenceClass')}
        required
      >
        <option value="">- Select an offence class -</option>
        {ICCS_OFFENCE_CLASSES.map((c) => (
          <option key={c.code} value={c.code}>
            {c.code} {c.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        name="sourceId"
        label={FIELD_LABELS.sourceId!}
        hint="The judgment, court record or report this decision is taken from."
        problem={problem}
        value={d.sourceId}
        onChange={set('sourceId')}
        required
      >
        <option value="">- Select a source -</option>
        {sources.data?.items.map((s) => (
          <option key={s.id} value={s.id}>
            {s.title} ({s.publisher})
          </option>
        ))}
      </SelectField>
      <TextField
        name="defendantGroup"
        label={FIELD_LABELS.defendantGroup!}
        hint="Copy the source's words exactly (e.g. its nationality or citizenship category); do not translate them into a category of ours."
        problem={problem}
        value={d.defendantGroup}
        onChange={set('defendantGroup')}
        required
      />
      <Grid row gap>
        <Grid tablet={{ col: 4 }}>
          <SelectField
            name="outcome"
            label={FIELD_LABELS.outcome!}
            problem={problem}
            value={d.outcome}
            onChange={set('outcome')}
            required
          >
            {JUSTICE_OUTCOMES.map((o) => (
              <option key={o.code} value={o.code}>
                {o.label}
              </option>
            ))}
          </SelectField>
        </Grid>
        {convicted && (
          <>
            <Grid tablet={{ col: 4 }}>
              <SelectField
                name="sentenceType"
                label={FIELD_LABELS.sentenceType!}
                problem={problem}
                value={d.sentenceType}
                onChange={set('sentenceType')}
                required
              >
                {SENTENCE_TYPES.map((t) => (
                  <option key={t.code} value={t.code}>
                    {t.label}
                  </option>
                ))}
              </SelectField>
            </Grid>
            <Grid tablet={{ col: 4 }}>
              <TextField
                name="sentenceMonths"
                label={FIELD_LABELS.sentenceMonths!}
                inputMode="decimal"
                problem={problem}
                value={d.sentenceMonths}
                onChange={set('sentenceMonths')}
              />
            </Grid>
          </>
        )}
      </Grid>
      <TextAreaField
        name="aggravatingFactors"
        label="Aggravating factors the court stated"
        hint="One a line, in the court's terms."
        problem={problem}
        value={d.aggravating}
        onChange={set('aggravating')}
      />
      <TextAreaField
        name="mitigatingFactors"
        label="Mitigating factors the court stated"
        hint="One a line, in the court's terms."
        problem={problem}
        value={d.mitigating}
        onChange={set('mitigating')}
      />
      <SelectField
        name="marking"
        label={FIELD_LABELS.marking!}
        problem={problem}
        value={d.marking}
        onChange={set('marking')}
      >
        {MARKINGS.map((m) => (
          <option key={m.code} value={m.code}>
            {m.label}
          </option>
        ))}
      </SelectField>
      <div className="margin-top-3">
        <Button type="submit">{submitLabel}</Button>
        {cancel}
      </div>
    </Form>
  );
}
