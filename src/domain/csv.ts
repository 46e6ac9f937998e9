// CSV for every export: csv-stringify does the quoting; a text cell that a spreadsheet would run
// as a formula (leading =, +, -, @, tab or carriage return) is prefixed with an apostrophe
// (OWASP "CSV injection"). Numbers are written as numbers and never prefixed. Importers of our
// own exports take the apostrophe off again with `restoreFormulaCell`.
import { stringify, type Options } from 'csv-stringify/sync';

const FORMULA = /^[=+\-@\t\r]/;

export function neutraliseFormulaCell(text: string): string {
  return FORMULA.test(text) ? `'${text}` : text;
}

export function restoreFormulaCell(text: string): string {
  return text.replace(/^'(?=[=+\-@\t\r])/, '');
}

/** Rows (arrays, or objects with `columns`) as CSV text with formula cells neutralised. */
export function toCsv(rows: readonly unknown[], options: Options = {}): string {
  return stringify(rows as unknown[][], {
    ...options,
    cast: { ...options.cast, string: neutraliseFormulaCell },
  });
}
