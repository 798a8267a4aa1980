import { describe, expect, it } from 'vitest';
import { scopeFor } from '../../../src/lib/server/auth/scope.ts';
import type { Context, Dataset, Row } from '../../../src/lib/server/dataset.ts';
import { sumProtectedCells } from '../../../src/lib/server/release/cells.ts';
import { release } from '../../../src/lib/server/release/release.ts';

/** The rows as released to a viewer (cells protected, summed, disclosed, then ordered). */
const released = (d: Dataset, raw: Row[]) =>
  release(
    { ...d, cells: true } as Dataset,
    raw,
    null as unknown as Context,
    scopeFor({ name: 'v', role: 'viewer', icbs: [] }),
  ).rows;

const dataset = {
  id: 't',
  columns: [
    { key: 'month', label: 'Month', kind: 'dim' },
    { key: 'referrals', label: 'Referrals', kind: 'count' },
  ],
  sortBy: undefined,
} as unknown as Dataset;

describe('sumProtectedCells', () => {
  it('protects each cell, then sums: a cell of 1–7 is left out, others rounded to 5', () => {
    const raw = [
      { month: '2025-01', cell: 'ICB:A', referrals: 3 },
      { month: '2025-01', cell: 'ICB:A', referrals: 2 }, // cell A = 5: suppressed
      { month: '2025-01', cell: 'ICB:B', referrals: 12 }, // cell B = 12 → 10
      { month: '2025-02', cell: 'ICB:B', referrals: 4 }, // every cell suppressed → null
    ];
    const { rows, leftOut } = sumProtectedCells(dataset, raw);
    expect(rows).toEqual([
      { month: '2025-01', referrals: 10 },
      { month: '2025-02', referrals: null },
    ]);
    expect(leftOut).toBe(2);
  });

  it('a count whose only shown cells are 0 while others were left out is suppressed, not 0', () => {
    const raw = [
      { month: '2025-01', cell: 'ICB:A', referrals: 0 },
      { month: '2025-01', cell: 'ICB:B', referrals: 5 }, // left out: the month is not 0
      { month: '2025-02', cell: 'ICB:A', referrals: 0 },
      { month: '2025-02', cell: 'ICB:B', referrals: 0 }, // nothing left out: 0 is the count
    ];
    const { rows, leftOut } = sumProtectedCells(dataset, raw); // (and the raw sums, unprotected)
    expect({ rows, leftOut }).toEqual({
      rows: [
        { month: '2025-01', referrals: null },
        { month: '2025-02', referrals: 0 },
      ],
      leftOut: 1,
    });
  });

  it('rows without a cell are one cell, the area: summed first, protected once', () => {
    const raw = [
      { month: '2025-01', referrals: 3 },
      { month: '2025-01', referrals: 9 }, // 12 → 10
      { month: '2025-02', referrals: 3 },
      { month: '2025-02', referrals: 4 }, // 7 → suppressed
    ];
    const { rows, leftOut } = sumProtectedCells(dataset, raw); // (and the raw sums, unprotected)
    expect({ rows, leftOut }).toEqual({
      rows: [
        { month: '2025-01', referrals: 10 },
        { month: '2025-02', referrals: null },
      ],
      leftOut: 1,
    });
  });

  it('a total minus a part is a sum of protected cells, never 1 to 7', () => {
    // one PCN per cell: whole = all, part = all but one, for many random draws
    let seed = 7;
    const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 200; trial++) {
      const raw = Array.from({ length: 12 }, (_, i) => ({
        month: 'm',
        cell: `PCN:P${i}`,
        referrals: Math.floor(rand() * 30),
      }));
      const whole = sumProtectedCells(dataset, raw).rows[0].referrals as number | null;
      for (let i = 0; i < raw.length; i++) {
        const part = sumProtectedCells(
          dataset,
          raw.filter((_, j) => j !== i),
        ).rows[0].referrals as number | null;
        const d = (whole ?? 0) - (part ?? 0);
        expect(d >= 1 && d <= 7, `trial ${trial}, leaving out ${i}: ${d}`).toBe(false);
      }
    }
  });

  // the order is the release's, by the counts as shown (release.ts): tested through it
  it('orders by a count, largest first, when the dataset says so', () => {
    const raw = [
      { group: 'a', cell: 'ICB:A', referrals: 10 },
      { group: 'b', cell: 'ICB:A', referrals: 50 },
    ];
    const d = {
      ...dataset,
      columns: [
        { key: 'group', label: 'Group', kind: 'dim' },
        { key: 'referrals', label: 'Referrals', kind: 'count' },
      ],
      sortBy: 'referrals',
    } as Dataset;
    expect(released(d, raw).map((r) => r.group)).toEqual(['b', 'a']);
  });

  it('orders by the count, ties by the label, whatever order the database gave the groups', () => {
    const sorted = { ...dataset, sortBy: 'referrals' } as Dataset;
    const groups = [
      { month: 'self', referrals: 20 },
      { month: 'local_authority', referrals: 20 },
      { month: 'gp', referrals: 40 },
    ];
    const order = (raw: typeof groups) => released(sorted, raw).map((r) => r.month);
    expect(order(groups)).toEqual(['gp', 'local_authority', 'self']);
    expect(order([...groups].reverse())).toEqual(['gp', 'local_authority', 'self']);
  });

  it('keeps a count that is null in every cell (not applicable) null, not 0', () => {
    const twoCounts = {
      ...dataset,
      columns: [...dataset.columns, { key: 'reliable', label: 'Reliable', kind: 'count' }],
    } as Dataset;
    const { rows } = sumProtectedCells(twoCounts, [
      { month: '2025-01', cell: 'ICB:A', referrals: 20, reliable: null },
      { month: '2025-01', cell: 'ICB:B', referrals: 20, reliable: null },
    ]);
    expect(rows).toEqual([{ month: '2025-01', referrals: 40, reliable: null }]);
  });
});
