// Quoted statements and who said them. Quotation marks of the six languages (“…”, "…", «…»,
// „…“, ”…”, »…«); the speaker is the name or title next to a speech verb just before or after
// the quote ('… ," said Jane Doe', 'Minister X said: "…"', '…, selon le ministre').
import { LEXICONS, termsRegex } from './lexicon.ts';
import type { Found, Language, QuoteValue } from './types.ts';

const QUOTE =
  /(?:“([^”“]{8,1500})”|„([^“”„]{8,1500})[“”]|«\s?([^»«]{8,1500})\s?»|»([^«»]{8,1500})«|"([^"]{8,1500})"|”([^”]{8,1500})”)/gu;
/** A name: up to five capitalised words, allowing particles (von, de, al-). */
const NAME =
  "(?:\\p{Lu}[\\p{L}'’-]+)(?:\\s+(?:(?:von|van|de|del|la|al|bin|der|da|dos)\\s+)?\\p{Lu}[\\p{L}'’-]+){0,4}";

function speakerAround(
  text: string,
  start: number,
  end: number,
  language: Language,
): { name: string } | null {
  const verbs = LEXICONS[language].speechVerbs;
  const verbRe = termsRegex(verbs).source;
  const after = text.slice(end, end + 160);
  const before = text.slice(Math.max(0, start - 160), start);
  // ', said Jane Doe' / ', Jane Doe said' / ', the minister said'
  const afterRe = new RegExp(
    `^[\\s,.;:–—-]*(?:${verbRe})\\s+(?<a>(?:the\\s+|le\\s+|la\\s+|el\\s+|der\\s+|die\\s+)?(?:[\\p{Ll}-]+\\s+){0,3}?${NAME})|^[\\s,.;:–—-]*(?<b>${NAME})(?:,[^,]{1,80},)?\\s+(?:${verbRe})`,
    'u',
  );
  const a = afterRe.exec(after);
  if (a) return { name: (a.groups!.a ?? a.groups!.b)!.trim() };
  // 'Jane Doe said: "…"'
  const beforeRe = new RegExp(`(?<n>${NAME})(?:,[^,]{1,80},)?\\s+(?:${verbRe})\\s*[:,]?\\s*$`, 'u');
  const b = beforeRe.exec(before);
  if (b) return { name: b.groups!.n!.trim() };
  return null;
}

export function findQuotes(text: string, language: Language): Found<QuoteValue>[] {
  const out: Found<QuoteValue>[] = [];
  for (const m of text.matchAll(QUOTE)) {
    const statement = (m.slice(1).find((g) => g !== undefined) ?? '').trim();
    if (statement.split(/\s+/).length < 3) continue; // a quoted term, not a statement
    const span = { start: m.index, end: m.index + m[0].length };
    const speaker = speakerAround(text, span.start, span.end, language);
    out.push({
      value: { statement, speaker: speaker?.name ?? null },
      span,
      confidence: speaker ? 0.8 : 0.5,
      rule: speaker ? 'quote:speaker' : 'quote:unattributed',
    });
  }
  return out;
}
