/**
 * A prediction interval for a series that grows in steps (link-worker FTE: posts filled a few at a
 * time), from the spread of its own changes between observations. The straight line's classical
 * interval (predictTrend) treats the points as scattered about a fixed line, so a workforce that
 * climbs in steps looks well fitted and its interval is far too narrow: on NHS Digital's published
 * workforce it covered 26 of 42 ICBs' FTE 12 months on. Here each change between observations is
 * a one-step-ahead forecast error of the series' own average drift, and those errors add up over
 * the horizon (a random walk with drift: Hyndman & Athanasopoulos, "Forecasting: principles and
 * practice", 3rd ed., §5.5, the drift method's h-step variance σ²h(1 + h/T)). docs/methods.md
 * ("Capacity projection") gives the coverage this achieved on history. Pure: no I/O.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { checkConfidence, checkFinite, fail, show } from './errors.ts';
import { MIN_TREND_POINTS, type TrendPoint } from './projection.ts';

/**
 * Half-width of the `confidence` interval `horizon` time units after the last point. Points may be
 * unevenly spaced (quarterly with gaps): the change over a gap of g units is taken to have variance
 * σ²g. With span S = t_last − t_first, drift μ = (y_last − y_first) / S and m changes,
 * σ² = Σ (Δy − μg)² / g / (m − 1), and the half-width is t(0.975, m − 1) · σ · √(h (1 + h / S)).
 *
 * @example
 * stepInterval([{ t: 0, y: 10 }, { t: 3, y: 13 }, { t: 6, y: 15 }, { t: 9, y: 20 }], 12);
 * // σ² = 0.7778, se = √(0.7778 × 12 × (1 + 12/9)) = 4.6667, half-width 4.302653 × 4.6667 = 20.079
 */
export function stepInterval(points: TrendPoint[], horizon: number, confidence = 0.95): number {
  const fn = 'stepInterval';
  if (!Array.isArray(points) || points.length < MIN_TREND_POINTS)
    fail(fn, `points must be an array of at least ${MIN_TREND_POINTS} points, got ${show(points)}`);
  checkFinite(fn, 'horizon', horizon);
  if (horizon < 0) fail(fn, `horizon must be ≥ 0, got ${horizon}`);
  checkConfidence(fn, confidence, 'confidence');
  const sorted = points
    .map((p, i) => ({
      t: checkFinite(fn, `points[${i}].t`, p?.t),
      y: checkFinite(fn, `points[${i}].y`, p?.y),
    }))
    .sort((a, b) => a.t - b.t);
  const span = sorted.at(-1)!.t - sorted[0].t;
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i].t === sorted[i - 1].t)
      fail(fn, `points must have different times, got t = ${sorted[i].t} twice`);
  const drift = (sorted.at(-1)!.y - sorted[0].y) / span;
  let ss = 0;
  for (let i = 1; i < sorted.length; i++) {
    const gap = sorted[i].t - sorted[i - 1].t;
    ss += (sorted[i].y - sorted[i - 1].y - drift * gap) ** 2 / gap;
  }
  const changes = sorted.length - 1;
  const sigma = Math.sqrt(ss / (changes - 1));
  return tQuantile(1 - (1 - confidence) / 2, changes - 1) * sigma * Math.sqrt(horizon * (1 + horizon / span));
}
