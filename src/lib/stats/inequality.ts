/**
 * Slope index of inequality (Fingertips / PHEindicatormethods `phe_sii`). Pure functions: no I/O.
 */
import { checkConfidence, checkFinite, checkNonNegative, checkPositive, fail, show } from './errors.ts';
import { zFor } from './intervals.ts';

export interface SiiQuantile {
  /** population of the quantile (e.g. deprivation decile) */
  population: number;
  /** indicator value in the quantile, on its natural scale */
  value: number;
  /** standard error of `value` */
  se: number;
}

/**
 * Slope index of inequality across quantiles given in order (quantile 1 first, e.g. most deprived).
 * Point estimate exactly as `phe_sii`: each quantile sits at the midpoint b of its cumulative
 * population share; with a = population share, √a·value is regressed on √a and b·√a without an
 * intercept (weighted least squares); the SII is the b·√a coefficient × `multiplier`, the RII
 * (b·√a + √a coefficient) / √a coefficient. Confidence limits: `phe_sii` simulates (100,000
 * normal draws of each quantile's value from its standard error, each multiplied by √a before the
 * fit). The slope is linear in those draws, so the simulation converges to a normal distribution
 * with variance Σ cᵢ² · aᵢ · seᵢ² (c the slope row of (XᵀX)⁻¹Xᵀ, aᵢ·seᵢ² the variance of √aᵢ·valueᵢ),
 * used here in closed form (values on their natural scale: `phe_sii` value_type 0).
 *
 * Like `phe_sii`, every quantile must be there with a population > 0 and a standard error, and
 * there must be 5 to 100 of them: leaving a quantile out would move every other quantile's
 * midpoint, so a caller missing one has no SII rather than a different one.
 *
 * @example
 * slopeIndexOfInequality([
 *   { population: 100, value: 10, se: 1 }, { population: 100, value: 12, se: 1 },
 *   { population: 100, value: 14, se: 1 }, { population: 100, value: 16, se: 1 },
 *   { population: 100, value: 18, se: 1 },
 * ]); // sii 10, 95% CI 6.90 to 13.10 (the value rises by 2 per fifth: 10 across the whole range)
 */
export function slopeIndexOfInequality(
  quantiles: SiiQuantile[],
  options: { confidence?: number; multiplier?: number } = {},
): { sii: number; rii: number; lower: number; upper: number } {
  const fn = 'slopeIndexOfInequality';
  if (!Array.isArray(quantiles) || quantiles.length < 5 || quantiles.length > 100) {
    // phe_sii: "Number of quantiles must be between 5 and 100"
    fail(fn, `quantiles must be an array of 5 to 100 quantiles, got ${show(quantiles)}`);
  }
  const confidence = checkConfidence(fn, options.confidence ?? 0.95, 'options.confidence');
  const multiplier = checkFinite(fn, 'options.multiplier', options.multiplier ?? 1);
  if (multiplier === 0) fail(fn, 'options.multiplier must not be 0, got 0');
  const pops = quantiles.map((q, i) => checkPositive(fn, `quantiles[${i}].population`, q?.population));
  const values = quantiles.map((q, i) => checkFinite(fn, `quantiles[${i}].value`, q?.value));
  const ses = quantiles.map((q, i) => checkNonNegative(fn, `quantiles[${i}].se`, q?.se));
  const totalPop = pops.reduce((s, p) => s + p, 0);
  const a = pops.map((p) => p / totalPop);
  let cum = 0;
  const b = a.map((ai) => {
    const mid = cum + ai / 2;
    cum += ai;
    return mid;
  });
  // X = [√a, b√a]; XᵀX = [[Σa, Σab], [Σab, Σab²]]
  const s11 = a.reduce((s, ai) => s + ai, 0);
  const s12 = a.reduce((s, ai, i) => s + ai * b[i], 0);
  const s22 = a.reduce((s, ai, i) => s + ai * b[i] ** 2, 0);
  const det = s11 * s22 - s12 * s12;
  if (!(det > 0)) fail(fn, `quantiles must span more than one population midpoint, got ${show(pops)}`);
  // slope row of (XᵀX)⁻¹Xᵀ applied to Y = √a·value: cᵢ = (−s12·√aᵢ + s11·bᵢ√aᵢ)/det
  const c = a.map((ai, i) => ((-s12 + s11 * b[i]) * Math.sqrt(ai)) / det);
  const interceptRow = a.map((ai, i) => ((s22 - s12 * b[i]) * Math.sqrt(ai)) / det);
  const y = a.map((ai, i) => Math.sqrt(ai) * values[i]);
  const slope = c.reduce((s, ci, i) => s + ci * y[i], 0);
  const intercept = interceptRow.reduce((s, ri, i) => s + ri * y[i], 0);
  // Var(√aᵢ·valueᵢ) = aᵢ·seᵢ²: the population share weights the variance as it weights the value
  const variance = c.reduce((s, ci, i) => s + ci * ci * a[i] * ses[i] ** 2, 0);
  const half = zFor(confidence) * Math.sqrt(variance);
  let rii = (slope + intercept) / intercept;
  if (multiplier < 0) rii = 1 / rii;
  const lo = (slope - half) * multiplier;
  const hi = (slope + half) * multiplier;
  return { sii: slope * multiplier, rii, lower: Math.min(lo, hi), upper: Math.max(lo, hi) };
}
