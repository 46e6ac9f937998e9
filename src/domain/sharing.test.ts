import { describe, expect, it } from 'vitest';
import { releaseRefusal, suppressSmallCells } from './sharing.ts';

describe('sharing rules', () => {
  it('bars items marked not releasable to foreign nationals from foreign partners only', () => {
    expect(releaseRefusal('sbu_noforn', { foreign: true, name: 'UNODC' })).toMatch(
      /bars release to foreign partners/,
    );
    expect(
      releaseRefusal('sbu_noforn', { foreign: false, name: 'Ministry of Justice' }),
    ).toBeNull();
    expect(releaseRefusal('sbu', { foreign: true, name: 'UNODC' })).toBeNull();
  });

  it('suppresses small cells and a second cell when one alone would be recoverable from the total', () => {
    const out = suppressSmallCells([
      { key: 'a', count: 12 },
      { key: 'b', count: 3 },
      { key: 'c', count: 7 },
    ]);
    expect(out.cells.map((c) => c.display)).toEqual(['12', '<5', 'suppressed']);
    expect(out.total).toEqual({ count: 22, display: '22' });
  });

  it('shows no total below the threshold', () => {
    const out = suppressSmallCells([
      { key: 'a', count: 2 },
      { key: 'b', count: 1 },
    ]);
    expect(out.cells.every((c) => c.count === null)).toBe(true);
    expect(out.total.display).toBe('<5');
  });
});
