// What the incident form holds while the user types (every input as text), how a record
// becomes that, and how it becomes the API's fields again. Numbers that are not numbers are
// reported against their field, in the server's field-path form, before anything is sent.
import type { Problem } from '../../api.ts';
import type { Incident, IncidentFields, Outcome, SourceLink } from '../../incidentsApi.ts';

export interface ActState {
  act: string;
  victimCount: string;
  description: string;
}

export interface VictimState {
  sex: string;
  ageBand: string;
  count: string;
  nationality: string;
  nationalitySourceId: string;
}

export interface AttributeState {
  attribute: string;
  value: string;
  sourceId: string;
  excerpt: string;
}

export interface PerpetratorState {
  type: string;
  count: string;
  description: string;
  attributes: AttributeState[];
}

export const OUTCOME_COUNTS = [
  ['arrests', 'arrestsOn', 'Arrests', 'Arrested on'],
  ['charges', 'chargedOn', 'People charged', 'Charged on'],
  ['convictions', 'convictedOn', 'Convictions', 'Convicted on'],
] as const;

export interface OutcomeState {
  reportedToPolice: '' | 'yes' | 'no';
  reportedOn: string;
  arrests: string;
  arrestsOn: string;
  charges: string;
  chargedOn: string;
  convictions: string;
  convictedOn: string;
  sentence: string;
  sentencedOn: string;
}

/** A source chosen for a new record, with the grade and excerpt of its link. */
export interface ChosenSource {
  sourceId: string;
  label: string;
  credibility: string;
  excerpt: string;
}

export interface FormState {
  title: string;
  narrative: string;
  language: string;
  countryCode: string;
  categories: string[];
  occurredStart: string;
  occurredEnd: string;
  datePrecision: string;
  admin1: string;
  placeName: string;
  latitude: string;
  longitude: string;
  geoPrecision: string;
  route: string;
  marking: string;
  tags: string;
  outcome: OutcomeState;
  acts: ActState[];
  victims: VictimState[];
  perpetrators: PerpetratorState[];
  /** Only on a new record: the sources to link when it is first saved. */
  sources: ChosenSource[];
}

const text = (v: string | number | null | undefined) => (v == null ? '' : String(v));

export const emptyAct = (): ActState => ({ act: '', victimCount: '', description: '' });
export const emptyVictim = (): VictimState => ({
  sex: 'unknown',
  ageBand: 'unknown',
  count: '',
  nationality: '',
  nationalitySourceId: '',
});
export const emptyAttribute = (): AttributeState => ({
  attribute: '',
  value: '',
  sourceId: '',
  excerpt: '',
});
export const emptyPerpetrator = (): PerpetratorState => ({
  type: 'unknown',
  count: '',
  description: '',
  attributes: [],
});

export function emptyState(): FormState {
  return fromIncident({});
}

export function fromIncident(i: Partial<Incident>): FormState {
  const o: Outcome = i.outcome ?? {};
  return {
    title: i.title ?? '',
    narrative: i.narrative ?? '',
    language: i.language ?? '',
    countryCode: i.countryCode ?? '',
    categories: i.categories ?? [],
    occurredStart: i.occurredStart ?? '',
    occurredEnd: i.occurredEnd && i.occurredEnd !== i.occurredStart ? i.occurredEnd : '',
    datePrecision: i.datePrecision ?? 'day',
    admin1: i.admin1 ?? '',
    placeName: i.placeName ?? '',
    latitude: text(i.latitude),
    longitude: text(i.longitude),
    geoPrecision: text(i.geoPrecision),
    route: i.route ?? '',
    marking: i.marking ?? 'sbu',
    tags: (i.tags ?? []).join(', '),
    outcome: {
      reportedToPolice:
        o.reportedToPolice === true ? 'yes' : o.reportedToPolice === false ? 'no' : '',
      reportedOn: text(o.reportedOn),
      arrests: text(o.arrests),
      arrestsOn: text(o.arrestsOn),
      charges: text(o.charges),
      chargedOn: text(o.chargedOn),
      convictions: text(o.convictions),
      convictedOn: text(o.convictedOn),
      sentence: text(o.sentence),
      sentencedOn: text(o.sentencedOn),
    },
    acts: (i.acts ?? []).map((a) => ({
      act: a.act,
      victimCount: text(a.victimCount),
      description: text(a.description),
    })),
    victims: (i.victims ?? []).map((v) => ({
      sex: v.sex,
      ageBand: v.ageBand,
      count: text(v.count),
      nationality: text(v.nationality),
      nationalitySourceId: text(v.nationalitySourceId),
    })),
    perpetrators: (i.perpetrators ?? []).map((p) => ({
      type: p.type,
      count: text(p.count),
      description: text(p.description),
      attributes: p.attributes.map((a) => ({
        attribute: a.attribute,
        value: a.value,
        sourceId: a.sourceId,
        excerpt: text(a.excerpt),
      })),
    })),
    sources: [],
  };
}

