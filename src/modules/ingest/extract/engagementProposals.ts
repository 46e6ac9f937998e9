// Candidate engagements: one per sentence in which a government conveys concerns to another
// ("The ambassador conveyed concerns to the Ministry of Migration on Tuesday about pushbacks").
// Each proposal carries the fields an engagement record needs (src/modules/engagements), so an
// accepted proposal becomes a draft engagement without retyping: the host country, the date,
// the kind, the counterpart office and level, the topics and what was conveyed.
import { ISO_COUNTRIES } from '../../../domain/isoCountries.ts';
import {
  bodyOf,
  field,
  firstCode,
  longestCode,
  notFound,
  within,
  type DocumentFacts,
  type Proposal,
  type ProposedField,
} from './fields.ts';
import { findTerms, LEXICONS } from './lexicon.ts';
import type { Extraction, Found, Span } from './types.ts';

/**
 * The extraction's policy topics as engagement topics (domain/vocabularies.ts POLICY_TOPICS;
 * incident categories are engagement topics as they are). Topics without a counterpart there
 * (detention, labour migration, search and rescue, hate-crime law, child protection) are not
 * proposed: the reviewer adds the nearest one.
 */
const ENGAGEMENT_TOPIC_OF: Record<string, string> = {
  asylum: 'asylum_procedure',
  border_management: 'border_management',
  returns: 'returns',
  victim_protection: 'victim_protection',
  anti_trafficking_law: 'trafficking',
};

const countryName = new Map(ISO_COUNTRIES.map((c) => [c.cca2, c.name.common]));
const EMBASSY = /embass|botschaft|ambassad|embajad|ambasad/iu;

/**
 * Whether a place qualifies a word directly: "German ambassador", "Sveriges ambassadör",
 * "ambassadeur de France", "Botschafter in Ankara" — nothing between them but a small word.
 */
