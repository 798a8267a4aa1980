/**
 * Before/after change on the same people: paired t-test, Wilcoxon signed-rank test, effect sizes and
 * the Jacobson & Truax reliable change index. Pure functions: no I/O.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import signrankCdf from '@stdlib/stats-base-dists-signrank-cdf';
import { checkConfidence, checkFinite, checkNumberArray, fail, show } from './errors.ts';

function mean(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** Sample standard deviation (n − 1 denominator). */
export function sampleSd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

function checkPairs(fn: string, before: unknown, after: unknown, minN: number): [number[], number[]] {
  const b = checkNumberArray(fn, 'before', before);
  const a = checkNumberArray(fn, 'after', after);
  if (b.length !== a.length)
    fail(fn, `before and after must have the same length, got ${b.length} and ${a.length}`);
  if (b.length < minN) fail(fn, `before must hold at least ${minN} people, got ${b.length}`);
  return [b, a];
}

type ChangeOptions = { confidence?: number; meaningfulChange?: number; higherIsBetter?: boolean };

/** The options of pairedChange and weightedPairedChange, checked, with their defaults. */
function checkChangeOptions(fn: string, options: ChangeOptions) {
  const confidence = checkConfidence(fn, options.confidence ?? 0.95, 'options.confidence');
  const meaningful =
    options.meaningfulChange === undefined
      ? undefined
      : checkFinite(fn, 'options.meaningfulChange', options.meaningfulChange);
  if (meaningful !== undefined && meaningful < 0)
    fail(fn, `options.meaningfulChange must be ≥ 0, got ${show(meaningful)}`);
  return { confidence, meaningful, higherIsBetter: options.higherIsBetter ?? true };
}

/**
 * Average ranks (1-based) of values, ties sharing the mean of their ranks, as R's `rank()`.
 */
function averageRanks(values: number[]): { ranks: number[]; tieSizes: number[] } {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const ranks = new Array<number>(values.length);
  const tieSizes: number[] = [];
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const r = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = r;
    tieSizes.push(j - i + 1);
    i = j + 1;
  }
  return { ranks, tieSizes };
}

/**
 * Wilcoxon signed-rank test on paired differences, matching R's `wilcox.test(after, before,
 * paired = TRUE)` defaults: zero differences dropped; exact p-value when fewer than 50 non-zero
 * differences and no ties or zeros; otherwise the normal approximation with tie-corrected variance
 * and continuity correction. V is the sum of the ranks of the positive differences (after − before).
 *
 * @example
 * wilcoxonSignedRank([0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
 *   [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3]); // { v: 40, pValue: 0.0390625, exact: true, n: 9 }
 */
export function wilcoxonSignedRank(
  before: number[],
  after: number[],
): { v: number; pValue: number; exact: boolean; n: number } {
  const [b, a] = checkPairs('wilcoxonSignedRank', before, after, 1);
  const all = a.map((x, i) => x - b[i]);
  const d = all.filter((x) => x !== 0);
  const hasZeros = d.length < all.length;
  const n = d.length;
  if (n === 0) return { v: 0, pValue: 1, exact: false, n: 0 };
  const { ranks, tieSizes } = averageRanks(d.map(Math.abs));
  const v = d.reduce((s, x, i) => (x > 0 ? s + ranks[i] : s), 0);
  const hasTies = tieSizes.some((t) => t > 1);
  if (n < 50 && !hasTies && !hasZeros) {
    const p = v > (n * (n + 1)) / 4 ? 1 - signrankCdf(v - 1, n) : signrankCdf(v, n);
    return { v, pValue: Math.min(1, 2 * p), exact: true, n };
  }
  const z0 = v - (n * (n + 1)) / 4;
  const sigma = Math.sqrt(
    (n * (n + 1) * (2 * n + 1)) / 24 - tieSizes.reduce((s, t) => s + t ** 3 - t, 0) / 48,
  );
  if (sigma === 0) return { v, pValue: 1, exact: false, n };
  const z = (z0 - Math.sign(z0) * 0.5) / sigma;
  const p = 2 * Math.min(normalCdf(z, 0, 1), 1 - normalCdf(z, 0, 1));
  return { v, pValue: Math.min(1, p), exact: false, n };
}

export interface PairedChange {
  n: number;
  meanBefore: number;
  meanAfter: number;
  /** mean of (after − before) */
  meanChange: number;
  /** standard error of meanChange: SD of the changes / √n */
  se: number;
  /** confidence limits of meanChange (t distribution, n − 1 df) */
  lower: number;
  upper: number;
  tStatistic: number;
  pValue: number;
  wilcoxonV: number;
  wilcoxonPValue: number;
  /** mean change / SD of the changes */
  cohensDz: number;
  /** mean change / mean of the before and after SDs (Lakens 2013, d_av) */
  cohensDav: number;
  /** share of people whose change is at least `meaningfulChange` in the better direction */
  shareImproved: number;
  shareDeteriorated: number;
}

