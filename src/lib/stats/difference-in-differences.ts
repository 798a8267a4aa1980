/**
 * Health-care use before and after referral against a matched comparison: the per-person change
 * in mean monthly count (after window minus before window, the index month excluded), and the
 * difference-in-differences of the two cohorts' mean changes with a Welch interval (issue 15,
 * docs/methods.md "Health-care use"). Pure functions: no I/O.
 *
 * The estimate rests on group summaries (people, sum and sum of squares of the per-person
 * changes), so a mart can hold them per area cell and a released figure can be recombined from
 * cells without person rows.
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { checkConfidence, checkFinite, checkInteger, fail, show } from './errors.ts';

/** Months relative to the index month (0): the before and after windows, both inclusive. */
export interface ActivityWindows {
  before: readonly [number, number];
  after: readonly [number, number];
}

/** Issue 15's windows: months −6…−1 before and +1…+6 after; the index month itself is excluded. */
export const DEFAULT_WINDOWS: ActivityWindows = { before: [-6, -1], after: [1, 6] };

/** The windows of `months` months either side of the index month (SPO_HCU_WINDOW_MONTHS): −w…−1 and +1…+w. */
export function windowsOfMonths(months: number): ActivityWindows {
  const w = checkInteger('windowsOfMonths', 'months', months);
  if (w < 1) fail('windowsOfMonths', `months must be at least 1, got ${show(months)}`);
  return { before: [-w, -1], after: [1, w] };
}

/** Months in a quarter and in a year: per-person-per-month figures are scaled by these. */
export const MONTHS_PER_QUARTER = 3;
export const MONTHS_PER_YEAR = 12;

/** People, sum and sum of squares of one cohort's per-person changes (per month). */
export interface ChangeSummary {
  n: number;
  sum: number;
  sumSquares: number;
}

/** The windows, checked: whole months, first ≤ last, before ends before the index month, after starts after it. */
export function checkWindows(fn: string, windows: ActivityWindows): ActivityWindows {
  const [b0, b1] = windows.before.map((m, i) => checkInteger(fn, `windows.before[${i}]`, m));
  const [a0, a1] = windows.after.map((m, i) => checkInteger(fn, `windows.after[${i}]`, m));
  if (b0 > b1 || a0 > a1)
    fail(fn, `each window must run from its first month to its last, got ${show(windows)}`);
  if (b1 >= 0 || a0 <= 0)
    fail(
      fn,
      `the before window must end before the index month and the after window start after it, got ${show(windows)}`,
    );
  return { before: [b0, b1], after: [a0, a1] };
}

/**
 * One person's change: mean monthly count in the after window minus mean in the before window.
 * `counts` maps a month relative to the index month to that month's count; a month without an
 * entry had no activity (the extract sends no row for it) and counts as 0.
 *
 * @example
 * personChange(new Map([[-6, 3], [-5, 2], [-4, 4], [-3, 1], [-1, 2], [1, 1], [3, 1], [4, 2], [0, 9]])); // 4/6 − 12/6 = −4/3
 */
export function personChange(
  counts: ReadonlyMap<number, number>,
  windows: ActivityWindows = DEFAULT_WINDOWS,
): number {
  const fn = 'personChange';
  const w = checkWindows(fn, windows);
  const meanOver = ([first, last]: readonly [number, number]) => {
    let total = 0;
    for (let m = first; m <= last; m++) {
      const count = counts.get(m) ?? 0;
      if (!Number.isFinite(count) || count < 0)
        fail(fn, `the count for month ${m} must be ≥ 0, got ${show(count)}`);
      total += count;
    }
    return total / (last - first + 1);
  };
  return meanOver(w.after) - meanOver(w.before);
}

/** People, sum and sum of squares of a list of per-person changes. */
export function summariseChanges(changes: readonly number[]): ChangeSummary {
  changes.forEach((c, i) => checkFinite('summariseChanges', `changes[${i}]`, c));
  return {
    n: changes.length,
    sum: changes.reduce((s, c) => s + c, 0),
    sumSquares: changes.reduce((s, c) => s + c * c, 0),
  };
}

