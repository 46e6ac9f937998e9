// Citation tokens: found wherever they sit, kept through edits, and figures without one flagged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  citationToken,
  citedRecords,
  parseCitations,
  segments,
  uncitedFigures,
} from './citations.ts';

const A = '0a9c3a52-5c1e-4d1f-9a59-1c5b8b0e0001';
const B = '0a9c3a52-5c1e-4d1f-9a59-1c5b8b0e0002';

describe('citation tokens', () => {
  it('are found with their records and positions', () => {
    const text = `Posts verified 7 incidents.${citationToken('incident', [A, B])} More text.`;
    const [c] = parseCitations(text);
    expect(c).toMatchObject({ type: 'incident', ids: [A, B] });
    expect(text.slice(c!.start, c!.end)).toBe(`[[cite:incident:${A},${B}]]`);
    expect([...citedRecords(text).get('incident')!]).toEqual([A, B]);
  });

  it('stay attached when text around them is edited', () => {
    const before = `Seven incidents were verified.${citationToken('incident', [A])}`;
    const after = `In 2025, seven incidents of trafficking were verified by posts.${citationToken('incident', [A])} A new sentence.`;
    expect(citedRecords(after)).toEqual(citedRecords(before));
  });

  it('cut text into runs that join back to the original, whatever the text', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string(), fc.constant(citationToken('source', [A])))),
        (parts) => {
          const text = parts.join('');
          expect(
            segments(text)
              .map((s) => s.text)
              .join(''),
          ).toBe(text);
        },
      ),
    );
  });

  it('ignore unknown record types', () => {
    expect(parseCitations('[[cite:person:123]]')).toEqual([]);
  });
});

describe('figures without citations', () => {
  it('flags a sentence with a count and no citation, and not one that cites', () => {
    const text = [
      `Posts verified 12 incidents of forced labour.${citationToken('incident', [A])} Police arrested 4 suspects.`,
      'In March 2025 the government adopted a new law.',
      '## 6. Discrimination',
    ].join('\n\n');
    const warnings = uncitedFigures(text);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ paragraph: 0, sentence: 'Police arrested 4 suspects.' });
  });

  it('does not take years or dates for figures', () => {
    expect(uncitedFigures('On 12 March 2025 the minister spoke.')).toEqual([]);
  });

  it('sees figures written out in words', () => {
    expect(uncitedFigures('Dozens of migrants were held.')).toHaveLength(1);
  });
});
