/**
 * Confidence intervals and funnel-plot limits following PHEindicatormethods (UKHSA / PHE Fingertips
 * technical guidance). Pure functions: no I/O.
 */
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import chisqQuantile from '@stdlib/stats-base-dists-chisquare-quantile';
import gammaQuantile from '@stdlib/stats-base-dists-gamma-quantile';
import { checkConfidence, checkNonNegative, checkPositive, checkFinite, fail, show } from './errors.ts';

/** Two-sided critical value z for a confidence level, e.g. 1.959964 for 0.95. */
export function zFor(confidence: number): number {
  return normalQuantile(confidence + (1 - confidence) / 2, 0, 1);
}

/**
 * Wilson score interval for a proportion (Wilson 1927; Newcombe & Altman 2000), as PHEindicatormethods
 * `wilson_lower`/`wilson_upper`. Value and limits are proportions (0–1).
 *
 * @example
 * wilsonInterval(65, 100); // { value: 0.65, lower: 0.5525…, upper: 0.7364… }
 */
export function wilsonInterval(
  numerator: number,
  denominator: number,
  confidence = 0.95,
): { value: number; lower: number; upper: number } {
  const fn = 'wilsonInterval';
  const x = checkNonNegative(fn, 'numerator', numerator);
  const n = checkPositive(fn, 'denominator', denominator);
  if (n < x) fail(fn, `denominator must be ≥ numerator, got ${show(n)} < ${show(x)}`);
  const z = zFor(checkConfidence(fn, confidence));
  const root = z * Math.sqrt(z * z + 4 * x * (1 - x / n));
  const lower = (2 * x + z * z - root) / 2 / (n + z * z);
  const upper = (2 * x + z * z + root) / 2 / (n + z * z);
  // guard rounding at the boundaries (x = 0 or x = n give exactly 0 or 1 algebraically)
  return {
    value: x / n,
    lower: Math.max(0, Math.min(lower, x / n)),
    upper: Math.min(1, Math.max(upper, x / n)),
  };
}

/** Byar's approximation to the lower Poisson limit (Breslow & Day 1987), PHEindicatormethods `byars_lower`. */
export function byarsLower(count: number, confidence = 0.95): number {
  const z = zFor(confidence);
  return count * (1 - 1 / (9 * count) - z / (3 * Math.sqrt(count))) ** 3;
}

/** Byar's approximation to the upper Poisson limit, PHEindicatormethods `byars_upper`. */
export function byarsUpper(count: number, confidence = 0.95): number {
  const z = zFor(confidence);
  return (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * Math.sqrt(count + 1))) ** 3;
}

/** Exact Poisson limits via the chi-square distribution (Armitage & Berry), as PHEindicatormethods uses for counts < 10. */
export function exactPoissonInterval(count: number, confidence = 0.95): { lower: number; upper: number } {
  const alpha = 1 - confidence;
  return {
    lower: count === 0 ? 0 : chisqQuantile(alpha / 2, 2 * count) / 2,
    upper: chisqQuantile(1 - alpha / 2, 2 * count + 2) / 2,
  };
}

/**
 * Confidence interval for a count of events (Poisson): exact (chi-square) limits for count < 10,
 * Byar's approximation otherwise, as PHEindicatormethods `phe_rate` / Fingertips.
 *
 * @example
 * byarsInterval(100); // { lower: 81.362…, upper: 121.624… }
 * byarsInterval(5);   // { lower: 1.6235, upper: 11.668 } (exact)
 */
export function byarsInterval(count: number, confidence = 0.95): { lower: number; upper: number } {
  const fn = 'byarsInterval';
  const x = checkNonNegative(fn, 'count', count);
  const c = checkConfidence(fn, confidence);
  if (x < 10) return exactPoissonInterval(x, c);
  return { lower: byarsLower(x, c), upper: byarsUpper(x, c) };
}

export interface DsrRow {
  count: number;
  population: number;
  standardPopulation: number;
}

