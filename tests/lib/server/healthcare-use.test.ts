/**
 * The healthcare-use dataset's derived figures rest on the PROTECTED counts of both cohorts: the
 * Welch interval is rebuilt from each cohort's mean and SD of the changes and the n shown, so its
 * width gives back only the counts the user sees, and nothing is shown when either cohort is
 * suppressed or under 8.
 */
import { describe, expect, it } from 'vitest';
import { deriveHealthcareUse } from '../../../src/lib/server/datasets/healthcare-use.ts';
import { differenceInDifferences, naiveChange } from '../../../src/lib/stats/difference-in-differences.ts';

// per month: referred mean change −1 (SD 1.2), comparison −0.6 (SD 0.9); shown counts 40 and 35
const row = {
  measure: 'gp_appointments',
  people_referred: 40,
  people_comparison: 35,
  mean_change_referred: -1,
  sd_change_referred: 1.2,
  mean_change_comparison: -0.6,
  sd_change_comparison: 0.9,
};
const summary = (mean: number, sd: number, n: number) => ({
  n,
  sum: mean * n,
  sumSquares: (n - 1) * sd * sd + n * mean * mean,
});

describe('deriveHealthcareUse', () => {
  it('gives the DiD and naive change per quarter with intervals from the counts shown', () => {
    const d = deriveHealthcareUse(row);
    const did = differenceInDifferences(summary(-1, 1.2, 40), summary(-0.6, 0.9, 35))!;
    const naive = naiveChange(summary(-1, 1.2, 40))!;
    expect(d.did_per_person_per_quarter).toBeCloseTo(-1.2, 12);
    expect(d.lower).toBeCloseTo(did.lower * 3, 10);
    expect(d.upper).toBeCloseTo(did.upper * 3, 10);
    expect(d.naive_per_person_per_quarter).toBeCloseTo(-3, 12);
    expect(d.naive_lower).toBeCloseTo(naive.lower * 3, 10);
    expect(d.comparison_per_person_per_quarter).toBeCloseTo(-1.8, 12);
    // Welch by hand: SE² = 1.44/40 + 0.81/35 per month
    const se = Math.sqrt(1.44 / 40 + 0.81 / 35);
    expect((did.upper - did.lower) / 2 / se).toBeGreaterThan(1.99);
    expect((did.upper - did.lower) / 2 / se).toBeLessThan(2.0);
  });

  it('shows no estimate when the comparison count is suppressed or under 8', () => {
    for (const people_comparison of [null, 5]) {
      const d = deriveHealthcareUse({ ...row, people_comparison });
      expect(d.did_per_person_per_quarter).toBeNull();
      expect(d.lower).toBeNull();
      expect(d.naive_per_person_per_quarter).toBeCloseTo(-3, 12);
    }
  });
});
