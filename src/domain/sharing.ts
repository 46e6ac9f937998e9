// The rules of sharing with partner organisations, as pure functions: which markings may go to
// which partner, and small-cell suppression of shared aggregates (DATA-STANDARDS.md rule 5:
// counts below the threshold show as "<5" and cannot be recovered from the total).
import { MARKINGS } from './vocabularies.ts';

export const PARTNER_KINDS = [
  { code: 'government_agency', label: 'Other government agency' },
  { code: 'regional_partner', label: 'Regional partner' },
  { code: 'international_organisation', label: 'International organisation' },
] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number]['code'];

export const SUPPRESSION_THRESHOLD = 5;

/** Why an item so marked may not go to this partner, or null when it may. */
export function releaseRefusal(
  marking: string,
  partner: { foreign: boolean; name: string },
): string | null {
  const m = MARKINGS.find((x) => x.code === marking);
  if (!m) return `the item carries an unknown marking "${marking}"`;
  if (partner.foreign && !m.foreignRelease)
    return `the item is marked "${m.label}", which bars release to foreign partners, and ${partner.name} is a foreign partner`;
  return null;
}

export interface Cell {
  key: string;
  count: number;
}

export interface SuppressedCell {
  key: string;
  count: number | null;
  display: string;
}

/**
 * Cells below the threshold become "<threshold"; when exactly one cell is suppressed and the
 * total is shown, the next smallest cell is suppressed too, so that no suppressed count can be
 * recovered by subtracting the others from the total. A total below the threshold is suppressed.
 */
export function suppressSmallCells(
  cells: readonly Cell[],
  threshold = SUPPRESSION_THRESHOLD,
  /** The total when cells overlap (an incident in several categories); else their sum. */
  ofTotal?: number,
): { cells: SuppressedCell[]; total: { count: number | null; display: string } } {
  const total = ofTotal ?? cells.reduce((s, c) => s + c.count, 0);
  const hidden = new Set(cells.filter((c) => c.count > 0 && c.count < threshold).map((c) => c.key));
  const totalShown = total >= threshold;
  if (hidden.size === 1 && totalShown) {
    const next = cells
      .filter((c) => !hidden.has(c.key) && c.count > 0)
      .sort((a, b) => a.count - b.count)[0];
    if (next) hidden.add(next.key);
  }
  const small = `<${threshold}`;
  return {
    cells: cells.map((c) =>
      hidden.has(c.key)
        ? { key: c.key, count: null, display: c.count < threshold ? small : 'suppressed' }
        : { key: c.key, count: c.count, display: String(c.count) },
    ),
    total: totalShown
      ? { count: total, display: String(total) }
      : { count: null, display: total === 0 ? '0' : small },
  };
}
