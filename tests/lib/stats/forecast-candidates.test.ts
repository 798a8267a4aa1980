import { describe, expect, it } from 'vitest';
import {
  FORECAST_CANDIDATES,
  dampedTrend,
  latestMonth,
  leastSquaresLine,
  meanOfLast,
  sameMonthLastYear,
} from '../../../src/lib/stats/forecast-candidates.ts';

// 14 months: 1 … 12 then 20, 30
const history = [...Array.from({ length: 12 }, (_, i) => i + 1), 20, 30];

describe('the candidate forecasts, worked by hand', () => {
  it('carry the latest month, the same month last year, or a recent mean', () => {
    expect(latestMonth(history, 5)).toBe(30);
    // h = 1 is the month after the last: 12 months before it is history[14 − 12] = 3
    expect(sameMonthLastYear(history, 1)).toBe(3);
    expect(sameMonthLastYear(history, 12)).toBe(30);
    expect(sameMonthLastYear(history, 13)).toBe(3);
    expect(meanOfLast(3)(history, 7)).toBeCloseTo((12 + 20 + 30) / 3, 12);
  });

  it('carry the least-squares line on', () => {
    // y = 10, 12, 15, 17 at t = 0..3: slope 2.4, intercept 9.9 → at t = 5 (h = 2), 21.9
    expect(leastSquaresLine([10, 12, 15, 17], 2)).toBeCloseTo(21.9, 10);
  });

  it('the damped trend on an exact line: α = β = 1, φ = 0.98, the trend damped from there', () => {
    // y = 2t, started at level 0 and trend 2. With α = β = 1 each step resets level and trend to
    // the line, so every one-step error is 2 − 2φ: least at the largest φ on the grid, 0.98
    // (SSE 11 × 0.04² = 0.0176; a search of the same grid outside this code found no lower).
    // Level 22, trend 2 → at h = 3: 22 + 2 · (0.98 + 0.98² + 0.98³) = 27.763184.
    const line = Array.from({ length: 12 }, (_, t) => 2 * t);
    expect(dampedTrend(line, 3)).toBeCloseTo(22 + 2 * (0.98 + 0.98 ** 2 + 0.98 ** 3), 9);
    // a flat series stays flat
    expect(dampedTrend([5, 5, 5, 5, 5], 4)).toBeCloseTo(5, 10);
  });

  it('name a bad input', () => {
    expect(() => latestMonth([], 1)).toThrow(/latestMonth: history must be an array of at least 1/);
    expect(() => sameMonthLastYear([1, 2, 3], 1)).toThrow(/at least 12/);
    expect(() => meanOfLast(3)([1, 2, 3], 0)).toThrow(/h must be a whole number of months ≥ 1, got 0/);
    expect(() => leastSquaresLine([1, Number.NaN, 3], 1)).toThrow(/history\[1\]/);
    expect(Object.keys(FORECAST_CANDIDATES)).toHaveLength(7);
  });
});
