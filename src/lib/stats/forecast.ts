/**
 * Forecasting a monthly count (referrals) from its own recent months: the same method as the FTE
 * projection (projection.ts), a least-squares line on (month index, count) with the classical 95%
 * prediction interval, cut at 0 (a count cannot be negative; the line itself is not cut). Chosen
 * over a seasonal naive forecast because most areas hold fewer than the two years of months a
 * seasonal method needs to be checked; its error on history is in docs/methods.md ("Demand
 * against supply"). Pure functions: no I/O.
 */
import { checkFinite, fail, show } from './errors.ts';
import { MIN_TREND_POINTS, linearTrend, predictTrend, type TrendPoint } from './projection.ts';

export interface ForecastPoint {
  t: number;
  value: number;
  lower: number;
  upper: number;
}

/**
 * The line through `points` carried to each time in `at`, with its prediction interval, the
 * interval's lower end cut at 0. Points with a null value (a suppressed month) are left out;
 * null when fewer than MIN_TREND_POINTS remain.
 *
 * @example
 * forecastCounts([{ t: 0, y: 10 }, { t: 1, y: 12 }, { t: 2, y: 15 }, { t: 3, y: 17 }], [5]);
 * // [{ t: 5, value: 21.9, lower: 19.28, upper: 24.52 }]
 */
export function forecastCounts(
  points: { t: number; y: number | null }[],
  at: number[],
  confidence = 0.95,
): ForecastPoint[] | null {
  const fn = 'forecastCounts';
  if (!Array.isArray(points)) fail(fn, `points must be an array, got ${show(points)}`);
  if (!Array.isArray(at)) fail(fn, `at must be an array of times, got ${show(at)}`);
  const known = points.filter((p): p is TrendPoint => p?.y !== null && p?.y !== undefined);
  if (known.length < MIN_TREND_POINTS) return null;
  const trend = linearTrend(known);
  return at.map((t, i) => {
    checkFinite(fn, `at[${i}]`, t);
    const p = predictTrend(trend, t, confidence);
    return { t, value: p.value, lower: Math.max(0, p.lower), upper: p.upper };
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