/**
 * Paired comparison of before and after scores on the same people: mean change with a t-based
 * confidence interval and paired t-test (R `t.test(after, before, paired = TRUE)`), Wilcoxon
 * signed-rank test (R `wilcox.test` defaults), Cohen's d_z and d_av, and the shares of people who
 * improved or deteriorated by at least `meaningfulChange` (default: any change, i.e. > 0).
 *
 * @example
 * // R's sleep data: group 1 = before, group 2 = after
 * pairedChange([0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0],
 *              [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]);
 * // { meanChange: 1.58, lower: 0.7001142, upper: 2.4598858, tStatistic: 4.0621, pValue: 0.002833, … }
 */
export function pairedChange(before: number[], after: number[], options: ChangeOptions = {}): PairedChange {
  const fn = 'pairedChange';
  const [b, a] = checkPairs(fn, before, after, 2);
  const { confidence, meaningful, higherIsBetter } = checkChangeOptions(fn, options);
  const n = b.length;
  const d = a.map((x, i) => x - b[i]);
  const meanChange = mean(d);
  const sdD = sampleSd(d);
  const se = sdD / Math.sqrt(n);
  const df = n - 1;
  const tStatistic = meanChange / se;
  const pValue = Number.isFinite(tStatistic) ? 2 * (1 - tCdf(Math.abs(tStatistic), df)) : Number.NaN;
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  const w = wilcoxonSignedRank(b, a);
  const better = d.map((x) => (higherIsBetter ? x : -x));
  const improved = better.filter((x) =>
    meaningful === undefined || meaningful === 0 ? x > 0 : x >= meaningful,
  ).length;
  const deteriorated = better.filter((x) =>
    meaningful === undefined || meaningful === 0 ? x < 0 : x <= -meaningful,
  ).length;
  return {
    n,
    meanBefore: mean(b),
    meanAfter: mean(a),
    meanChange,
    se,
    lower: meanChange - half,
    upper: meanChange + half,
    tStatistic,
    pValue,
    wilcoxonV: w.v,
    wilcoxonPValue: w.pValue,
    cohensDz: meanChange / sdD,
    cohensDav: meanChange / ((sampleSd(b) + sampleSd(a)) / 2),
    shareImproved: improved / n,
    shareDeteriorated: deteriorated / n,
  };
}

/**
 * Jacobson & Truax (1991) reliable change index for each person:
 * RCI = (after − before) / S_diff, S_diff = √2 · SE, SE = SD_before · √(1 − reliability).
 * |RCI| > 1.96 is a reliable change; its sign (with `higherIsBetter`) says improved or deteriorated.
 * SD_before defaults to the sample SD of `before` (pass a published norm SD where one exists).
 *
 * @example
 * reliableChange([20, 20], [28, 21], { reliability: 0.84, sdBefore: 5 });
 * // SE = 2, S_diff = 2.828: rci [2.83, 0.35] → improved 1, unchanged 1, deteriorated 0
 */
export function reliableChange(
  before: number[],
  after: number[],
  options: { reliability: number; sdBefore?: number; higherIsBetter?: boolean },
): { rci: number[]; improved: number; unchanged: number; deteriorated: number } {
  const fn = 'reliableChange';
  const [b, a] = checkPairs(fn, before, after, 1);
  if (!options || typeof options !== 'object')
    fail(fn, `options must give a reliability, got ${show(options)}`);
  const r = checkFinite(fn, 'options.reliability', options.reliability);
  if (!(r >= 0 && r < 1)) fail(fn, `options.reliability must be from 0 to below 1, got ${show(r)}`);
  let sd: number;
  if (options.sdBefore === undefined) {
    if (b.length < 2)
      fail(fn, `options.sdBefore is needed when before holds fewer than 2 people, got ${b.length}`);
    sd = sampleSd(b);
  } else sd = checkFinite(fn, 'options.sdBefore', options.sdBefore);
  if (!(sd > 0)) fail(fn, `the SD of before must be > 0, got ${show(sd)}`);
  const sDiff = Math.sqrt(2 * (sd * Math.sqrt(1 - r)) ** 2);
  const rci = a.map((x, i) => (x - b[i]) / sDiff);
  const sign = (options.higherIsBetter ?? true) ? 1 : -1;
  const improved = rci.filter((x) => sign * x > 1.96).length;
  const deteriorated = rci.filter((x) => sign * x < -1.96).length;
  return { rci, improved, unchanged: rci.length - improved - deteriorated, deteriorated };
}