type FieldErrors = { field: string; message: string }[];

/** The API fields for the state, or the fields at fault. */
export function toFields(s: FormState): {
  fields: IncidentFields & { sources: SourceLink[] };
  errors: FieldErrors;
} {
  const errors: FieldErrors = [];
  const number = (field: string, value: string, { integer = true } = {}): number | null => {
    const v = value.trim();
    if (!v) return null;
    const n = Number(v.replace(',', integer ? '' : '.'));
    if (!Number.isFinite(n) || (integer && (!Number.isInteger(n) || n < 0))) {
      errors.push({
        field,
        message: integer ? 'enter a whole number, 0 or more' : 'enter a number, e.g. 50.95',
      });
      return null;
    }
    return n;
  };
  const orNull = (v: string) => v.trim() || null;
  const o = s.outcome;
  const outcome: Outcome = {
    reportedToPolice: o.reportedToPolice === '' ? null : o.reportedToPolice === 'yes',
    reportedOn: orNull(o.reportedOn),
    arrests: number('outcome.arrests', o.arrests),
    arrestsOn: orNull(o.arrestsOn),
    charges: number('outcome.charges', o.charges),
    chargedOn: orNull(o.chargedOn),
    convictions: number('outcome.convictions', o.convictions),
    convictedOn: orNull(o.convictedOn),
    sentence: orNull(o.sentence),
    sentencedOn: orNull(o.sentencedOn),
  };
  const fields = {
    title: s.title.trim(),
    narrative: s.narrative.trim(),
    language: orNull(s.language),
    ...(s.countryCode ? { countryCode: s.countryCode } : {}),
    categories: s.categories,
    occurredStart: s.occurredStart,
    ...(s.occurredEnd ? { occurredEnd: s.occurredEnd } : {}),
    datePrecision: s.datePrecision,
    admin1: orNull(s.admin1),
    placeName: orNull(s.placeName),
    latitude: number('latitude', s.latitude, { integer: false }),
    longitude: number('longitude', s.longitude, { integer: false }),
    geoPrecision: s.geoPrecision ? Number(s.geoPrecision) : null,
    route: s.route || null,
    marking: s.marking,
    tags: [
      ...new Set(
        s.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean),
      ),
    ],
    outcome,
    acts: s.acts.map((a, i) => ({
      act: a.act.trim(),
      victimCount: number(`acts.${i}.victimCount`, a.victimCount),
      description: orNull(a.description),
    })),
    victims: s.victims.map((v, i) => ({
      sex: v.sex,
      ageBand: v.ageBand,
      count: number(`victims.${i}.count`, v.count) ?? 0,
      nationality: orNull(v.nationality)?.toUpperCase() ?? null,
      nationalitySourceId: v.nationalitySourceId || null,
    })),
    perpetrators: s.perpetrators.map((p, i) => ({
      type: p.type,
      count: number(`perpetrators.${i}.count`, p.count),
      description: orNull(p.description),
      attributes: p.attributes.map((a) => ({
        attribute: a.attribute.trim(),
        value: a.value.trim(),
        sourceId: a.sourceId,
        excerpt: orNull(a.excerpt),
      })),
    })),
    sources: s.sources.map((c) => ({
      sourceId: c.sourceId,
      credibility: Number(c.credibility),
      excerpt: orNull(c.excerpt),
    })),
  };
  s.victims.forEach((v, i) => {
    if (!v.count.trim())
      errors.push({ field: `victims.${i}.count`, message: 'give the number of victims' });
    if (v.nationality && !v.nationalitySourceId)
      errors.push({
        field: `victims.${i}.nationalitySourceId`,
        message: 'a nationality must cite the source that states it',
      });
  });
  s.perpetrators.forEach((p, i) =>
    p.attributes.forEach((a, j) => {
      const base = `perpetrators.${i}.attributes.${j}`;
      if (!a.attribute.trim())
        errors.push({ field: `${base}.attribute`, message: 'name the attribute' });
      if (!a.value.trim())
        errors.push({ field: `${base}.value`, message: 'give the value the source states' });
      if (!a.sourceId)
        errors.push({ field: `${base}.sourceId`, message: 'cite the source that states it' });
    }),
  );
  s.acts.forEach((a, i) => {
    if (!a.act.trim()) errors.push({ field: `acts.${i}.act`, message: 'say what was done' });
  });
  return { fields, errors };
}

/** The local errors as a problem, shown like the server's. */
export function localProblem(errors: FieldErrors): Problem {
  return { type: 'about:blank', title: 'Check the marked fields', status: 400, errors };
}

/** Whether the user has typed anything worth keeping in a new form. */
export function hasContent(s: FormState): boolean {
  const blank = emptyState();
  return (
    JSON.stringify({ ...s, datePrecision: '', marking: '' }) !==
    JSON.stringify({ ...blank, datePrecision: '', marking: '' })
  );
}
