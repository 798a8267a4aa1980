import { describe, expect, it } from 'vitest';
import { CASELOAD_GUIDE, forecastCounts, monthlyCapacity } from '../../../src/lib/stats/forecast.ts';

describe('forecastCounts', () => {
  it('matches a hand-worked line and prediction interval', () => {
    // y = 10, 12, 15, 17 at t = 0..3: t̄ = 1.5, Sxx = 5, Sxy = 12 → slope 2.4, intercept 13.5 − 3.6 = 9.9;
    // residuals 0.1, −0.3, 0.3, −0.1 → SSE 0.2, s = √(0.2/2) = 0.31623.
    // At t = 5: ŷ = 21.9; se = s·√(1 + 1/4 + 3.5²/5) = 0.31623·√3.7 = 0.60828;
    // t(0.975, 2) = 4.30265 → half-width 2.61722.
    const [p] = forecastCounts(
      [
        { t: 0, y: 10 },
        { t: 1, y: 12 },
        { t: 2, y: 15 },
        { t: 3, y: 17 },
      ],
      [5],
    )!;
    expect(p.t).toBe(5);
    expect(p.value).toBeCloseTo(21.9, 10);
    expect(p.lower).toBeCloseTo(21.9 - 2.61722, 4);
    expect(p.upper).toBeCloseTo(21.9 + 2.61722, 4);
  });

  it('leaves out suppressed months and cuts the interval at 0, not the line', () => {
    // a falling count, t = 1 suppressed: known (0,30) (2,20) (3,10) (4,0): t̄ = 2.25, ȳ = 15,
    // Sxx = 8.75, Sxy = −65 → slope −7.4286; at t = 6 the line is below 0
    const out = forecastCounts(
      [
        { t: 0, y: 30 },
        { t: 1, y: null },
        { t: 2, y: 20 },
        { t: 3, y: 10 },
        { t: 4, y: 0 },
      ],
      [6],
    )!;
    const slope = -65 / 8.75;
    const intercept = 15 - slope * 2.25;
    expect(out[0].value).toBeCloseTo(intercept + slope * 6, 10);
    expect(out[0].value).toBeLessThan(0);
    expect(out[0].lower).toBe(0);
  });

  it('gives no forecast on fewer than 3 known months, and names a bad time', () => {
    expect(
      forecastCounts(
        [
          { t: 0, y: 1 },
          { t: 1, y: null },
          { t: 2, y: 3 },
        ],
        [3],
      ),
    ).toBeNull();
    expect(() =>
      forecastCounts(
        [
          { t: 0, y: 1 },
          { t: 1, y: 2 },
          { t: 2, y: 3 },
        ],
        [Number.NaN],
      ),
    ).toThrow(/at\[0\]/);
  });
});

describe('monthlyCapacity', () => {
  it('is FTE × 200–250 a year, a month', () => {
    expect(CASELOAD_GUIDE).toEqual({ low: 200, high: 250 });
    const c = monthlyCapacity(3);
    expect(c.low).toBeCloseTo(50, 10); // 3 × 200 / 12
    expect(c.high).toBeCloseTo(62.5, 10); // 3 × 250 / 12
    expect(() => monthlyCapacity(-1)).toThrow(/fte/);
  });
});
