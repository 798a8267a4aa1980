/**
 * Attack 5: attribute disclosure. A share of 0 % or 100 % says that no one, or everyone, in the
 * group has the attribute (none of 10 people in a PCN improved; all of them were lonely). Following
 * OpenSAFELY's output rules, whose principle is that a statistic describing a handful of people,
 * directly or indirectly, is not released (counts of 1–7 suppressed, others rounded to 5, and no
 * percentage on fewer than 8): we call a base small when it is shown as less than SMALL_BASE,
 * twice the smallest base a share may be shown on (8): a shown base of 15 or less is a group of
 * about 8 to 17 people. A 0 % or 100 % there describes every one of a handful of identifiable people.
 * Shares that are 100 % by definition (a total against itself) are not attribute disclosure, nor
 * are the data-quality shares (dq-*: the records with a field filled in, which describe the
 * supplier's recording, not people, and are for administrators only).
 */
import { SHARES } from './columns.ts';
import { denominatorOf } from './shares.ts';
import { finding, tolerance, type Finding, type Knowledge, type View } from './views.ts';

export const SMALL_BASE = 16;

export function attributeAttack(views: View[], k: Knowledge): Finding[] {
  const out: Finding[] = [];
  for (const view of views) {
    if (view.dataset.startsWith('dq-')) continue;
    for (const spec of SHARES[view.dataset] ?? []) {
      const digits = k.digits(view.dataset, spec.share);
      for (const row of view.body.rows) {
        const s = row[spec.share];
        if (typeof s !== 'number' || spec.structural?.(row, view.body.rows)) continue;
        const tol = tolerance(s, digits);
        const edge = Math.abs(s) <= tol ? '0 %' : Math.abs(1 - s) <= tol ? '100 %' : null;
        if (!edge) continue;
        const den = denominatorOf(spec, view, row, k);
        if (den.allShown && den.shown < SMALL_BASE)
          out.push(
            finding(
              'attribute',
              view,
              row,
              `${spec.share} ${edge} of a base shown as ${den.shown} (true ${den.range[0]}–${den.range[1]})`,
            ),
          );
      }
    }
  }
  return out;
}
