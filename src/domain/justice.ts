// What a justice outcome is made of and the rules it must meet, as pure functions: offence
// classes from the UNODC International Classification of Crime for Statistical Purposes (ICCS)
// level 1 (plus 0204 trafficking in persons, which the migration work needs on its own), court
// levels, outcomes and sentence types (DATA-STANDARDS.md, "Justice outcomes"), and the
// confounders a comparison of sentences cannot control for.
import type { FieldError } from './errors.ts';
import { MARKINGS, type Term } from './vocabularies.ts';

const terms = <const T extends readonly Term[]>(list: T) => list;

/** ICCS level-1 sections (codes stable once used); 0204 is a level-2 class inside 02. */
export const ICCS_OFFENCE_CLASSES = terms([
  { code: '01', label: 'Acts leading to death or intending to cause death' },
  { code: '02', label: 'Acts leading to harm or intending to cause harm to the person' },
  { code: '0204', label: 'Trafficking in persons', note: 'ICCS 0204, within section 02' },
  { code: '03', label: 'Injurious acts of a sexual nature' },
  { code: '04', label: 'Acts against property involving violence or threat against a person' },
  { code: '05', label: 'Acts against property only' },
  { code: '06', label: 'Acts involving controlled drugs or other psychoactive substances' },
  { code: '07', label: 'Acts involving fraud, deception or corruption' },
  { code: '08', label: 'Acts against public order, authority and provisions of the State' },
  { code: '09', label: 'Acts against public safety and state security' },
  { code: '10', label: 'Acts against the natural environment' },
  { code: '11', label: 'Other criminal acts not elsewhere classified' },
]);

export const COURT_LEVELS = terms([
  { code: 'first_instance', label: 'First instance (trial court)' },
  { code: 'appeal', label: 'Appeal court' },
  { code: 'supreme', label: 'Supreme or cassation court' },
  { code: 'other', label: 'Other' },
]);

export const JUSTICE_OUTCOMES = terms([
  { code: 'conviction', label: 'Conviction' },
  { code: 'acquittal', label: 'Acquittal' },
]);

export const SENTENCE_TYPES = terms([
  { code: 'custodial', label: 'Custodial (prison)' },
  { code: 'suspended', label: 'Suspended custodial' },
  { code: 'fine', label: 'Fine' },
  { code: 'community', label: 'Community sentence' },
  { code: 'other', label: 'Other' },
]);

/**
 * What the comparison cannot see and so cannot hold equal between the two groups. Printed with
 * every comparison: a difference in medians may come from any of these, not from the group.
 */
export const SENTENCING_CONFOUNDERS: readonly string[] = [
  'Prior criminal record of the defendants',
  'Plea (guilty plea discounts, plea agreements)',
  'Severity of the offence within its class (harm caused, number of victims, amounts, duration)',
  'The role of the defendant (organiser, participant, accessory)',
  'Judge, court and local sentencing practice',
  'Legal representation (private counsel, legal aid, none)',
  'Pre-trial detention already served and credited',
  'Age, health and personal circumstances of the defendant',
  'Charges combined in the same judgment (concurrent or consecutive sentences)',
  'Which decisions the cited sources chose to report (selection of cases)',
];

const has = (list: readonly Term[], code: string) => list.some((t) => t.code === code);

export interface JusticeOutcomeFacts {
  decidedOn?: string | undefined;
  offenceClass?: string | undefined;
  courtLevel?: string | undefined;
  outcome?: string | undefined;
  sentenceType?: string | null | undefined;
  sentenceMonths?: number | null | undefined;
  marking?: string | undefined;
}

/**
 * Errors in a justice outcome's facts, each naming its field. `facts` is the record as it will
 * be after the change (so an edit to the outcome alone is checked against the stored sentence).
 * `today` is the latest date anywhere on earth.
 */
export function justiceOutcomeErrors(facts: JusticeOutcomeFacts, today: string): FieldError[] {
  const errors: FieldError[] = [];
  if (facts.decidedOn && facts.decidedOn > today)
    errors.push({ field: 'decidedOn', message: 'the decision date is in the future' });
  if (facts.offenceClass !== undefined && !has(ICCS_OFFENCE_CLASSES, facts.offenceClass))
    errors.push({
      field: 'offenceClass',
      message: `unknown ICCS offence class "${facts.offenceClass}"`,
    });
  if (facts.courtLevel !== undefined && !has(COURT_LEVELS, facts.courtLevel))
    errors.push({ field: 'courtLevel', message: `unknown court level "${facts.courtLevel}"` });
  if (facts.marking !== undefined && !MARKINGS.some((m) => m.code === facts.marking))
    errors.push({ field: 'marking', message: `unknown marking "${facts.marking}"` });
  if (facts.outcome !== undefined && !has(JUSTICE_OUTCOMES, facts.outcome)) {
    errors.push({ field: 'outcome', message: `unknown outcome "${facts.outcome}"` });
    return errors;
  }
  const sentenced = facts.sentenceType != null || facts.sentenceMonths != null;
  if (facts.outcome === 'acquittal' && sentenced)
    errors.push({
      field: facts.sentenceType != null ? 'sentenceType' : 'sentenceMonths',
      message: 'an acquittal carries no sentence',
    });
  if (facts.outcome === 'conviction') {
    if (facts.sentenceType == null)
      errors.push({ field: 'sentenceType', message: 'a conviction needs its sentence type' });
    else if (!has(SENTENCE_TYPES, facts.sentenceType))
      errors.push({
        field: 'sentenceType',
        message: `unknown sentence type "${facts.sentenceType}"`,
      });
    else if (
      (facts.sentenceType === 'custodial' || facts.sentenceType === 'suspended') &&
      facts.sentenceMonths == null
    )
      errors.push({
        field: 'sentenceMonths',
        message: 'a custodial or suspended sentence needs its length in months',
      });
  }
  return errors;
}
