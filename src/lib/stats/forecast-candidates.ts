/**
 * The methods the referral forecast was chosen from, as point forecasts: each takes a run of
 * consecutive monthly counts (oldest first) and gives the count `h` months after the last. The
 * backtest (tests/routes/demand-supply-backtest.test.ts) scores every one on NHS England's national
 * social prescribing appointments, fitted only on the months before each origin, and the lowest
 * error chose `forecastCounts`'s method (docs/methods.md, "Demand against supply"). Kept beside
 * it so the comparison can be re-run when more history is published. Pure functions: no I/O.
 */
import { checkFinite, fail, show } from './errors.ts';
import { linearTrend } from './projection.ts';

export type PointForecast = (history: number[], h: number) => number;

const check = (fn: string, history: number[], h: number, least: number) => {
  if (!Array.isArray(history) || history.length < least)
    fail(fn, `history must be an array of at least ${least} counts, got ${show(history)}`);
  history.forEach((y, i) => checkFinite(fn, `history[${i}]`, y));
  if (!Number.isInteger(h) || h < 1) fail(fn, `h must be a whole number of months ≥ 1, got ${show(h)}`);
};

/** Carrying the latest month forward. */
export const latestMonth: PointForecast = (history, h) => {
  check('latestMonth', history, h, 1);
  return history[history.length - 1];
};

/** Seasonal naive: the same calendar month in the last 12 months held. */
export const sameMonthLastYear: PointForecast = (history, h) => {
  check('sameMonthLastYear', history, h, 12);
  return history[history.length - 12 + ((h - 1) % 12)];
};

/** The mean of the last `k` months, held flat. */
export const meanOfLast =
  (k: number): PointForecast =>
  (history, h) => {
    check('meanOfLast', history, h, k);
    return history.slice(-k).reduce((s, y) => s + y, 0) / k;
  };

/** The least-squares line through the months, carried on (the method used before). */
export const leastSquaresLine: PointForecast = (history, h) => {
  check('leastSquaresLine', history, h, 3);
  const trend = linearTrend(history.map((y, t) => ({ t, y })));
  return trend.intercept + trend.slope * (history.length - 1 + h);
};

/**
 * Holt's linear trend with damping (Gardner & McKenzie; Hyndman & Athanasopoulos, FPP3 §8.2):
 * level ℓ and trend b started at y₀ and y₁ − y₀, α, β on a grid of 0.05 … 1 and φ on 0.80 … 0.98
 * (the range FPP3 recommends), chosen by the least sum of squared one-step errors in `history`;
 * forecast ℓ + (φ + … + φʰ) b.
 */
export const dampedTrend: PointForecast = (history, h) => {
  check('dampedTrend', history, h, 3);
  const grid = Array.from({ length: 20 }, (_, i) => (i + 1) / 20);
  let best = { sse: Infinity, level: 0, trend: 0, phi: 1 };
  for (const alpha of grid)
    for (const beta of grid)
      for (const phi of [0.8, 0.85, 0.9, 0.95, 0.98]) {
        let level = history[0];
        let trend = history[1] - history[0];
        let sse = 0;
        for (const y of history.slice(1)) {
          const error = y - (level + phi * trend);
          sse += error ** 2;
          level = level + phi * trend + alpha * error;
          trend = phi * trend + alpha * beta * error;
        }
        if (sse < best.sse) best = { sse, level, trend, phi };
      }
  let damp = 0;
  for (let j = 1; j <= h; j++) damp += best.phi ** j;
  return best.level + damp * best.trend;
};

/** Every candidate by the name docs/methods.md gives it. */
export const FORECAST_CANDIDATES: Record<string, PointForecast> = {
  'latest month carried forward': latestMonth,
  'same month last year': sameMonthLastYear,
  'mean of the last 3 months': meanOfLast(3),
  'mean of the last 6 months': meanOfLast(6),
  'mean of the last 12 months': meanOfLast(12),
  'least-squares line (12 months)': leastSquaresLine,
  'damped trend (Holt, φ ≤ 0.98)': dampedTrend,
};
