// Language detection with franc (trigram profiles of 187 languages, offline). Extraction runs
// for the languages we have lexicons for; anything else is reported as unsupported rather than
// guessed, because a wrong lexicon proposes wrong records.
import { francAll } from 'franc';
import { SUPPORTED_LANGUAGES, type Language } from './types.ts';

const ISO3_TO_1: Record<string, Language> = {
  eng: 'en',
  deu: 'de',
  fra: 'fr',
  spa: 'es',
  swe: 'sv',
  pol: 'pl',
};

export interface DetectedLanguage {
  /** ISO 639-1 code when supported, otherwise null. */
  language: Language | null;
  /** What franc saw (ISO 639-3, `und` when the text is too short to tell). */
  detected: string;
  confidence: number;
}

/**
 * The languages franc chooses among: ours and the widely written languages a post may receive
 * text in. Restricting the set keeps franc from answering with a close minority relative
 * (Scots for English news) on short texts.
 */
const CANDIDATES = [
  ...Object.keys(ISO3_TO_1),
  'por',
  'ita',
  'nld',
  'dan',
  'nob',
  'fin',
  'est',
  'lit',
  'lav',
  'ces',
  'slk',
  'slv',
  'hrv',
  'srp',
  'bos',
  'hun',
  'ron',
  'bul',
  'ell',
  'rus',
  'ukr',
  'bel',
  'tur',
  'arb',
  'pes',
  'urd',
  'hin',
  'ben',
  'swh',
  'hau',
  'som',
  'amh',
  'tir',
  'ind',
  'vie',
  'tgl',
  'cmn',
  'jpn',
  'kor',
];

/** Too little text to tell a language from: franc needs a few dozen letters. */
const MIN_LETTERS = 20;

export function detectLanguage(text: string): DetectedLanguage {
  const letters = text.replace(/[^\p{L}]/gu, '').length;
  if (letters < MIN_LETTERS) return { language: null, detected: 'und', confidence: 0 };
  const ranked = francAll(text.slice(0, 20_000), { minLength: 10, only: CANDIDATES });
  const [top] = ranked;
  if (!top || top[0] === 'und') return { language: null, detected: 'und', confidence: 0 };
  const direct = ISO3_TO_1[top[0]];
  if (direct) return { language: direct, detected: top[0], confidence: top[1] };
  return { language: null, detected: top[0], confidence: top[1] };
}

export function isSupportedLanguage(code: string | null | undefined): code is Language {
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(code ?? '');
}
