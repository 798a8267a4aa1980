import { describe, expect, it } from 'vitest';
import {
  pairedChange,
  reliableChange,
  weightedPairedChange,
  wilcoxonSignedRank,
} from '../../../src/lib/stats/index.ts';

// R datasets::sleep (Cushny & Peebles): extra hours of sleep, group 1 and group 2 on the same 10 people
const sleep1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
const sleep2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];

describe('pairedChange', () => {
  it("matches R's paired t-test on the sleep data", () => {
    // R documentation ?sleep / ?t.test example: t.test(extra ~ group, data = sleep, paired = TRUE):
    // t = -4.0621, df = 9, p-value = 0.002833, 95 percent CI -2.4598858 -0.7001142, mean difference -1.58
    // (group 1 − group 2; here change = group 2 − group 1, so signs flip)
    const r = pairedChange(sleep1, sleep2);
    expect(r.n).toBe(10);
    expect(r.meanChange).toBeCloseTo(1.58, 10);
    expect(r.tStatistic).toBeCloseTo(4.0621, 4);
    expect(r.pValue).toBeCloseTo(0.002833, 6);
    expect(r.lower).toBeCloseTo(0.7001142, 6);
    expect(r.upper).toBeCloseTo(2.4598858, 6);
  });

  it("Cohen's d_z and d_av match Lakens (2013)", () => {
    // Lakens D. (2013) Front Psychol 4:863, Table 1 example (Movie 1 vs Movie 2, 10 people):
    // t(9) = 4.74, d_z = 1.50, d_av = 1.13
    const movie1 = [9, 7, 8, 9, 8, 9, 9, 10, 9, 9];
    const movie2 = [9, 6, 7, 8, 7, 9, 8, 8, 8, 7];
    const r = pairedChange(movie2, movie1);
    expect(r.tStatistic).toBeCloseTo(4.74, 2);
    expect(r.cohensDz).toBeCloseTo(1.5, 2);
    expect(r.cohensDav).toBeCloseTo(1.13, 2);
  });

  it('counts improvement and deterioration with a meaningful change and direction', () => {
    const r = pairedChange([10, 10, 10, 10], [13, 12, 7, 10], { meaningfulChange: 3 });
    expect(r.shareImproved).toBe(0.25);
    expect(r.shareDeteriorated).toBe(0.25);
    const lower = pairedChange([10, 10, 10, 10], [13, 12, 7, 10], {
      meaningfulChange: 3,
      higherIsBetter: false,
    });
    expect(lower.shareImproved).toBe(0.25);
    expect(lower.shareDeteriorated).toBe(0.25);
    expect(pairedChange([1, 2, 3], [2, 2, 1]).shareImproved).toBeCloseTo(1 / 3, 12);
  });

  it('rejects bad input', () => {
    expect(() => pairedChange([1, 2], [1])).toThrow(
      'pairedChange: before and after must have the same length, got 2 and 1',
    );
    expect(() => pairedChange([1, Number.NaN], [1, 2])).toThrow(
      'pairedChange: before[1] must be a finite number, got NaN',
    );
  });
});

describe('wilcoxonSignedRank', () => {
  it("exact p-value: R's wilcox.test example (Hollander & Wolfe 1973, p. 29)", () => {
    // R documentation ?wilcox.test: x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30)
    // y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29)
    // wilcox.test(x, y, paired = TRUE, alternative = "greater"): V = 40, p-value = 0.01953
    // (exact, no ties: the two-sided p-value is twice the one-sided, 2 × 10/512 = 0.0390625)
    const x = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.3];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = wilcoxonSignedRank(y, x);
    expect(r.v).toBe(40);
    expect(r.exact).toBe(true);
    expect(r.pValue / 2).toBeCloseTo(0.01953, 5);
    expect(pairedChange(y, x).wilcoxonV).toBe(40);
  });

  it('exact p-value: SciPy scipy.stats.wilcoxon documentation example', () => {
    // SciPy docs (scipy.stats.wilcoxon): d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75]
    // wilcoxon(d) → statistic 24.0 (= min(W+, W−), so W+ = 120 − 24 = 96), pvalue 0.041259765625
    const d = [6, 8, 14, 16, 23, 24, 28, 29, 41, -48, 49, 56, 60, -67, 75];
    const r = wilcoxonSignedRank(
      d.map(() => 0),
      d,
    );
    expect(r.v).toBe(96);
    expect(r.pValue).toBeCloseTo(0.041259765625, 10);
  });

  it('normal approximation with continuity correction when there are ties and zeros (sleep data)', () => {
    // R: wilcox.test(extra ~ group, data = sleep, paired = TRUE) warns "cannot compute exact p-value with
    // ties / zeroes" and reports V = 0, p-value = 0.009091 (R console output; no stored copy of that output was
    // found to cite, so this value is an open point in docs/methods.md) (group 1 − group 2; V here is for group 2 − group 1,
    // so 45 = 9·10/2 − 0 after the zero difference is dropped).
    const r = wilcoxonSignedRank(sleep1, sleep2);
    expect(r.exact).toBe(false);
    expect(r.n).toBe(9);
    expect(r.v).toBe(45);
    expect(r.pValue).toBeCloseTo(0.009091, 6);
  });
});

