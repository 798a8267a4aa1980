/** The demand-supply chart draws observed and forecast referrals, the interval per month and both capacity lines. */
import { describe, expect, it } from 'vitest';
import { demandSupplyChart, type DemandSupplyRow } from '../../../src/lib/charts/index.ts';
import { doc, expectEverySeriesDrawn, linearPixel, scaleOf } from './drawn.ts';

const rows: DemandSupplyRow[] = [
  ...['2024-01', '2024-02', '2024-03', '2024-04'].map((month, i) => ({
    month,
    referrals: i === 1 ? null : 40 + 10 * i, // February suppressed: left out, not 0
    forecast: null,
    lower: null,
    upper: null,
    capacityLow: 50,
    capacityHigh: 62.5,
  })),
  ...['2024-05', '2024-06', '2024-07'].map((month, i) => ({
    month,
    referrals: null,
    forecast: 80 + 10 * i,
    lower: 70 + 5 * i,
    upper: 90 + 15 * i,
    capacityLow: 50,
    capacityHigh: 62.5,
  })),
];

describe('demandSupplyChart', () => {
  it('draws a rule per forecast month at its interval, two capacity lines and the two demand lines', () => {
    const chart = demandSupplyChart(rows, { document: doc, width: 600 });
    const [rules] = expectEverySeriesDrawn(chart, [
      { mark: 'rule', shapes: 3 },
      { mark: 'line', shapes: 2, points: [7, 7] },
      { mark: 'line', shapes: 2, points: [3, 3] },
    ]);
    const y = scaleOf(chart, 'y');
    expect(y.domain).toEqual([0, 120]); // zero to the highest upper end, 90 + 30
    const first = rules.querySelector('line')!;
    const ends = [Number(first.getAttribute('y1')), Number(first.getAttribute('y2'))].sort((a, b) => a - b);
    expect(ends[0]).toBeCloseTo(linearPixel(y, 90), 6);
    expect(ends[1]).toBeCloseTo(linearPixel(y, 70), 6);
  });
});
