// Numbers with what they count: "34 migrants", "dozens of people", "zwölf Tote", "1 200
// personas". The noun must follow within two words; vague amounts ("dozens of") are kept as
// approximate with the least they can mean, so no figure is inflated.
import { LEXICONS, termPattern } from './lexicon.ts';
import type { CountValue, Found, Language } from './types.ts';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const cache = new Map<Language, RegExp>();

function pattern(language: Language): RegExp {
  let re = cache.get(language);
  if (!re) {
    const lex = LEXICONS[language];
    const words = [...Object.keys(lex.vague), ...Object.keys(lex.numberWords)]
      .sort((a, b) => b.length - a.length)
      .map((w) => escape(w).replace(/ /g, '\\s+'));
    const nouns = Object.values(lex.countNouns)
      .flat()
      .sort((a, b) => b.length - a.length)
      .map(termPattern);
    // Digits with thousands separators (1,200 / 1.200 / 1 200), or a number word.
    const amount = `(?<digits>\\d{1,3}(?:[ ,.\u00a0\u202f]\\d{3})+|\\d+)|(?<word>${words.join('|')})`;
    const filler = `(?:[\\p{L}'’-]+\\s+){0,2}?`;
    re = new RegExp(
      `(?<![\\p{L}\\p{N}.,])(?:more than |over |at least |mehr als |plus de |más de |över |ponad )?(?:${amount})\\s+${filler}(?<noun>${nouns.join('|')})(?![\\p{L}])`,
      'giu',
    );
    cache.set(language, re);
  }
  re.lastIndex = 0;
  return re;
}

function roleOf(language: Language, noun: string): CountValue['role'] {
  const lower = noun.toLowerCase();
  for (const [role, nouns] of Object.entries(LEXICONS[language].countNouns)) {
    if (nouns.some((n) => new RegExp(`^${termPattern(n)}$`, 'iu').test(lower)))
      return role as CountValue['role'];
  }
  return 'persons';
}

function roleAfter(after: string, language: Language): CountValue['role'] | null {
  // Within the same clause only: "dozens of people; three suspects" are two counts.
  const words = (after.split(/[;,.:!?]/)[0] ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 4)
    .join(' ')
    .toLowerCase();
  for (const role of ['dead', 'missing', 'injured', 'arrested'] as const) {
    const nouns = LEXICONS[language].countNouns[role] ?? [];
    if (
      nouns.some((n) => new RegExp(`(?<![\\p{L}])${termPattern(n)}(?![\\p{L}])`, 'iu').test(words))
    )
      return role;
  }
  return null;
}

export function findCounts(text: string, language: Language): Found<CountValue>[] {
  const lex = LEXICONS[language];
  const out: Found<CountValue>[] = [];
  for (const m of text.matchAll(pattern(language))) {
    const g = m.groups!;
    let count: number;
    let approximate = /^(more than|over|at least|mehr als|plus de|más de|över|ponad)/i.test(m[0]);
    if (g.digits) {
      // A four-digit number standing alone is a year, not a count ("in 2023 migrants …").
      if (/^(19|20)\d\d$/.test(g.digits)) continue;
      count = Number(g.digits.replace(/[ ,.\u00a0\u202f]/g, ''));
    } else {
      const w = g.word!.toLowerCase().replace(/\s+/g, ' ');
      if (w in lex.vague) {
        count = lex.vague[w]!;
        approximate = true;
      } else count = lex.numberWords[w] ?? NaN;
    }
    if (!Number.isFinite(count) || count > 10_000_000) continue;
    let role = roleOf(language, g.noun!);
    // "12 people were arrested", "30 migrants drowned": the verb after the noun says more.
    if (role === 'persons')
      role =
        roleAfter(text.slice(m.index + m[0].length, m.index + m[0].length + 40), language) ?? role;
    out.push({
      value: { count, approximate, noun: g.noun!, role },
      span: { start: m.index, end: m.index + m[0].length },
      confidence: g.digits ? 0.85 : approximate ? 0.5 : 0.7,
      rule: g.digits ? 'count:digits' : approximate ? 'count:vague' : 'count:words',
    });
  }
  return out;
}