describe('reliableChange', () => {
  it('follows Jacobson & Truax (1991): S_diff = √2 · SD · √(1 − r)', () => {
    // Jacobson NS, Truax P. J Consult Clin Psychol 1991;59:12–19, eqs. for RC = (x2 − x1)/S_diff.
    // SD 5 and reliability 0.84 give SE = 2 and S_diff = √8 = 2.828…
    const r = reliableChange([20, 20, 20], [28, 21, 14], { reliability: 0.84, sdBefore: 5 });
    expect(r.rci[0]).toBeCloseTo(8 / Math.sqrt(8), 12);
    expect(r).toMatchObject({ improved: 1, unchanged: 1, deteriorated: 1 });
    const lower = reliableChange([20, 20, 20], [28, 21, 14], {
      reliability: 0.84,
      sdBefore: 5,
      higherIsBetter: false,
    });
    expect(lower).toMatchObject({ improved: 1, unchanged: 1, deteriorated: 1 });
    expect(lower.rci[2]).toBeCloseTo(-6 / Math.sqrt(8), 12);
  });
  it('rejects bad input', () => {
    expect(() => reliableChange([1, 2], [1, 2], { reliability: 1.2 })).toThrow(
      'reliableChange: options.reliability must be from 0 to below 1, got 1.2',
    );
  });
});

describe('weightedPairedChange', () => {
  it("matches R's paired t-test on the sleep data given as weighted pairs", () => {
    // the same reference values as pairedChange: t = -4.0621, df = 9, p = 0.002833, CI 0.7001 to 2.4599
    const r = weightedPairedChange(sleep1.map((b, i) => ({ before: b, after: sleep2[i], people: 1 })));
    expect(r.n).toBe(10);
    expect(r.meanChange).toBeCloseTo(1.58, 12);
    // R: t.test(extra ~ group, data = sleep, paired = TRUE)$stderr = 0.3889587
    expect(r.se).toBeCloseTo(0.3889587, 6);
    expect(r.lower).toBeCloseTo(0.7001142, 6);
    expect(r.upper).toBeCloseTo(2.4598858, 6);
    expect(r.tStatistic).toBeCloseTo(4.062128, 5);
    expect(r.pValue).toBeCloseTo(0.00283289, 8);
  });

  it('equals pairedChange of the expanded people for every field it returns', () => {
    const pairs = [
      { before: 18, after: 22, people: 40 },
      { before: 20, after: 20, people: 13 },
      { before: 25, after: 21, people: 7 },
      { before: 14, after: 23, people: 1 },
      { before: 30, after: 30, people: 0 },
    ];
    const before = pairs.flatMap((p) => Array<number>(p.people).fill(p.before));
    const after = pairs.flatMap((p) => Array<number>(p.people).fill(p.after));
    for (const options of [{}, { meaningfulChange: 3, higherIsBetter: false }, { confidence: 0.9 }]) {
      const w = weightedPairedChange(pairs, options);
      const e = pairedChange(before, after, options);
      for (const k of Object.keys(w) as (keyof typeof w)[]) expect(w[k], k).toBeCloseTo(e[k], 10);
    }
  });

  it('names the bad input', () => {
    expect(() => weightedPairedChange([{ before: 1, after: 2, people: 1 }])).toThrow(
      /at least 2 people, got 1/,
    );
    expect(() => weightedPairedChange([{ before: 1, after: 2, people: 1.5 }])).toThrow(
      /pairs\[0\]\.people must be a whole number/,
    );
    expect(() => weightedPairedChange([{ before: Number.NaN, after: 2, people: 3 }])).toThrow(
      /pairs\[0\]\.before/,
    );
  });
});
