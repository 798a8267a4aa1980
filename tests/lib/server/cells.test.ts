import { describe, expect, it } from 'vitest';
import { sumProtectedCells, type Dataset } from '../../../src/lib/server/registry.ts';

const dataset = {
  id: 't',
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
  ],
  sortBy: undefined,
} as unknown as Dataset;

const ICB = (pcn: string) => (pcn.startsWith('A') ? 'ICB:A' : 'ICB:B');

describe('sumProtectedCells', () => {
  it('protects each cell, then sums: a cell of 1–7 is left out, others rounded to 5', () => {
    const raw = [
      { month: '2025-01', pcn_code: 'A1', referrals: 3 },
      { month: '2025-01', pcn_code: 'A2', referrals: 2 }, // cell A = 5: suppressed
      { month: '2025-01', pcn_code: 'B1', referrals: 12 }, // cell B = 12 → 10
      { month: '2025-02', pcn_code: 'B1', referrals: 4 }, // every cell suppressed → null
    ];
    const { rows, leftOut } = sumProtectedCells(dataset, raw, ICB);
    expect(rows).toEqual([
      { month: '2025-01', referrals: 10 },
      { month: '2025-02', referrals: null },
    ]);
    expect(leftOut).toBe(2);
  });

  it('a total minus a part is a sum of protected cells, never 1 to 7', () => {
    // one PCN per cell: whole = all, part = all but one, for many random draws
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 200; trial++) {
      const raw = Array.from({ length: 12 }, (_, i) => ({
        month: 'm',
        pcn_code: `P${i}`,
        referrals: Math.floor(rand() * 30),
      }));
      const cell = (p: string) => p;
      const whole = sumProtectedCells(dataset, raw, cell).rows[0].referrals as number | null;
      for (let i = 0; i < raw.length; i++) {
        const part = sumProtectedCells(
          dataset,
          raw.filter((_, j) => j !== i),
          cell,
        ).rows[0].referrals as number | null;
        const d = (whole ?? 0) - (part ?? 0);
        expect(d >= 1 && d <= 7, `trial ${trial}, leaving out ${i}: ${d}`).toBe(false);
      }
    }
  });

  it('orders by a count, largest first, when the dataset says so', () => {
    const raw = [
      { group: 'a', pcn_code: 'A1', referrals: 10 },
      { group: 'b', pcn_code: 'A1', referrals: 50 },
    ];
    const d = {
      ...dataset,
      columns: [
        { key: 'group', label: 'Group', kind: 'dim' },
        { key: 'referrals', label: 'Referrals', kind: 'count' },
      ],
      sortBy: 'referrals',
    } as Dataset;
    expect(sumProtectedCells(d, raw, ICB).rows.map((r) => r.group)).toEqual(['b', 'a']);
  });
});
