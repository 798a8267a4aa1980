/**
 * Attack 2: a count back from means, intervals and effect sizes, by identities that hold between
 * the columns whatever the data:
 * - t interval: a paired mean change's 95% CI has half-width h = t(0.975, m − 1)·sd/√m and Cohen's
 *   d_z = mean/sd, so t(0.975, m − 1)/√m = h·|d_z|/|mean| — strictly decreasing in m, so the shown
 *   values (within their precision) allow a set of m; one m that is not the n shown is recovered.
 * - score grid: a mean of m scores on a grid of step g (whole numbers for most instruments) is a
 *   multiple of g/m; the means before and after must both fit the same m.
 * - Wilson interval: a share with its Wilson interval is k/m with both limits those of (k, m).
 * A count suppressed in the response (null) has no means shown, so there is nothing to pin there;
 * the window for a shown n is its range (countRange).
 */
import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import { SCORE_STEP, WILSON } from './columns.ts';
import {
  countRange,
  finding,
  recoveredKey,
  tolerance,
  type Finding,
  type Knowledge,
  type Range,
  type Row,
  type View,
} from './views.ts';

const Z = 1.959963984540054; // the 97.5th centile of the standard normal
const MAX_SPAN = 20_000;

/** An interval [lo, hi] for a shown value. */
type Span = [number, number];
const span = (x: number, tol: number): Span => [x - tol, x + tol];

/** Every m in `window` (m ≥ 2) with t(0.975, m − 1)/√m in `ratio`. */
export function fitTInterval(ratio: Span, window: Range): number[] {
  const out: number[] = [];
  const lo = Math.max(2, window[0]);
  if (window[1] - lo > MAX_SPAN) return out;
  for (let m = lo; m <= window[1]; m++) {
    const g = tQuantile(0.975, m - 1) / Math.sqrt(m);
    if (g >= ratio[0] && g <= ratio[1]) out.push(m);
  }
  return out;
}

/** Whether a mean within `tol` of `mean` can be a sum of m scores on a grid of `step`, over m. */
export function onGrid(mean: number, tol: number, m: number, step: number): boolean {
  // some whole S with |S·step/m − mean| ≤ tol
  return Math.ceil(((mean - tol) * m) / step - 1e-9) <= Math.floor(((mean + tol) * m) / step + 1e-9);
}

/** The Wilson 95% interval of k/m (Wilson 1927), written out independently of src/. */
export function wilson(k: number, m: number): Span {
  const p = k / m;
  const d = 1 + (Z * Z) / m;
  const centre = (p + (Z * Z) / (2 * m)) / d;
  const half = (Z * Math.sqrt((p * (1 - p)) / m + (Z * Z) / (4 * m * m))) / d;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}

const within = (x: number, s: Span) => x >= s[0] && x <= s[1];

/** |a|·|b|/|c| over intervals (all away from 0), as an interval. */
function ratioSpan(a: Span, b: Span, c: Span): Span | null {
  const abs = (s: Span): Span | null => (s[0] > 0 ? s : s[1] < 0 ? [-s[1], -s[0]] : null); // an interval through 0 bounds nothing
  const [x, y, z] = [abs(a), abs(b), abs(c)];
  if (!x || !y || !z) return null;
  return [(x[0] * y[0]) / z[1], (x[1] * y[1]) / z[0]];
}

function value(view: View, row: Row, key: string, k: Knowledge): Span | null {
  const x = row[key];
  return typeof x === 'number' ? span(x, tolerance(x, k.digits(view.dataset, key))) : null;
}

function recover(
  out: Finding[],
  k: Knowledge,
  view: View,
  row: Row,
  column: string,
  ms: number[],
  how: string,
) {
  const shown = row[column];
  if (ms.length !== 1 || ms[0] === shown) return;
  out.push(finding('means', view, row, `${how} fits only ${column} = ${ms[0]}, shown ${shown}`));
  k.recovered.set(recoveredKey(view, row, column), ms[0]);
}

export function meansAttack(views: View[], k: Knowledge): Finding[] {
  const out: Finding[] = [];
  for (const view of views) {
    const keys = new Set(view.body.columns.map((c) => c.key));
    for (const row of view.body.rows) {
      if (keys.has('mean_change') && keys.has('effect_size') && typeof row.n === 'number') {
        const window = countRange(row.n, view, k.rounding);
        const [lower, upper, mean, dz] = ['lower', 'upper', 'mean_change', 'effect_size'].map((c) =>
          value(view, row, c, k),
        );
        if (lower && upper && mean && dz) {
          const half: Span = [(upper[0] - lower[1]) / 2, (upper[1] - lower[0]) / 2];
          const r = ratioSpan(half, dz, mean);
          if (r) {
            const ms = fitTInterval(r, window);
            recover(
              out,
              k,
              view,
              row,
              'n',
              ms,
              `t CI half-width × |d_z| / |mean change| = ${r[0].toPrecision(6)}`,
            );
          }
        }
        const step = SCORE_STEP[String(row.instrument)];
        const before = value(view, row, 'mean_before', k);
        const after = value(view, row, 'mean_after', k);
        if (step && before && after && window[1] - window[0] <= MAX_SPAN) {
          const ms: number[] = [];
          for (let m = Math.max(1, window[0]); m <= window[1]; m++) {
            const b = row.mean_before as number;
            const a = row.mean_after as number;
            if (onGrid(b, before[1] - b, m, step) && onGrid(a, after[1] - a, m, step)) ms.push(m);
          }
          recover(
            out,
            k,
            view,
            row,
            'n',
            ms,
            `means before ${row.mean_before} and after ${row.mean_after} on a grid of ${step}`,
          );
        }
      }
      for (const w of WILSON[view.dataset] ?? []) {
        const [share, lower, upper] = [w.share, w.lower, w.upper].map((c) => value(view, row, c, k));
        if (!share || !lower || !upper) continue;
        const mRange = countRange(row[w.base], view, k.rounding);
        const kRange = countRange(row[w.numerator], view, k.rounding);
        if (mRange[1] - mRange[0] > MAX_SPAN) continue;
        const ms = new Set<number>();
        const ks = new Set<number>();
        for (let m = Math.max(1, mRange[0]); m <= mRange[1]; m++)
          for (let j = Math.max(0, kRange[0]); j <= Math.min(m, kRange[1]); j++) {
            if (!within(j / m, share)) continue;
            const [l, u] = wilson(j, m);
            if (within(l, lower) && within(u, upper)) {
              ms.add(m);
              ks.add(j);
            }
          }
        recover(out, k, view, row, w.base, [...ms], 'share with its Wilson interval');
        recover(out, k, view, row, w.numerator, [...ks], 'share with its Wilson interval');
      }
    }
  }
  return out;
}
