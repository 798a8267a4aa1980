/**
 * Forecasting a monthly count (referrals) from its own recent months: the mean of the last 3 known
 * months, held flat, with a 95% interval from the method's own one-step errors in the months
 * fitted. Chosen by a backtest on NHS England's national social prescribing appointments against
 * carrying the latest month forward, the same month last year, the means of the last 6 and 12
 * months, a least-squares line and a damped trend (forecast-candidates.ts): it had the lowest error
 * (docs/methods.md, "Demand against supply"). Pure functions: no I/O.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { checkConfidence, checkFinite, fail, show } from './errors.ts';

export interface ForecastPoint {
  t: number;
  value: number;
  lower: number;
  upper: number;
}

/** The forecast is the mean of this many latest known months. */
export const RECENT_MONTHS = 3;
/**
 * Fewest known months a forecast is made from: the 3 averaged and 2 one-step errors before them,
 * so the interval rests on more than one error.
 */
export const MIN_FORECAST_MONTHS = RECENT_MONTHS + 2;

/**
 * The mean of the last RECENT_MONTHS known counts in `points`, for each time in `at`, with a
 * prediction interval ± z · RMSE, where the RMSE is of the method's own one-step errors in
 * `points`: each known count after the first 3 less the mean of the 3 known counts before it. The
 * interval does not widen with the horizon: on the backtest the one-step errors' spread covered
 * 82 of 84 months 1–12 ahead, and widening it by √h covered all 84 (too wide). Its lower end is cut
 * at 0. Points with a null value (a suppressed month) are left out, so a mean may span a gap; null
 * when fewer than MIN_FORECAST_MONTHS remain.
 *
 * @example
 * forecastCounts([10, 12, 15, 17, 16, 20].map((y, t) => ({ t, y })), [8]);
 * // [{ t: 8, value: 17.667, lower: 10.55, upper: 24.78 }]  (one-step errors 4.667, 1.333, 4)
 */
export function forecastCounts(
  points: { t: number; y: number | null }[],
  at: number[],
  confidence = 0.95,
): ForecastPoint[] | null {
  const fn = 'forecastCounts';
  if (!Array.isArray(points)) fail(fn, `points must be an array, got ${show(points)}`);
  if (!Array.isArray(at)) fail(fn, `at must be an array of times, got ${show(at)}`);
  checkConfidence(fn, confidence, 'confidence');
  // the counts in time order, a suppressed month (null) left out
  const known = points
    .map((p, i) => ({ t: checkFinite(fn, `points[${i}].t`, p?.t), y: p?.y, i }))
    .filter((p) => p.y !== null && p.y !== undefined)
    .sort((a, b) => a.t - b.t)
    .map((p) => checkFinite(fn, `points[${p.i}].y`, p.y));
  if (known.length < MIN_FORECAST_MONTHS) return null;
  const meanBefore = (i: number) =>
    known.slice(i - RECENT_MONTHS, i).reduce((s, y) => s + y, 0) / RECENT_MONTHS;
  const errors = known.slice(RECENT_MONTHS).map((y, j) => y - meanBefore(RECENT_MONTHS + j));
  const rmse = Math.sqrt(errors.reduce((s, e) => s + e ** 2, 0) / errors.length);
  const value = meanBefore(known.length);
  const half = normalQuantile(1 - (1 - confidence) / 2, 0, 1) * rmse;
  return at.map((t, i) => {
    checkFinite(fn, `at[${i}]`, t);
    return { t, value, lower: Math.max(0, value - half), upper: value + half };
  });
}

/**
 * NHS England's caseload guide for a full-time link worker: 200–250 people a year (NHS England,
 * "Social prescribing: reference guide and technical annex for primary care networks", 2023; the
 * same guide the capacity-by-PCN panel reads against). An assumption about capacity, not a
 * measurement: supply is FTE × this guide.
 */
export const CASELOAD_GUIDE = { low: 200, high: 250 } as const;

/** The referrals a month `fte` link workers can take on at the caseload guide: [low, high]. */
export function monthlyCapacity(fte: number): { low: number; high: number } {
  checkFinite('monthlyCapacity', 'fte', fte);
  if (fte < 0) fail('monthlyCapacity', `fte must be ≥ 0, got ${fte}`);
  return { low: (fte * CASELOAD_GUIDE.low) / 12, high: (fte * CASELOAD_GUIDE.high) / 12 };
}
