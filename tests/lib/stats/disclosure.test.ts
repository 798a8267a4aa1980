import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { discloseCount, discloseMean, discloseTable, roundMidpoint } from '../../../src/lib/stats/index.ts';

// opensafely/documentation docs/releasing-files.md, "Rounding counts": redact counts <= 7, then round to the
// nearest 5; "column and row totals are the sum of the rounded counts". Its example table:
//   Heart Disease 3, 8, 16, 23 (total 50)  → [REDACTED], 10, 15, 25, total 50
//   Population   18, 23, 31, 44 (total 116) → 20, 25, 30, 45, total 120
describe('discloseCount', () => {
  it('reproduces the OpenSAFELY example cells', () => {
    expect([3, 8, 16, 23].map((c) => discloseCount(c))).toEqual([null, 10, 15, 25]);
    expect([18, 23, 31, 44].map((c) => discloseCount(c))).toEqual([20, 25, 30, 45]);
  });
  it('keeps zero, suppresses 1–7 and names bad input', () => {
    expect(discloseCount(0)).toBe(0);
    expect([1, 2, 3, 4, 5, 6, 7].map((c) => discloseCount(c))).toEqual(Array(7).fill(null));
    expect(discloseCount(8)).toBe(10);
    expect(discloseCount(12, { roundTo: 1 })).toBe(12);
    expect(() => discloseCount(2.5)).toThrow('discloseCount: count must be an integer, got 2.5');
    expect(() => discloseCount(-1)).toThrow('discloseCount: count must be ≥ 0, got -1');
  });
  it('never outputs a value from 1 to 7 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e7 }), fc.integer({ min: 1, max: 20 }), (c, roundTo) => {
        const d = discloseCount(c, { roundTo });
        return d === null || d === 0 || d >= 8;
      }),
    );
  });
});

describe('roundMidpoint (OpenSAFELY midpoint 6)', () => {
  it('matches the documented mapping 0 → 0, 1–6 → 3, 7–12 → 9, 13–18 → 15', () => {
    // opensafely/documentation docs/releasing-files.md, "Midpoint 6 rounding" table (roundmid_any, to = 6)
    expect(roundMidpoint(0)).toBe(0);
    for (let x = 1; x <= 6; x++) expect(roundMidpoint(x)).toBe(3);
    for (let x = 7; x <= 12; x++) expect(roundMidpoint(x)).toBe(9);
    for (let x = 13; x <= 18; x++) expect(roundMidpoint(x)).toBe(15);
  });
});

describe('discloseTable', () => {
  it('reproduces the OpenSAFELY table and totals (no secondary suppression, as in their example)', () => {
    const hd = discloseTable(
      [
        { key: '21-30', count: 3 },
        { key: '31-40', count: 8 },
        { key: '41-50', count: 16 },
        { key: '51+', count: 23 },
      ],
      { total: true, secondarySuppression: false },
    );
    expect(hd.map((c) => c.count)).toEqual([null, 10, 15, 25, 50]);
    expect(hd[4].key).toBe('total');
    const pop = discloseTable(
      [
        { key: '21-30', count: 18 },
        { key: '31-40', count: 23 },
        { key: '41-50', count: 31 },
        { key: '51+', count: 44 },
      ],
      { total: true },
    );
    expect(pop.map((c) => c.count)).toEqual([20, 25, 30, 45, 120]);
  });

  it('suppresses the next smallest cell when only one is suppressed', () => {
    const t = discloseTable(
      [
        { key: 'a', count: 3 },
        { key: 'b', count: 0 },
        { key: 'c', count: 16 },
        { key: 'd', count: 8 },
      ],
      { total: true },
    );
    expect(t).toEqual([
      { key: 'a', count: null, suppressed: true },
      { key: 'b', count: 0, suppressed: false },
      { key: 'c', count: 15, suppressed: false },
      { key: 'd', count: null, suppressed: true },
      { key: 'total', count: 15, suppressed: false },
    ]);
  });

  it('names bad input', () => {
    expect(() => discloseTable([{ key: 'a', count: -3 }])).toThrow(
      'discloseTable: cells[0].count must be ≥ 0, got -3',
    );
  });

  const table = fc
    .array(fc.integer({ min: 0, max: 60 }), { minLength: 2, maxLength: 8 })
    .map((counts) => counts.map((count, i) => ({ key: `k${i}`, count })));

  it('never shows 1–7, and the total is the sum of the shown cells (property)', () => {
    fc.assert(
      fc.property(table, (cells) => {
        const out = discloseTable(cells, { total: true });
        const parts = out.slice(0, -1);
        const shownSum = parts.reduce((s, c) => s + (c.count ?? 0), 0);
        return (
          parts.every((c) => c.count === null || c.count === 0 || c.count >= 8) &&
          out[out.length - 1].count === shownSum
        );
      }),
    );
  });

  it('no suppressed cell can be recovered from the shown cells and the total (property)', () => {
    // Even when the true total is known (e.g. published elsewhere), a suppressed non-zero cell is never alone:
    // at least two cells are unknown, so many splits of the remainder are consistent with what is shown.
    fc.assert(
      fc.property(table, (cells) => {
        const out = discloseTable(cells, { total: true }).slice(0, -1);
        const hidden = out.filter((c) => c.suppressed);
        const hiddenNonZero = cells.filter((c, i) => out[i].suppressed && c.count > 0);
        if (hiddenNonZero.length === 0) return true;
        if (hidden.length < 2) return false;
        // the hidden total is split over ≥ 2 cells; a split other than the true one exists whenever the hidden
        // total is at least 1 (move one unit between two hidden cells: both stay ≥ 0 and consistent)
        const hiddenTotal = hidden.reduce((s, c) => s + cells.find((x) => x.key === c.key)!.count, 0);
        return hiddenTotal >= 1;
      }),
    );
  });
});

describe('discloseMean', () => {
  it('hides a statistic built on fewer than 8 people (DOMAIN.md §6)', () => {
    expect(discloseMean(42.5, 7)).toBeNull();
    expect(discloseMean(42.5, 8)).toBe(42.5);
    expect(() => discloseMean(Number.NaN, 8)).toThrow('discloseMean: value must be a finite number, got NaN');
  });
});
