import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { wilcoxonSignedRank } from '#lib/stats/index.ts';

/** People with one (before, after) pair of scores, as marts.outcome_pairs keeps them. */
export interface CountedPair {
  before: number;
  after: number;
  people: number;
}

/**
 * The Wilcoxon signed-rank p-value of weighted pairs, equal to `wilcoxonSignedRank` of the
 * expanded arrays (R `wilcox.test(after, before, paired = TRUE)`): under 50 people it expands them
 * and calls it (the exact path needs every person); from 50 non-zero changes on, R uses the normal
 * approximation with tie correction, computed here from the distinct changes and their weights
 * (a group of t equal |changes| from rank s holds the mean rank s + (t − 1)/2), so a national
 * query of millions of people needs no array of millions.
 */
export function weightedWilcoxonP(pairs: CountedPair[]): number | null {
  const people = pairs.filter((p) => p.people > 0);
  const n = people.reduce((s, p) => s + p.people, 0);
  if (n < 1) return null;
  if (n < 50) {
    const before = people.flatMap((p) => Array<number>(p.people).fill(p.before));
    const after = people.flatMap((p) => Array<number>(p.people).fill(p.after));
    return wilcoxonSignedRank(before, after).pValue;
  }
  // the non-zero changes, grouped by |change| (exact equality, as R)
  const byAbs = new Map<number, { people: number; positive: number }>();
  for (const p of people) {
    const d = p.after - p.before;
    if (d === 0) continue;
    const g = byAbs.get(Math.abs(d)) ?? { people: 0, positive: 0 };
    g.people += p.people;
    if (d > 0) g.positive += p.people;
    byAbs.set(Math.abs(d), g);
  }
  const groups = [...byAbs.entries()].sort((a, b) => a[0] - b[0]).map(([, g]) => g);
  const m = groups.reduce((s, g) => s + g.people, 0);
  if (m === 0) return 1;
  if (m < 50) {
    // fewer than 50 non-zero changes among 50+ people: R's path depends on ties, so expand
    const before = people.flatMap((p) => Array<number>(p.people).fill(p.before));
    const after = people.flatMap((p) => Array<number>(p.people).fill(p.after));
    return wilcoxonSignedRank(before, after).pValue;
  }
  let start = 1;
  let v = 0;
  let ties = 0;
  for (const g of groups) {
    v += g.positive * (start + (g.people - 1) / 2);
    ties += g.people ** 3 - g.people;
    start += g.people;
  }
  const z0 = v - (m * (m + 1)) / 4;
  const sigma = Math.sqrt((m * (m + 1) * (2 * m + 1)) / 24 - ties / 48);
  if (sigma === 0) return 1;
  const z = (z0 - Math.sign(z0) * 0.5) / sigma;
  return Math.min(1, 2 * Math.min(normalCdf(z, 0, 1), 1 - normalCdf(z, 0, 1)));
}