/** Two summaries of disjoint people combined (cells of a mart add up to an area). */
export function addSummaries(a: ChangeSummary, b: ChangeSummary): ChangeSummary {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares };
}

function checkSummary(fn: string, arg: string, s: ChangeSummary): ChangeSummary {
  checkInteger(fn, `${arg}.n`, s.n);
  checkFinite(fn, `${arg}.sum`, s.sum);
  checkFinite(fn, `${arg}.sumSquares`, s.sumSquares);
  if (s.n < 0) fail(fn, `${arg}.n must be ≥ 0, got ${show(s.n)}`);
  return s;
}

/** Mean and sample variance (n − 1) from a summary; the variance is floored at 0 against rounding. */
function moments(s: ChangeSummary): { mean: number; variance: number } {
  const mean = s.sum / s.n;
  return { mean, variance: Math.max(0, (s.sumSquares - s.n * mean * mean) / (s.n - 1)) };
}

/** An estimate per person per month with its standard error and confidence limits. */
export interface MonthlyEstimate {
  estimate: number;
  se: number;
  df: number;
  lower: number;
  upper: number;
}

/** Per person per quarter (× 3) and per 1,000 people a year (× 12 000) of a per-month estimate. */
export interface ScaledEstimate {
  perPersonPerQuarter: number;
  lowerPerQuarter: number;
  upperPerQuarter: number;
  per1000PerYear: number;
  lower1000PerYear: number;
  upper1000PerYear: number;
}

export function scaleEstimate(e: MonthlyEstimate): ScaledEstimate {
  const q = MONTHS_PER_QUARTER;
  const y = MONTHS_PER_YEAR * 1000;
  return {
    perPersonPerQuarter: e.estimate * q,
    lowerPerQuarter: e.lower * q,
    upperPerQuarter: e.upper * q,
    per1000PerYear: e.estimate * y,
    lower1000PerYear: e.lower * y,
    upper1000PerYear: e.upper * y,
  };
}

/**
 * The referred group's uncontrolled before–after change (mean of the per-person changes, one-sample
 * t interval). It includes regression to the mean: people are referred at a peak of need.
 * Null on fewer than 2 people.
 */
export function naiveChange(referred: ChangeSummary, confidence = 0.95): MonthlyEstimate | null {
  const fn = 'naiveChange';
  checkSummary(fn, 'referred', referred);
  checkConfidence(fn, confidence);
  if (referred.n < 2) return null;
  const { mean, variance } = moments(referred);
  const se = Math.sqrt(variance / referred.n);
  const df = referred.n - 1;
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  return { estimate: mean, se, df, lower: mean - half, upper: mean + half };
}

/**
 * Difference-in-differences: mean per-person change of the referred minus that of the matched
 * comparisons, with a Welch interval (unequal variances, Welch–Satterthwaite df), as R's
 * `t.test(referred, comparison, var.equal = FALSE)` on the per-person changes. Null when either
 * cohort has fewer than 2 people or both have no spread.
 *
 * @example
 * differenceInDifferences(summariseChanges([-2, -1, -3, 0, -4]), summariseChanges([-1, 0, -2, 1]));
 * // { estimate: -1.5, se: 0.9574, df: 6.9808, lower: -3.7652, upper: 0.7652 }
 */
export function differenceInDifferences(
  referred: ChangeSummary,
  comparison: ChangeSummary,
  confidence = 0.95,
): MonthlyEstimate | null {
  const fn = 'differenceInDifferences';
  checkSummary(fn, 'referred', referred);
  checkSummary(fn, 'comparison', comparison);
  checkConfidence(fn, confidence);
  if (referred.n < 2 || comparison.n < 2) return null;
  const r = moments(referred);
  const c = moments(comparison);
  const vr = r.variance / referred.n;
  const vc = c.variance / comparison.n;
  const se = Math.sqrt(vr + vc);
  if (se === 0) return null;
  const df = (vr + vc) ** 2 / (vr ** 2 / (referred.n - 1) + vc ** 2 / (comparison.n - 1));
  const estimate = r.mean - c.mean;
  const half = tQuantile(1 - (1 - confidence) / 2, df) * se;
  return { estimate, se, df, lower: estimate - half, upper: estimate + half };
}
