// Small-cell suppression of a two-way table with its margins (row totals, column totals, grand
// total), so that a suppressed count cannot be recovered by subtracting published figures.
// Primary: cells with 0 < count < threshold (default 5). Complementary: every line of the
// table — a row with its total, a column with its total, the row of column totals with the
// grand total, the column of row totals with the grand total — holding exactly one suppressed
// figure gets a second one (its smallest other figure, a cell before a total), until no line
// has exactly one. Then no figure can be obtained as "total minus the others" along any line,
// and repeating that subtraction (peeling) recovers nothing: see suppression.test.ts.

export const DEFAULT_THRESHOLD = 5;

export interface SuppressedTable {
  /** null where suppressed. */
  cells: (number | null)[][];
  rowTotals: (number | null)[];
  columnTotals: (number | null)[];
  grandTotal: number | null;
  /** Why each figure is hidden: 'primary' (small) or 'complementary' (protects a small one). */
  reasons: Map<string, 'primary' | 'complementary'>;
  threshold: number;
}

type Ref =
  | { kind: 'cell'; r: number; c: number }
  | { kind: 'row'; r: number }
  | { kind: 'col'; c: number }
  | { kind: 'grand' };

const key = (x: Ref) =>
  x.kind === 'cell'
    ? `c${x.r},${x.c}`
    : x.kind === 'row'
      ? `r${x.r}`
      : x.kind === 'col'
        ? `k${x.c}`
        : 'g';

export interface SuppressOptions {
  /**
   * false: a zero is never chosen as a complement (a nonzero figure always exists on a line
   * with one hidden figure, since hidden figures are then never zero). Needed where zeros are
   * published, or their absence from a list shows them, as the analytics views do.
   */
  zeroComplements?: boolean;
}

export function suppressTable(
  table: number[][],
  threshold = DEFAULT_THRESHOLD,
  options: SuppressOptions = {},
): SuppressedTable {
  const zeroComplements = options.zeroComplements ?? true;
  const rows = table.length;
  const cols = rows === 0 ? 0 : table[0]!.length;
  for (const row of table)
    if (row.length !== cols) throw new RangeError('every row needs the same number of cells');
  const rowTotals = table.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = Array.from({ length: cols }, (_, c) =>
    table.reduce((a, row) => a + row[c]!, 0),
  );
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  const value = (x: Ref) =>
    x.kind === 'cell'
      ? table[x.r]![x.c]!
      : x.kind === 'row'
        ? rowTotals[x.r]!
        : x.kind === 'col'
          ? columnTotals[x.c]!
          : grand;

  const hidden = new Map<string, 'primary' | 'complementary'>();
  const isSmall = (v: number) => v > 0 && v < threshold;
  // Primary suppression applies to every published figure, totals included.
  const all: Ref[] = [];
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) all.push({ kind: 'cell', r, c });
  for (let r = 0; r < rows; r++) all.push({ kind: 'row', r });
  for (let c = 0; c < cols; c++) all.push({ kind: 'col', c });
  all.push({ kind: 'grand' });
  for (const x of all) if (isSmall(value(x))) hidden.set(key(x), 'primary');

  const lines: Ref[][] = [];
  for (let r = 0; r < rows; r++)
    lines.push([
      ...Array.from({ length: cols }, (_, c): Ref => ({ kind: 'cell', r, c })),
      { kind: 'row', r },
    ]);
  for (let c = 0; c < cols; c++)
    lines.push([
      ...Array.from({ length: rows }, (_, r): Ref => ({ kind: 'cell', r, c })),
      { kind: 'col', c },
    ]);
  lines.push([
    ...Array.from({ length: cols }, (_, c): Ref => ({ kind: 'col', c })),
    { kind: 'grand' },
  ]);
  lines.push([
    ...Array.from({ length: rows }, (_, r): Ref => ({ kind: 'row', r })),
    { kind: 'grand' },
  ]);

  for (let changed = true; changed;) {
    changed = false;
    for (const line of lines) {
      if (line.filter((x) => hidden.has(key(x))).length !== 1) continue;
      const candidates = line
        .filter((x) => !hidden.has(key(x)) && (zeroComplements || value(x) !== 0))
        .sort(
          (a, b) => Number(a.kind !== 'cell') - Number(b.kind !== 'cell') || value(a) - value(b),
        );
      const pick = candidates[0];
      if (!pick) continue;
      hidden.set(key(pick), 'complementary');
      changed = true;
    }
  }

  const show = (x: Ref) => (hidden.has(key(x)) ? null : value(x));
  return {
    cells: table.map((row, r) => row.map((_, c) => show({ kind: 'cell', r, c }))),
    rowTotals: rowTotals.map((_, r) => show({ kind: 'row', r })),
    columnTotals: columnTotals.map((_, c) => show({ kind: 'col', c })),
    grandTotal: show({ kind: 'grand' }),
    reasons: hidden,
    threshold,
  };
}

/** A one-way list of counts (no margins but its total): the same rule on one line. */
export function suppressCounts(counts: number[], threshold = DEFAULT_THRESHOLD) {
  const t = suppressTable([counts], threshold);
  return { counts: t.cells[0] ?? [], total: t.rowTotals[0] ?? null, reasons: t.reasons };
}

/** How a suppressed figure is printed. */
export const suppressedLabel = (threshold: number) => `<${threshold}`;