/**
 * Directly standardised rate with Dobson et al. (1991) confidence limits built on Byar's limits for
 * the total count, as PHEindicatormethods `phe_dsr`. Returns null when the total count is below 10
 * (the DSR is then not published). `multiplier` defaults to 100,000.
 *
 * @example
 * dsr([
 *   { count: 30, population: 2000, standardPopulation: 5000 },
 *   { count: 40, population: 1000, standardPopulation: 4000 },
 * ]); // { value: 2611.1…, lower: …, upper: … } per 100,000
 */
export function dsr(
  rows: DsrRow[],
  options: { confidence?: number; multiplier?: number } = {},
): { value: number; lower: number; upper: number } | null {
  const fn = 'dsr';
  if (!Array.isArray(rows) || rows.length === 0)
    fail(fn, `rows must be a non-empty array, got ${show(rows)}`);
  const confidence = checkConfidence(fn, options.confidence ?? 0.95, 'options.confidence');
  const multiplier = checkPositive(fn, 'options.multiplier', options.multiplier ?? 100000);
  let total = 0;
  let weighted = 0;
  let stdTotal = 0;
  let squares = 0;
  rows.forEach((row, i) => {
    const x = checkNonNegative(fn, `rows[${i}].count`, row?.count);
    const n = checkPositive(fn, `rows[${i}].population`, row?.population);
    const w = checkNonNegative(fn, `rows[${i}].standardPopulation`, row?.standardPopulation);
    total += x;
    weighted += (x * w) / n;
    squares += x * (w / n) ** 2;
    stdTotal += w;
  });
  if (stdTotal <= 0) fail(fn, `the standard populations must not all be 0, got a total of ${show(stdTotal)}`);
  if (total < 10) return null;
  const value = (weighted / stdTotal) * multiplier;
  const variance = squares / stdTotal ** 2;
  const scale = Math.sqrt(variance / total) * multiplier;
  return {
    value,
    // Dobson's lower limit can fall below 0 when one small stratum dominates the variance (a count of
    // 1 in a population of 1); PHEindicatormethods would report it. A rate cannot be negative, so
    // we report 0 (docs/methods.md, "Choices where references differ").
    lower: Math.max(0, value + scale * (byarsLower(total, confidence) - total)),
    upper: value + scale * (byarsUpper(total, confidence) - total),
  };
}

/**
 * Control limits of a proportion funnel plot at one denominator, PHEindicatormethods
 * `sigma_adjustment` (Fingertips technical guidance): the Wilson-score limits around the average
 * proportion, with p = confidence + (1 − confidence)/2 (0.975 for 0.95, 0.999 for 0.998); limits are
 * proportions clipped to 0–1 as in `phe_funnels`.
 *
 * @example
 * funnelProportionLimits(0.80642448, 100, 0.95); // { lower: 0.72974925, upper: 0.88309971 }
 */
export function funnelProportionLimits(
  average: number,
  denominator: number,
  confidence: number,
): { lower: number; upper: number } {
  const fn = 'funnelProportionLimits';
  const a = checkFinite(fn, 'average', average);
  if (a < 0 || a > 1) fail(fn, `average must be a proportion from 0 to 1, got ${show(a)}`);
  const n = checkPositive(fn, 'denominator', denominator);
  const c = checkConfidence(fn, confidence);
  const q = normalQuantile(c + (1 - c) / 2, 0, 1) ** 2;
  const first = a * (n / q + 1);
  const adj = Math.sqrt(
    (-8 * a * (n / q + 1)) ** 2 - 64 * (1 / q + 1 / n) * a * (n * (a * (n / q + 2) - 1) + q * (a - 1)),
  );
  const last = 1 / q + 1 / n;
  const lower = (first - adj / 8) / last / n;
  const upper = (first + adj / 8) / last / n;
  return { lower: Math.max(0, lower), upper: Math.min(1, upper) };
}

/**
 * Cumulative Poisson probability P(xa ≤ X ≤ xb) for mean z, summed the way PHEindicatormethods'
 * funnel code (from the Fingertips Excel macro) does.
 */
