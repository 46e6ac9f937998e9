// A pluggable classifier: something that proposes incident categories for a text. The
// deterministic lexicon classifier is the default and always works offline; a machine-learned
// model can be registered under another name (e.g. at start-up) and chosen by name, and its
// suggestions are proposals like any other (span, confidence, a person decides).
import { findCodes, LEXICONS } from './lexicon.ts';
import type { Found, Language } from './types.ts';

export interface CategoryClassifier {
  readonly name: string;
  classify(text: string, language: Language): Promise<Found<string>[]> | Found<string>[];
}

export const lexiconClassifier: CategoryClassifier = {
  name: 'lexicon',
  classify: (text, language) =>
    findCodes(text, LEXICONS[language].categories, `lexicon:${language}`),
};

const registry = new Map<string, CategoryClassifier>([[lexiconClassifier.name, lexiconClassifier]]);

export function registerClassifier(classifier: CategoryClassifier): void {
  registry.set(classifier.name, classifier);
}

/** The named classifier, or the lexicon classifier when none is named or known. */
export function classifier(name?: string | null): CategoryClassifier {
  return (name && registry.get(name)) || lexiconClassifier;
}

export const classifierNames = () => [...registry.keys()];