const SMALL =
  /^[\s,]*(?:(?:in|of|from|to|at|de|du|des|d'|en|à|au|aux|del|da|i|w|z|från|för|bei|aus)\s*)?$/iu;
function beside(text: string, a: Span, b: Span) {
  const between = a.end <= b.start ? text.slice(a.end, b.start) : text.slice(b.end, a.start);
  return (a.end <= b.start || b.end <= a.start) && between.length <= 12 && SMALL.test(between);
}

/** Whether two spans are at most `gap` characters apart (touching or overlapping included). */
const near = (a: Span, b: Span, gap: number) =>
  a.end <= b.start ? b.start - a.end <= gap : b.end <= a.start ? a.start - b.end <= gap : true;

function topicsIn(x: Extraction, range: Span | null): Found<string>[] {
  const inRange = (f: Found<string>) => range === null || within(f.span, range);
  return [
    ...x.categories.filter(inRange),
    ...x.topics
      .filter(inRange)
      .flatMap((t) =>
        ENGAGEMENT_TOPIC_OF[t.value] ? [{ ...t, value: ENGAGEMENT_TOPIC_OF[t.value]! }] : [],
      ),
  ].sort((a, b) => a.span.start - b.span.start);
}

function proposeOne(facts: DocumentFacts, x: Extraction, sentence: Found<string>): Proposal {
  const text = facts.text;
  const lex = LEXICONS[x.language];
  const body = bodyOf(text, sentence.span);
  const phrase = findTerms(text.slice(body.start, body.end), lex.engagement)[0];
  // The addressed government: a place beside a government word or office ("the Greek Ministry",
  // "Ministerio del Interior de Marruecos"), better after the phrase ("… conveyed concerns to");
  // not one beside our own side ("the German ambassador"), nor what the concerns are about
  // ("the border with Belarus", "migrants from Syria").
  const split = phrase ? body.start + phrase.end : body.start;
  const after: Span = { start: split, end: body.end };
  const absolute = (terms: readonly string[]) =>
    findTerms(text.slice(body.start, body.end), terms).map((h) => ({
      start: body.start + h.start,
      end: body.start + h.end,
    }));
  const offices = x.actors.filter(
    (a) => a.value.kind === 'organisation' && within(a.span, body) && !EMBASSY.test(a.value.name),
  );
  const governmentWords = absolute(lex.government);
  // Beside a host official's title counts too ("Morocco's Interior Minister").
  const titles = absolute(Object.values(lex.counterpartLevels).flat());
  const government = [...governmentWords, ...titles, ...offices.map((o) => o.span)];
  const own = absolute(lex.ownSide);
  const subject = absolute(lex.subjectCues);
  const score = (p: Found<{ countryCode: string }>) => {
    if (own.some((o) => beside(text, p.span, o))) return -1;
    let n = p.span.start >= split ? 1 : 0;
    if (government.some((g) => within(p.span, g) || near(p.span, g, 25))) n += 2;
    if (subject.some((c) => p.span.start >= c.end && p.span.start - c.end <= 5)) n -= 2;
    return n;
  };
  // Demonyms count here: "the Greek government" is the government of Greece. A place with
  // nothing for or against it is taken, less surely, when there is nothing better.
  const places = x.places
    .filter((p) => within(p.span, body))
    .map((p) => ({ place: p, score: score(p) }))
    .filter((p) => p.score >= 0)
    .sort((a, b) => b.score - a.score || a.place.span.start - b.place.span.start);
  const addressed = places[0]
    ? places[0].score > 0
      ? places[0].place
      : { ...places[0].place, confidence: places[0].place.confidence * 0.6 }
    : undefined;

  const fields: ProposedField[] = [];
  if (facts.postCode)
    fields.push({
      field: 'post',
      value: facts.postCode,
      span: null,
      confidence: 1,
      rule: 'document-post',
    });
  fields.push(
    addressed
      ? field('countryCode', addressed, addressed.value.countryCode)
      : notFound('countryCode'),
  );

  const when =
    x.dates.find((d) => within(d.span, body)) ??
    x.dates.find((d) => !x.publicationDate || d.value.start <= x.publicationDate.value);
  if (when) fields.push(field('occurredOn', when, when.value.start));
  else if (x.publicationDate)
    fields.push(
      field('occurredOn', { ...x.publicationDate, confidence: 0.3, rule: 'publication-date' }),
    );
  else fields.push(notFound('occurredOn'));

  const kind = longestCode(text, lex.engagementKinds, body);
  fields.push(
    kind
      ? { field: 'kind', value: kind.code, span: kind.span, confidence: 0.7, rule: 'lexicon:kind' }
      : // Conveying concerns to a government is what a démarche is, unless the text says more.
        {
          field: 'kind',
          value: 'demarche',
          span: phrase ? { start: body.start + phrase.start, end: split } : null,
          confidence: 0.4,
          rule: 'default:conveyed-concerns',
        },
  );

  // The office: a named one after the phrase, else one in the sentence, else a government word
  // that names an office ("Innenministerium"), else the government of the country addressed.
  const office = offices.find((o) => within(o.span, after)) ?? offices[0];
  const host = addressed?.value.countryCode;
  const generic = new Set(
    lex.government.filter((t) => !t.includes('*')).map((t) => t.toLowerCase()),
  );
  const named = governmentWords.find((g) => !generic.has(text.slice(g.start, g.end).toLowerCase()));
  if (office) fields.push(field('counterpartOffice', office, office.value.name));
  else if (named) {
    const word = text.slice(named.start, named.end);
    fields.push({
      field: 'counterpartOffice',
      value: word[0]!.toUpperCase() + word.slice(1),
      span: named,
      confidence: 0.45,
      rule: 'lexicon:government',
    });
  } else if (host && countryName.has(host))
    fields.push({
      field: 'counterpartOffice',
      value: `Government of ${countryName.get(host)}`,
      span: addressed.span,
      confidence: 0.3,
      rule: 'default:government',
    });
  else fields.push(notFound('counterpartOffice'));

  // The most senior title named on the addressed side, else in the sentence; the lists run
  // from head of government down to working level.
  const level =
    firstCode(text, lex.counterpartLevels, after) ?? firstCode(text, lex.counterpartLevels, body);
  fields.push(
    level
      ? {
          field: 'counterpartLevel',
          value: level.code,
          span: level.span,
          confidence: 0.6,
          rule: 'lexicon:level',
        }
      : {
          field: 'counterpartLevel',
          value: 'senior_official',
          span: null,
          confidence: 0.3,
          rule: 'default',
        },
  );

  const inSentence = topicsIn(x, body);
  const topics = inSentence.length ? inSentence : topicsIn(x, null);
  if (topics.length)
    fields.push(
      field(
        'topics',
        { ...topics[0]!, confidence: inSentence.length ? topics[0]!.confidence : 0.4 },
        [...new Set(topics.map((t) => t.value))],
      ),
    );
  else fields.push(notFound('topics'));

  fields.push(
    field(
      'concernsRaised',
      { ...sentence, span: body, value: text.slice(body.start, body.end) },
      text.slice(body.start, body.end),
    ),
  );
  return { kind: 'engagement', fields };
}

export function proposeEngagements(facts: DocumentFacts, x: Extraction): Proposal[] {
  // A headline that names the engagement ("Ambassador raises pushbacks with Athens") repeats
  // the sentence that tells it: it is proposed only when nothing else is.
  const headline = /\S[^\n]*/u.exec(facts.text);
  const isHeadline = (e: Found<string>) =>
    headline !== null && e.span.start === headline.index && facts.text.includes('\n');
  const told = x.engagements.filter((e) => !isHeadline(e));
  return (told.length ? told : x.engagements).map((e) => proposeOne(facts, x, e));
}
