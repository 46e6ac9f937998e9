// Justice-outcome vocabularies, shared with the server's domain rules (pure module, no I/O).
export {
  COURT_LEVELS,
  ICCS_OFFENCE_CLASSES,
  JUSTICE_OUTCOMES,
  SENTENCE_TYPES,
  SENTENCING_CONFOUNDERS,
} from '../../../../src/domain/justice.ts';

/** "0204 Trafficking in persons": ICCS codes are shown with their labels. */
export const offenceLabel = (list: readonly { code: string; label: string }[], code: string) => {
  const term = list.find((t) => t.code === code);
  return term ? `${term.code} ${term.label}` : code;
};