/** People who share a (before, after) pair of scores: the aggregated form the marts keep. */
export interface WeightedPair {
  before: number;
  after: number;
  /** how many people had exactly these scores (a whole number ≥ 0) */
  people: number;
}

/** The parts of `PairedChange` that need only sums: no rank test, no d_av. */
export type WeightedPairedChange = Omit<PairedChange, 'wilcoxonV' | 'wilcoxonPValue' | 'cohensDav'>;

/**
 * `pairedChange` on scores given as (before, after, people) rows, without expanding them into one
 * entry per person: the marts aggregate pairs that way, and a national query holds millions of
 * people in a few thousand rows. Exactly `pairedChange` of the expanded arrays for every field it
 * returns (same t interval, d_z and shares); the rank test, which needs every person, is left out.
 *
 * @example
 * weightedPairedChange([{ before: 20, after: 24, people: 3 }, { before: 22, after: 21, people: 1 }]);
 * // = pairedChange([20, 20, 20, 22], [24, 24, 24, 21]) without wilcoxon*: meanChange 2.75, n 4
 */
export function weightedPairedChange(
  pairs: WeightedPair[],
  options: ChangeOptions = {},
): WeightedPairedChange {
  const fn = 'weightedPairedChange';
  if (!Array.isArray(pairs)) fail(fn, `pairs must be an array, got ${show(pairs)}`);
  pairs.forEach((p, i) => {
    checkFinite(fn, `pairs[${i}].before`, p?.before);
    checkFinite(fn, `pairs[${i}].after`, p?.after);
    if (!(Number.isInteger(p.people) && p.people >= 0))
      fail(fn, `pairs[${i}].people must be a whole number ≥ 0, got ${show(p.people)}`);
  });
  const n = pairs.reduce((s, p) => s + p.people, 0);
  if (n < 2) fail(fn, `pairs must hold at least 2 people, got ${n}`);
  const { confidence, meaningful, higherIsBetter } = checkChangeOptions(fn, options);
  // two passes (mean, then squared deviations), as sampleSd does, for the same rounding
  const wmean = (f: (p: WeightedPair) => number) => pairs.reduce((s, p) => s + p.people * f(p), 0) / n;
  const meanChange = wmean((p) => p.after - p.before);
  const sdD = Math.sqrt(
    pairs.reduce((s, p) => s + p.people * (p.after - p.before - meanChange) ** 2, 0) / (n - 1),
  );
  const se = sdD / Math.sqrt(n);
  const df = n - 1;
  const tStatistic = meanChange / se;
  const pValue = Number.isFinite(tStatistic) ? 2 * (1 - tCdf(Math.abs(tStatistic), df)) : Number.NaN;
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  const better = (p: WeightedPair) => (higherIsBetter ? 1 : -1) * (p.after - p.before);
  const count = (keep: (x: number) => boolean) =>
    pairs.reduce((s, p) => (keep(better(p)) ? s + p.people : s), 0);
  const anyChange = meaningful === undefined || meaningful === 0;
  return {
    n,
    meanBefore: wmean((p) => p.before),
    meanAfter: wmean((p) => p.after),
    meanChange,
    se,
    lower: meanChange - half,
    upper: meanChange + half,
    tStatistic,
    pValue,
    cohensDz: meanChange / sdD,
    shareImproved: count((x) => (anyChange ? x > 0 : x >= meaningful)) / n,
    shareDeteriorated: count((x) => (anyChange ? x < 0 : x <= -meaningful)) / n,
  };
}

/**
 * The t-based confidence interval of a mean from its SD and n: mean ± t(1 − α/2, n − 1) · SD / √n,
 * as `pairedChange` computes it. The dashboard passes the n it shows (the protected count), so the
 * interval's width cannot be turned back into an unrounded n (docs/security.md); null for n < 2.
 *
 * @example
 * // R's sleep data: mean change 1.58, SD 1.2299955, n 10
 * meanInterval(1.58, 1.2299955, 10); // { lower: 0.7001142, upper: 2.4598858 }
 */
export function meanInterval(
  meanValue: number,
  sd: number,
  n: number,
  confidence = 0.95,
): { lower: number; upper: number } | null {
  const fn = 'meanInterval';
  checkFinite(fn, 'mean', meanValue);
  checkFinite(fn, 'sd', sd);
  checkFinite(fn, 'n', n);
  if (sd < 0) fail(fn, `sd must be ≥ 0, got ${show(sd)}`);
  checkConfidence(fn, confidence);
  if (n < 2) return null;
  const half = (tQuantile(1 - (1 - confidence) / 2, n - 1) * sd) / Math.sqrt(n);
  return { lower: meanValue - half, upper: meanValue + half };
}
