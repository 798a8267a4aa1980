/**
 * Attack 1: a count back from a share. A share s shown beside a count n (true value in n's range,
 * see countRange) is k/m for whole k and m. Every (k, m) with m in the denominator's range, k in
 * the numerator's range (when shown) and k/m within the share's precision is a fit. When exactly
 * one m fits and it is not the count shown, the true denominator is recovered (the PAM row:
 * n 30, share 0.9032258064516129 = 28/31). When every fit has the same k and it is 1..7, the share
 * pins a small count. A unique fit equal to the count shown is no finding: a share computed from
 * the protected counts, as it should be, always fits them and reveals nothing more.
 */
import { SHARES, type ShareSpec } from './columns.ts';
import {
  THRESHOLD,
  countRange,
  finding,
  recoveredKey,
  sumRanges,
  tolerance,
  type Finding,
  type Knowledge,
  type Range,
  type Row,
  type View,
} from './views.ts';

/** The widest denominator range searched (a wider one cannot pin anything at the precisions shown). */
const MAX_SPAN = 20_000;

export interface ShareFit {
  ms: number[];
  ks: number[];
}

/** Every (k, m) with m in `den`, k in `num` and |k/m − s| ≤ tol: the distinct m, and the distinct k (two at most: enough to say k is not pinned). */
export function fitShare(s: number, tol: number, den: Range, num: Range = [0, Infinity]): ShareFit {
  const ms = new Set<number>();
  const ks = new Set<number>();
  const lo = Math.max(1, den[0]);
  if (den[1] - lo > MAX_SPAN) return { ms: [], ks: [] };
  for (let m = lo; m <= den[1]; m++) {
    // every k with |k/m − s| ≤ tol, within the numerator's range
    const kLo = Math.max(0, num[0], Math.ceil((s - tol) * m - 1e-9));
    const kHi = Math.min(m, num[1], Math.floor((s + tol) * m + 1e-9));
    if (kLo > kHi) continue;
    ms.add(m);
    for (let k = kLo; k <= kHi && ks.size < 2; k++) ks.add(k);
  }
  return { ms: [...ms], ks: [...ks] };
}

const numbers = (cells: unknown[]) => cells.filter((c): c is number => typeof c === 'number');

/** The shown denominator (sum of its counts) and the range of its true value. */
export function denominatorOf(spec: ShareSpec, view: View, row: Row, k: Knowledge) {
  const cells = spec.denominator(row, view.body.rows);
  return {
    shown: numbers(cells).reduce((a, b) => a + b, 0),
    allShown: cells.every((c) => typeof c === 'number'),
    range: sumRanges(cells.map((c) => countRange(c, view, k.rounding))),
  };
}

export function shareAttack(views: View[], k: Knowledge): Finding[] {
  const out: Finding[] = [];
  for (const view of views) {
    for (const spec of SHARES[view.dataset] ?? []) {
      const digits = k.digits(view.dataset, spec.share);
      for (const row of view.body.rows) {
        const s = row[spec.share];
        if (typeof s !== 'number' || s < 0 || s > 1 || spec.structural?.(row, view.body.rows)) continue;
        const den = denominatorOf(spec, view, row, k);
        // a numerator column the response does not carry is not shown (older shapes: the rows)
        const absent = spec.numeratorColumn !== undefined && !(spec.numeratorColumn in row);
        const numCells = absent ? undefined : spec.numerator?.(row, view.body.rows);
        const num = numCells ? sumRanges(numCells.map((c) => countRange(c, view, k.rounding))) : undefined;
        const fit = fitShare(s, tolerance(s, digits), den.range, num);
        if (fit.ms.length === 1 && den.allShown && fit.ms[0] !== den.shown) {
          const m = fit.ms[0];
          out.push(
            finding(
              'shares',
              view,
              row,
              `${spec.share} ${s} fits only k/m with m = ${m} (${fit.ks.join(' or ')}/${m}), shown ${den.shown}`,
            ),
          );
          if (spec.denominatorColumn) k.recovered.set(recoveredKey(view, row, spec.denominatorColumn), m);
        }
        if (fit.ks.length === 1 && fit.ks[0] >= 1 && fit.ks[0] <= THRESHOLD) {
          out.push(
            finding(
              'shares',
              view,
              row,
              `${spec.share} ${s} on ${den.shown} pins the numerator at ${fit.ks[0]} (m in ${fit.ms.join(', ')})`,
            ),
          );
        }
        const numShown = spec.numeratorColumn ? row[spec.numeratorColumn] : undefined;
        if (fit.ks.length === 1 && spec.numeratorColumn && fit.ks[0] !== numShown && fit.ms.length === 1)
          k.recovered.set(recoveredKey(view, row, spec.numeratorColumn), fit.ks[0]);
      }
    }
  }
  return out;
}
