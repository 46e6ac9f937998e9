// Organisations and officials named in the text. Organisations: a list of bodies that report
// on migration (IOM, UNHCR, Frontex …), names ending in a type word ("Hellenic Coast Guard",
// "Bundespolizei"), and names opened by one ("Ministry of the Interior"). Officials: a title
// followed by a capitalised name ("Interior Minister Jane Doe", "le préfet Jean Dupont").
import { LEXICONS, termPattern } from './lexicon.ts';
import type { ActorValue, Found, Language } from './types.ts';

const KNOWN_ORGANISATIONS = [
  'IOM',
  'International Organization for Migration',
  'UNHCR',
  'UNICEF',
  'UNODC',
  'OHCHR',
  'ILO',
  'Frontex',
  'Europol',
  'Interpol',
  'Eurojust',
  'European Commission',
  'European Union',
  'OSCE',
  'ODIHR',
  'Council of Europe',
  'GRETA',
  'United Nations',
  'Amnesty International',
  'Human Rights Watch',
  'Red Cross',
  'Red Crescent',
  'ICRC',
  'Médecins Sans Frontières',
  'MSF',
  'Doctors Without Borders',
  'Save the Children',
  'Sea-Watch',
  'SOS Méditerranée',
  'Caritas',
  'La Strada',
  'Border Violence Monitoring Network',
  'Missing Migrants Project',
  'Guardia Civil',
  'Salvamento Marítimo',
  'Bundespolizei',
  'Migrationsverket',
  'Straż Graniczna',
  'Straży Granicznej',
  'Carabinieri',
  'Guardia di Finanza',
  'Gendarmerie',
  'Border Force',
  'National Crime Agency',
  'Customs and Border Protection',
  'Department of State',
  'State Department',
  'Federal Police',
  'Policía Nacional',
  'Instituto Nacional de Migración',
  'Polizei',
  'Polisen',
  'Policja',
];

/** Small words that may join the capitalised words of a name ("of the", "und", "de la", "i"). */
const JOINERS =
  '(?:of|for|the|and|und|für|der|des|de|du|la|le|les|et|del|el|los|las|y|och|för|i|do|ds\\.)';

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function regexes(language: Language) {
  const lex = LEXICONS[language];
  const known = new RegExp(
    `(?<![\\p{L}])(?:${KNOWN_ORGANISATIONS.map(escape)
      .sort((a, b) => b.length - a.length)
      .join('|')})(?![\\p{L}])`,
    'gu',
  );
  const suffixed = lex.orgSuffixes.length
    ? new RegExp(
        `(?<![\\p{L}])(?:\\p{Lu}[\\p{L}'’-]*\\s+){1,4}(?:${lex.orgSuffixes.map(escape).join('|')})(?![\\p{L}])`,
        'gu',
      )
    : null;
  // After the opening words ("Ministry of"), only capitalised words, joined by small words:
  // "Ministry of the Interior", "Ministerstwo Spraw Wewnętrznych i Administracji", "ministère
  // de l'Intérieur" — and not "Ministry of Migration on Tuesday about".
  const capital = "(?:[lLdD]['’])?\\p{Lu}[\\p{L}'’-]*";
  const prefixed = lex.orgPrefixes.length
    ? new RegExp(
        `(?<![\\p{L}])(?:${[...lex.orgPrefixes]
          .sort((a, b) => b.length - a.length)
          .map(escape)
          .join('|')})(?:\\s+(?:${JOINERS}\\s+){0,2}${capital}){0,5}`,
        'gu',
      )
    : null;
  // Titles in lower case or capitalised ("Interior Minister", "the minister"); names need capitals,
  // so the pattern is case-sensitive.
  const titles = lex.titles
    .flatMap((t) => [t, t[0]!.toUpperCase() + t.slice(1)])
    .map(termPattern)
    .sort((a, b) => b.length - a.length);
  const official = new RegExp(
    `(?<![\\p{L}])(?:(?:\\p{Lu}[\\p{L}-]*\\s+)?(?:${titles.join('|')}))(?:\\s+(?:of|for|de|du|des|del|für)\\s+(?:the\\s+)?[\\p{L}-]+)?,?\\s+(?<name>\\p{Lu}[\\p{Ll}'’-]+(?:\\s+\\p{Lu}[\\p{Ll}'’-]+){1,3})`,
    'gu',
  );
  return { known, suffixed, prefixed, official };
}

const cache = new Map<Language, ReturnType<typeof regexes>>();

export function findActors(text: string, language: Language): Found<ActorValue>[] {
  let re = cache.get(language);
  if (!re) cache.set(language, (re = regexes(language)));
  const out: Found<ActorValue>[] = [];
  const taken: { start: number; end: number }[] = [];
  const push = (
    start: number,
    end: number,
    kind: ActorValue['kind'],
    confidence: number,
    rule: string,
  ) => {
    if (taken.some((t) => start < t.end && t.start < end)) return;
    taken.push({ start, end });
    out.push({
      value: { name: text.slice(start, end).trim(), kind },
      span: { start, end },
      confidence,
      rule,
    });
  };
  for (const m of text.matchAll(re.official)) {
    // The name must start with a capital even though the title is matched in any case.
    const name = m.groups!.name!;
    if (!/^\p{Lu}/u.test(name)) continue;
    const lead = /^(?:The|Der|Die|Le|La|El|Los|Las)\s+/u.exec(m[0])?.[0].length ?? 0;
    push(m.index + lead, m.index + m[0].length, 'official', 0.7, 'actor:title+name');
  }
  for (const m of text.matchAll(re.known))
    push(m.index, m.index + m[0].length, 'organisation', 0.85, 'actor:known');
  for (const r of [re.prefixed, re.suffixed]) {
    if (!r) continue;
    r.lastIndex = 0;
    for (const m of text.matchAll(r)) {
      const lead = /^(?:The|Der|Die|Le|La|El|Los|Las)\s+/u.exec(m[0])?.[0].length ?? 0;
      // A name does not end in a joining word ("Ministry of" alone is "Ministry").
      const name = m[0]
        .trimEnd()
        .replace(/(?:\s+(?:of|for|the|and|und|für|de|des|du|del|der|la|et|y|i|och))+$/u, '');
      push(m.index + lead, m.index + name.length, 'organisation', 0.6, 'actor:pattern');
    }
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
