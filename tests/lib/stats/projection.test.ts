import { describe, expect, it } from 'vitest';
import { firstReach, linearTrend, predictTrend } from '../../../src/lib/stats/projection.ts';

describe('linear trend with a prediction interval (hand-worked)', () => {
  // FTE 10, 12, 15, 17 in months 0–3. t̄ = 1.5, ȳ = 13.5, Sxx = 5, Sxy = (−1.5)(−3.5) + (−0.5)(−1.5)
  // + (0.5)(1.5) + (1.5)(3.5) = 12, slope 2.4, intercept 13.5 − 2.4 × 1.5 = 9.9. Fitted 9.9, 12.3,
  // 14.7, 17.1; residuals 0.1, −0.3, 0.3, −0.1; SSE 0.2; s = √(0.2 / 2) = 0.31623.
  const trend = linearTrend([
    { t: 0, y: 10 },
    { t: 1, y: 12 },
    { t: 2, y: 15 },
    { t: 3, y: 17 },
  ]);

  it('fits the least-squares line', () => {
    expect(trend.slope).toBeCloseTo(2.4, 12);
    expect(trend.intercept).toBeCloseTo(9.9, 12);
    expect(trend.residualSd).toBeCloseTo(Math.sqrt(0.1), 12);
    expect(trend.sxx).toBe(5);
  });

  it('predicts month 5 as 21.9 with the t(2) prediction interval', () => {
    // ŷ = 9.9 + 2.4 × 5 = 21.9; se = s √(1 + 1/4 + 3.5² / 5) = 0.31623 × √3.7 = 0.60828;
    // t(0.975, 2) = 4.302653 (tables); half-width 2.61723
    const p = predictTrend(trend, 5);
    expect(p.value).toBeCloseTo(21.9, 12);
    expect(p.upper - p.value).toBeCloseTo(4.302653 * Math.sqrt(0.1) * Math.sqrt(3.7), 5);
    expect(p.lower).toBeCloseTo(21.9 - 2.61723, 4);
  });

  it('finds the first month the trend reaches a rising target, or none', () => {
    // target 20 + 0.5 t: the trend 9.9 + 2.4 t reaches it when 1.9 t ≥ 10.1, t ≥ 5.32 → month 6
    expect(firstReach(trend, 4, 24, (t) => 20 + 0.5 * t)).toBe(6);
    // a target rising faster than the trend is never reached
    expect(firstReach(trend, 4, 240, (t) => 20 + 3 * t)).toBeNull();
    // already above: the first month searched
    expect(firstReach(trend, 4, 24, () => 1)).toBe(4);
  });

  it('refuses fewer than 3 points or a single time, naming the input', () => {
    expect(() =>
      linearTrend([
        { t: 0, y: 1 },
        { t: 1, y: 2 },
      ]),
    ).toThrow(/at least 3 points/);
    expect(() =>
      linearTrend([
        { t: 1, y: 1 },
        { t: 1, y: 2 },
        { t: 1, y: 3 },
      ]),
    ).toThrow(/two different times/);
    expect(() =>
      linearTrend([
        { t: 0, y: 1 },
        { t: 1, y: Number.NaN },
        { t: 2, y: 3 },
      ]),
    ).toThrow(/points\[1\]\.y/);
  });
});
