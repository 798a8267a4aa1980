/**
 * Projecting a series from its own recent trend: ordinary least squares on (month index, value)
 * with the classical prediction interval. Pure functions: no I/O. Used for link-worker FTE
 * (docs/methods.md, "Capacity projection"), checked against a hand-worked example and a backtest
 * on NHS Digital's published workforce (tests/lib/stats/projection.test.ts,
 * tests/routes/capacity-projection.test.ts).
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { checkConfidence, checkFinite, fail, show } from './errors.ts';

export interface TrendPoint {
  /** time in months from any origin (points need not be consecutive: NHS Digital is quarterly) */
  t: number;
  y: number;
}

export interface LinearTrend {
  intercept: number;
  /** change per month */
  slope: number;
  n: number;
  /** mean of t, and Σ(t − mean)² */
  tMean: number;
  sxx: number;
  /** residual standard deviation, √(SSE / (n − 2)) */
  residualSd: number;
}

/** Fewest points a trend is fitted on: with 2 the line fits exactly and there is no interval. */
export const MIN_TREND_POINTS = 3;

/**
 * The least-squares line through the points.
 *
 * @example
 * linearTrend([{ t: 0, y: 10 }, { t: 1, y: 12 }, { t: 2, y: 15 }, { t: 3, y: 17 }]);
 * // slope 2.4, intercept 9.9, residual SD √(0.2 / 2) = 0.316
 */
export function linearTrend(points: TrendPoint[]): LinearTrend {
  const fn = 'linearTrend';
  if (!Array.isArray(points) || points.length < MIN_TREND_POINTS)
    fail(fn, `points must be an array of at least ${MIN_TREND_POINTS} points, got ${show(points)}`);
  const ts = points.map((p, i) => checkFinite(fn, `points[${i}].t`, p?.t));
  const ys = points.map((p, i) => checkFinite(fn, `points[${i}].y`, p?.y));
  const n = ts.length;
  const tMean = ts.reduce((s, t) => s + t, 0) / n;
  const yMean = ys.reduce((s, y) => s + y, 0) / n;
  const sxx = ts.reduce((s, t) => s + (t - tMean) ** 2, 0);
  if (sxx === 0) fail(fn, `points must have at least two different times, got every t = ${ts[0]}`);
  const sxy = ts.reduce((s, t, i) => s + (t - tMean) * (ys[i] - yMean), 0);
  const slope = sxy / sxx;
  const intercept = yMean - slope * tMean;
  const sse = ts.reduce((s, t, i) => s + (ys[i] - intercept - slope * t) ** 2, 0);
  return { intercept, slope, n, tMean, sxx, residualSd: Math.sqrt(sse / (n - 2)) };
}

/**
 * The trend's value at `t` with its prediction interval (a new observation, not the mean):
 * ŷ ± t(n − 2) · s · √(1 + 1/n + (t − t̄)² / Sxx).
 */
export function predictTrend(
  trend: LinearTrend,
  t: number,
  confidence = 0.95,
): { value: number; lower: number; upper: number } {
  const fn = 'predictTrend';
  checkFinite(fn, 't', t);
  checkConfidence(fn, confidence, 'confidence');
  const value = trend.intercept + trend.slope * t;
  const se = trend.residualSd * Math.sqrt(1 + 1 / trend.n + (t - trend.tMean) ** 2 / trend.sxx);
  const half = tQuantile(1 - (1 - confidence) / 2, trend.n - 2) * se;
  return { value, lower: value - half, upper: value + half };
}

/**
 * The first t in `from` … `to` (whole months) at which the trend reaches `target(t)`, or null
 * ("not at this trend"). `target` may return null for a month without a target (it is skipped).
 */
export function firstReach(
  trend: LinearTrend,
  from: number,
  to: number,
  target: (t: number) => number | null,
): number | null {
  for (let t = from; t <= to; t++) {
    const goal = target(t);
    if (goal !== null && trend.intercept + trend.slope * t >= goal) return t;
  }
  return null;
}
