import { describe, expect, it } from 'vitest';
import {
  CASELOAD_GUIDE,
  MIN_FORECAST_MONTHS,
  forecastCounts,
  monthlyCapacity,
} from '../../../src/lib/stats/forecast.ts';

describe('forecastCounts', () => {
  it('is the mean of the last 3 months ± 1.96 × the RMSE of its own one-step errors, worked by hand', () => {
    // y = 10, 12, 15, 17, 16, 20: forecast (17 + 16 + 20) / 3 = 17.6667 at every horizon.
    // One-step errors of the method: 17 − (10+12+15)/3 = 4.6667; 16 − (12+15+17)/3 = 1.3333;
    // 20 − (15+17+16)/3 = 4. RMSE = √((21.7778 + 1.7778 + 16) / 3) = √13.1852 = 3.63114;
    // half-width z(0.975) · RMSE = 1.959964 × 3.63114 = 7.11690.
    const out = forecastCounts(
      [10, 12, 15, 17, 16, 20].map((y, t) => ({ t, y })),
      [6, 17],
    )!;
    expect(out.map((p) => p.t)).toEqual([6, 17]);
    for (const p of out) {
      expect(p.value).toBeCloseTo(53 / 3, 10);
      expect(p.lower).toBeCloseTo(53 / 3 - 7.1169, 3);
      expect(p.upper).toBeCloseTo(53 / 3 + 7.1169, 3);
    }
  });

  it('leaves out suppressed months, takes them in time order, and cuts the interval at 0', () => {
    // known in time order 30, 20, 10, 0, 0 (t = 1 suppressed): forecast (10 + 0 + 0) / 3 = 3.3333;
    // one-step errors 0 − 20 = −20 and 0 − 10 = −10 → RMSE √250 = 15.8114, half-width 30.990
    const out = forecastCounts(
      [
        { t: 5, y: 0 },
        { t: 0, y: 30 },
        { t: 1, y: null },
        { t: 2, y: 20 },
        { t: 3, y: 10 },
        { t: 4, y: 0 },
      ],
      [6],
    )!;
    expect(out[0].value).toBeCloseTo(10 / 3, 10);
    expect(out[0].upper).toBeCloseTo(10 / 3 + 1.959964 * Math.sqrt(250), 4);
    expect(out[0].lower).toBe(0);
  });

  it('gives no forecast on fewer than 5 known months, and names a bad input', () => {
    expect(MIN_FORECAST_MONTHS).toBe(5);
    expect(
      forecastCounts(
        [1, null, 3, 4, 5].map((y, t) => ({ t, y })),
        [6],
      ),
    ).toBeNull();
    expect(() =>
      forecastCounts(
        [1, 2, 3, 4, 5].map((y, t) => ({ t, y })),
        [Number.NaN],
      ),
    ).toThrow(/at\[0\]/);
    expect(() =>
      forecastCounts(
        [1, 2, Number.NaN, 4, 5, 6].map((y, t) => ({ t, y })),
        [7],
      ),
    ).toThrow(/points\[2\]\.y/);
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
