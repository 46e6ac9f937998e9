// Property-based tests (fast-check) of the pure parsers behind the importers: statistical
// values and periods, and the directive Markdown sanitiser. For any input they never throw;
// they either refuse with a reason or give a well-formed result.
import fc from 'fast-check';
// The HTML tokenizer sanitize-html itself is built on.
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/modules/directives/markdown.ts';
import { parsePeriod, parseValue, type ValueParsing } from '../../src/modules/statistics/rows.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const validDate = (s: string) =>
  ISO_DATE.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

const parsing = fc.record<ValueParsing>({
  thousandsSeparator: fc.constantFrom('', ',', '.', ' ', "'"),
  decimalSeparator: fc.constantFrom('.', ','),
  missing: fc.constantFrom([], [':'], ['..', '-', 'x']),
  inlineFlags: fc.boolean(),
});

describe('statistics value parsing', () => {
  it('never throws; a value it accepts is a finite decimal PostgreSQL reads', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), parsing, (raw, p) => {
        const out = parseValue(raw, p);
        if (!out.ok) {
          expect(out.reason).toContain(raw);
          return;
        }
        if (out.value === null) return;
        expect(out.value).toMatch(/^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/);
        expect(Number.isFinite(Number(out.value))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads back every integer written with the mapping’s thousands separator', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), parsing, (n, p) => {
        fc.pre(p.thousandsSeparator !== p.decimalSeparator && !p.missing.includes(String(n)));
        const sep = p.thousandsSeparator;
        const text = Math.abs(n)
          .toString()
          .replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        const out = parseValue(n < 0 ? `-${text}` : text, p);
        expect(out).toMatchObject({ ok: true });
        if (out.ok) expect(Number(out.value)).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('statistics period parsing', () => {
  it('never throws; a period it accepts has valid start and end dates in order', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 16 }),
          fc.stringMatching(/^\d{4}([- ]?Q\d|-\d{2}|M\d{2}|-\d{2}-\d{2})?$/),
        ),
        (text) => {
          const out = parsePeriod(text);
          if (out === null) return;
          expect(validDate(out.start), out.start).toBe(true);
          expect(validDate(out.end), out.end).toBe(true);
          expect(out.start <= out.end).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads every real calendar day as itself', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1800-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
        (d) => {
          const day = d.toISOString().slice(0, 10);
          expect(parsePeriod(day)).toEqual({ period: day, start: day, end: day });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** Pieces of hostile markup to mix into Markdown. */
const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[click](javascript:alert(1))',
  '[click](JaVaScRiPt:alert(1))',
  '<a href="javascript:alert(1)">x</a>',
  '<iframe src="https://evil.example"></iframe>',
  '<svg onload=alert(1)>',
  '<div style="background:url(javascript:alert(1))">x</div>',
  '![x](javascript:alert(1))',
  '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>',
  '<object data="x"></object>',
  '<form action="https://evil.example"><input></form>',
  '<<script>script>alert(1)<</script>/script>',
  '`<script>`',
  '\n\n```\n<script>alert(1)</script>\n```\n',
  '<p onclick="alert(1)">x</p>',
];

describe('directive Markdown sanitising', () => {
  it('never lets a script, an event handler, a frame or a javascript: or data: URL through', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 20 })), {
          maxLength: 12,
        }),
        (parts) => {
          // Read the output as a browser would: elements and attributes, not escaped text.
          const elements: { name: string; attributes: Record<string, string> }[] = [];
          const parser = new Parser({
            onopentag: (name, attributes) => elements.push({ name, attributes }),
          });
          parser.write(renderMarkdown(parts.join('')));
          parser.end();
          for (const { name, attributes } of elements) {
            expect([
              'script',
              'iframe',
              'object',
              'embed',
              'svg',
              'form',
              'input',
              'style',
            ]).not.toContain(name);
            for (const [attribute, value] of Object.entries(attributes)) {
              expect(attribute).not.toMatch(/^on|^style$/i);
              if (attribute === 'href' || attribute === 'src')
                expect([...value].filter((c) => c.charCodeAt(0) > 32).join('')).not.toMatch(
                  /^(?:javascript|data|vbscript):/i,
                );
            }
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
