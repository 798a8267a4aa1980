import { describe, expect, it } from 'vitest';
import { stepInterval } from '../../../src/lib/stats/step-interval.ts';

describe('prediction interval from the changes between observations (hand-worked)', () => {
  // Quarterly FTE 10, 13, 15, 20 in months 0, 3, 6, 9: span 9, drift μ = 10 / 9 a month, each
  // quarter's expected change 3μ = 3.3333. Changes 3, 2, 5 → deviations −0.3333, −1.3333, 1.6667;
  // squared over the gap of 3: 0.03704 + 0.59259 + 0.92593 = 1.55556; over m − 1 = 2 changes:
  // σ² = 0.77778 a month. 12 months on: variance 0.77778 × 12 × (1 + 12 / 9) = 21.7778, se 4.66667;
  // t(0.975, 2) = 4.302653 (tables) → half-width 20.0791.
  const quarterly = [
    { t: 0, y: 10 },
    { t: 3, y: 13 },
    { t: 6, y: 15 },
    { t: 9, y: 20 },
  ];

  it('adds the spread of the changes up over the horizon', () => {
    expect(stepInterval(quarterly, 12)).toBeCloseTo(4.302653 * 4.666667, 4);
    // the points' order does not matter
    expect(stepInterval([...quarterly].reverse(), 12)).toBeCloseTo(stepInterval(quarterly, 12), 12);
  });

  it('widens with the horizon as √(h(1 + h/S)), not as the line’s interval does', () => {
    const ratio = stepInterval(quarterly, 24) / stepInterval(quarterly, 12);
    expect(ratio).toBeCloseTo(Math.sqrt((24 * (1 + 24 / 9)) / (12 * (1 + 12 / 9))), 12);
  });

  it('is 0 when every change is the drift, and monthly points give the quarterly answer in months', () => {
    expect(
      stepInterval(
        [
          { t: 0, y: 1 },
          { t: 1, y: 3 },
          { t: 2, y: 5 },
        ],
        12,
      ),
    ).toBe(0);
    // a 90 % interval uses t(0.95, 2) = 2.919986 (tables)
    expect(stepInterval(quarterly, 12, 0.9)).toBeCloseTo(2.919986 * 4.666667, 4);
  });

  it('refuses too few points, a repeated time or a negative horizon, naming the input', () => {
    expect(() => stepInterval(quarterly.slice(0, 2), 12)).toThrow(/at least 3 points/);
    expect(() => stepInterval([...quarterly, { t: 9, y: 21 }], 12)).toThrow(/t = 9 twice/);
    expect(() => stepInterval(quarterly, -1)).toThrow(/horizon must be ≥ 0, got -1/);
    expect(() =>
      stepInterval(
        [
          { t: 0, y: 1 },
          { t: 1, y: Number.NaN },
          { t: 2, y: 3 },
        ],
        12,
      ),
    ).toThrow(/points\[1\]\.y/);
  });
});
