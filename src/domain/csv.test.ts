// Exports cannot smuggle a formula into a spreadsheet, and our own importer reads the cell back.
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { restoreFormulaCell, toCsv } from './csv.ts';

describe('CSV export cells', () => {
  it('prefixes text that a spreadsheet would run as a formula, not numbers', () => {
    const text = toCsv([['=HYPERLINK("http://x")', '+1', '-cmd', '@SUM(A1)', 'plain', -3.5]]);
    expect(text).toBe(`"'=HYPERLINK(""http://x"")",'+1,'-cmd,'@SUM(A1),plain,-3.5\n`);
  });

  it('reads back to what was written, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (cells) => {
        const [row] = parse(toCsv([cells]), { relax_quotes: true }) as string[][];
        expect(row!.map(restoreFormulaCell)).toEqual(cells.map(restoreFormulaCell));
        for (const cell of row!) expect(cell).not.toMatch(/^[=+\-@]/);
      }),
    );
  });
});
