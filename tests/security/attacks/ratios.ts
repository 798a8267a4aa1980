/**
 * Attack 3: multiply a ratio back. A ratio shown beside a count (referrals per FTE beside the
 * referrals, a rate per 1,000 beside the referrals it counts) times its factor (FTE; patients/1,000
 * × months/12) is the count it was computed from. When the product, over the shown precision of
 * both, holds exactly one whole number and that is not the count shown, the count behind the ratio
 * is recovered (the 69 where 70 is shown); when the count is suppressed and the product
 * pins 1..7, the suppressed count is recovered. A ratio computed from the protected count gives
 * the protected count back, which reveals nothing.
 */
import { RATIOS } from './columns.ts';
import {
  THRESHOLD,
  finding,
  recoveredKey,
  tolerance,
  type Finding,
  type Knowledge,
  type View,
} from './views.ts';

/** The whole numbers in [lo, hi]. */
function wholeNumbers(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let c = Math.ceil(lo - 1e-9); c <= Math.floor(hi + 1e-9) && out.length < 3; c++) out.push(c);
  return out;
}

export function ratioAttack(views: View[], k: Knowledge): Finding[] {
  const out: Finding[] = [];
  for (const view of views) {
    for (const spec of RATIOS[view.dataset] ?? []) {
      for (const row of view.body.rows) {
        const r = row[spec.ratio];
        const f = spec.factor(row, view.body);
        if (typeof r !== 'number' || !f || f.value <= 0 || r < 0) continue;
        const tr = tolerance(r, k.digits(view.dataset, spec.ratio));
        const shownFactor = row[f.from] as number;
        const tf = (f.value / shownFactor) * tolerance(shownFactor, k.digits(view.dataset, f.from));
        const lo = Math.max(0, r - tr) * Math.max(0, f.value - tf);
        const hi = (r + tr) * (f.value + tf);
        const whole = wholeNumbers(lo, hi);
        if (whole.length !== 1) continue;
        const c = whole[0];
        const shown = row[spec.count];
        const small = c >= 1 && c <= THRESHOLD;
        if (c === shown && !small) continue;
        out.push(
          finding(
            'ratios',
            view,
            row,
            `${spec.ratio} ${r} × ${f.value} = ${c}${small ? ' (1–7)' : ''}, shown ${spec.count} ${shown}`,
          ),
        );
        k.recovered.set(recoveredKey(view, row, spec.count), c);
      }
    }
  }
  return out;
}