function poissonCis(z: number, xa: number, xb: number): number {
  let q = 1;
  let tot = 0;
  let s = 0;
  let k = 0;
  while (k <= z || q > tot * 1e-10) {
    tot += q;
    if (k >= xa && k <= xb) s += q;
    if (tot > 1e30) {
      s /= 1e30;
      tot /= 1e30;
      q /= 1e30;
    }
    k += 1;
    q *= z / k;
  }
  return s / tot;
}

/**
 * The expected count at which an observed count sits exactly on a ratio-funnel limit, found by the
 * same bisection as PHEindicatormethods `poisson_funnel` (tolerance 1e-7 on v, E = (1 + O)v/(1 − v)).
 * `p` is the one-sided tail (0.025 for the 95% funnel, 0.001 for 99.8%); side 'high' gives the
 * expected count for the lower ratio limit, 'low' for the upper ratio limit.
 *
 * @example
 * poissonFunnelExpected(10, 0.025, 'high'); // 18.39035799 → lower 95% ratio limit 10/18.39 = 0.5438
 */
export function poissonFunnelExpected(observed: number, p: number, side: 'low' | 'high'): number {
  const fn = 'poissonFunnelExpected';
  const obs = checkNonNegative(fn, 'observed', observed);
  const prob = checkFinite(fn, 'p', p);
  if (!(prob > 0 && prob < 0.5))
    fail(fn, `p must be a one-sided tail probability between 0 and 0.5, got ${show(prob)}`);
  if (side !== 'low' && side !== 'high') fail(fn, `side must be 'low' or 'high', got ${show(side)}`);
  let v = 0.5;
  let dv = 0.5;
  while (dv > 1e-7) {
    dv /= 2;
    if (side === 'low') {
      if (poissonCis(((1 + obs) * v) / (1 - v), obs, 1e10) > prob) v -= dv;
      else v += dv;
    } else if (poissonCis(((1 + obs) * v) / (1 - v), 0, obs) < prob) v -= dv;
    else v += dv;
  }
  return ((1 + obs) * v) / (1 - v);
}

/** Solves gammaQuantile(prob, shape) = target for shape by bisection (monotone increasing in shape). */
function shapeForQuantile(prob: number, target: number): number {
  let lo = 1e-12;
  let hi = Math.max(2, target * 2 + 50);
  while (gammaQuantile(prob, hi, 1) < target) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-13 * Math.max(1, hi); i++) {
    const mid = (lo + hi) / 2;
    if (gammaQuantile(prob, mid, 1) < target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * Control limits of a ratio funnel plot (observed/expected, e.g. an indirectly standardised ratio)
 * at one expected count. `observedExpected` is the funnel's baseline ratio (1 when expected counts
 * are already calibrated). The limits are the continuous form of the PHEindicatormethods ratio
 * funnel: the upstream code tabulates, for each observed count O, the expected count E at which O is
 * on a Poisson limit (`poissonFunnelExpected`, which converges to the gamma quantiles
 * E = Γ⁻¹(1 − p; O + 1) for the lower limit and E = Γ⁻¹(p; O) for the upper). Here, for the given
 * mean μ = baseline × expected, the O that puts the curve through μ is solved iteratively and the
 * limit is O / expected.
 *
 * @example
 * funnelRatioLimits(1, 18.39035799, 0.95).lower; // 0.5437632 (= 10 / 18.39035799)
 */
export function funnelRatioLimits(
  observedExpected: number,
  expected: number,
  confidence: number,
): { lower: number; upper: number } {
  const fn = 'funnelRatioLimits';
  const r = checkPositive(fn, 'observedExpected', observedExpected);
  const e = checkPositive(fn, 'expected', expected);
  const c = checkConfidence(fn, confidence);
  const p = (1 - c) / 2;
  const mu = r * e;
  // lower: mu = Γ⁻¹(1 − p; O + 1) → O = shape − 1 (O < 0 means no observed count can be "low")
  const lowerObserved = Math.max(0, shapeForQuantile(1 - p, mu) - 1);
  // upper: mu = Γ⁻¹(p; O)
  const upperObserved = shapeForQuantile(p, mu);
  return { lower: lowerObserved / e, upper: upperObserved / e };
}
