import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spc } from '../../../src/lib/stats/index.ts';

// NHSRplotthedots tests (tests/testthat/test-ptd_spc.R, test-ptd_spc_standard.R) use set.seed(123); rnorm(20).
// R's rnorm(20) after set.seed(123) (the y column of tests/testthat/_snaps/ptd_spc_standard.md, to 3 s.f.):
const RNORM_123 = [
  -0.56047565, -0.23017749, 1.55870831, 0.07050839, 0.12928774, 1.71506499, 0.46091621, -1.26506123,
  -0.68685285, -0.44566197, 1.2240818, 0.35981383, 0.40077145, 0.11068272, -0.55584113, 1.78691314,
  0.49785048, -1.96661716, 0.7013559, -0.47279141,
];

describe('spc limits', () => {
  it('matches the NHSRplotthedots snapshots (printed to 3 significant figures)', () => {
    // nhs-r-community/NHSRplotthedots tests/testthat/_snaps/ptd_spc.md: mean_col 0.142, lpl -3.01, upl 3.29, n 20,
    // common_cause 20, special_cause_improvement 0
    const r = spc(RNORM_123);
    expect(r.points[0].mean).toBeCloseTo(0.142, 3);
    expect(r.points[0].lowerLimit).toBeCloseTo(-3.01, 2);
    expect(r.points[0].upperLimit).toBeCloseTo(3.29, 2);
    expect(r.points.every((p) => p.pointType === 'common_cause')).toBe(true);
    expect(r.variation).toBe('common_cause');
    // same snapshot, facet = rep(c(0, 1), each = 10): 0.0746 / -2.60 / 2.75 and 0.209 / -3.28 / 3.70
    const a = spc(RNORM_123.slice(0, 10)).points[0];
    const b = spc(RNORM_123.slice(10)).points[0];
    expect([a.mean, a.lowerLimit, a.upperLimit].map((x) => +x.toPrecision(3))).toEqual([0.0746, -2.6, 2.75]);
    expect([b.mean, b.lowerLimit, b.upperLimit].map((x) => +x.toPrecision(3))).toEqual([0.209, -3.28, 3.7]);
  });

  it('rebasing recalculates each section (equal to separate charts, as the faceted snapshot)', () => {
    const r = spc(RNORM_123, { rebaseAt: [10] });
    expect(r.points[0].mean).toBeCloseTo(spc(RNORM_123.slice(0, 10)).points[0].mean, 12);
    expect(r.points[15].upperLimit).toBeCloseTo(spc(RNORM_123.slice(10)).points[0].upperLimit, 12);
    // ptd_add_short_group_warnings: groups shorter than 12 points are flagged
    expect(r.warnings).toHaveLength(2);
  });

  it('screening outliers and fixing after n points change the limits (test-ptd_spc_standard.R)', () => {
    // test-ptd_spc_standard.R: y[15] <- 10; limits differ with and without screen_outliers, and the range is
    // larger when screen_outliers = FALSE; fix_after_n_points = 12 changes the limits
    const y = [...RNORM_123];
    y[14] = 10;
    const r1 = spc(RNORM_123).points[0];
    const r2 = spc(y).points[0];
    const r3 = spc(y, { screenOutliers: false }).points[0];
    expect(r1.lowerLimit).not.toBe(r2.lowerLimit);
    expect(r2.lowerLimit).not.toBe(r3.lowerLimit);
    expect(r3.upperLimit - r3.lowerLimit).toBeGreaterThan(r2.upperLimit - r2.lowerLimit);
    const s1 = spc(RNORM_123, { fixAfterNPoints: 12 }).points[0];
    expect(s1.lowerLimit).not.toBe(r1.lowerLimit);
    expect(s1.mean).toBeCloseTo(RNORM_123.slice(0, 12).reduce((s, v) => s + v, 0) / 12, 12);
    expect(() => spc(RNORM_123, { fixAfterNPoints: 5 })).toThrow(
      'spc: options.fixAfterNPoints must be ≥ 12, got 5',
    );
  });

  it('limits are symmetric about the mean (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 60 }),
        (ys) => {
          return spc(ys).points.every(
            (p) =>
              Math.abs(p.upperLimit - p.mean - (p.mean - p.lowerLimit)) <=
              1e-9 * (1 + Math.abs(p.mean) + Math.abs(p.upperLimit)),
          );
        },
      ),
    );
  });
});

describe('spc special-cause rules (NHSRplotthedots R/ptd_calculate_point_type.R and its tests)', () => {
  it('two close points on opposite sides of the mean are not special cause', () => {
    // test-ptd_spc_standard.R "only reports special cause for 2 of 3 points close to limits when they are on the
    // same side of the mean": rep(c(1, -1), 8) with data[15] = 5.5, data[16] = -5.5 → both "common_cause"
    const d: number[] = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    d[14] = 5.5;
    d[15] = -5.5;
    expect(
      spc(d)
        .points.slice(-2)
        .map((p) => p.pointType),
    ).toEqual(['common_cause', 'common_cause']);
  });

  it('two of three close points on the same side are special cause, only the close points are flagged', () => {
    const d: number[] = Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 1 : -1));
    d[13] = 5.5; // close (mean 0.xx, limits ≈ ±6)
    d[14] = 1;
    d[15] = 5.5;
    const r = spc(d);
    expect(r.points[13].specialCause).toBe('two_in_three');
    expect(r.points[15].specialCause).toBe('two_in_three');
    expect(r.points[14].specialCause).toBeNull();
    expect(r.points[15].pointType).toBe('special_cause_improvement');
  });

  it('seven-point trend: ptd_seven_point_trend examples (ties break a trend)', () => {
    // test-ptd_calculate_point_type.R: ptd_seven_point_trend(c(1:3, 3:6)) is all 0 (a tie breaks it),
    // ptd_seven_point_trend(c(2, 1:7, 3)) flags the run 1:7
    const flat = [10, 10, 10, 10, 10, 10];
    const tie = spc([...flat, 1, 2, 3, 3, 4, 5, 6, ...flat]);
    expect(tie.points.some((p) => p.specialCause === 'trend')).toBe(false);
    const up = spc([2, 1, 2, 3, 4, 5, 6, 7, 3]);
    expect(up.points.map((p) => p.specialCause === 'trend')).toEqual([
      false,
      true,
      true,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    // a rising trend is an improvement when increase is better, a concern when decrease is better
    expect(up.points[2].pointType).toBe('special_cause_improvement');
    expect(spc([2, 1, 2, 3, 4, 5, 6, 7, 3], { improvementDirection: 'decrease' }).points[2].pointType).toBe(
      'special_cause_concern',
    );
    // falling trends count too (ptd_seven_point_trend(7:1) = -1; the abs() fix in ptd_part_of_seven_trend)
    const down = spc([2, 7, 6, 5, 4, 3, 2, 1, 3]);
    expect(down.points[3].specialCause).toBe('trend');
    expect(down.points[3].pointType).toBe('special_cause_concern');
  });

  it('shift: seven points on one side of the mean; a point on the mean breaks it', () => {
    // test-ptd_calculate_point_type.R: ptd_seven_point_one_side_mean(c(rep(1, 6), -1)) all 0;
    // c(rep(1, 8), -1) flags from the 7th point, and ptd_part_of_seven_trend marks the whole run
    const six = spc([1, 2, 1, 2, 1, 2, -3, -3, -3, -3, -3, -3, 12]);
    expect(six.points.some((p) => p.specialCause === 'shift')).toBe(false);
    const y = [1, 3, 1, 3, 1, 3, 1, -1, -3, -1, -3, -1, -3, -1, 0];
    const r = spc(y); // mean 0: points 0–6 above, 7–13 below, the last on the mean
    expect(
      r.points
        .slice(0, 7)
        .every((p) => p.specialCause === 'shift' && p.pointType === 'special_cause_improvement'),
    ).toBe(true);
    expect(
      r.points
        .slice(7, 14)
        .every((p) => p.specialCause === 'shift' && p.pointType === 'special_cause_concern'),
    ).toBe(true);
    expect(r.points[14].specialCause).toBeNull();
  });

  it('precedence: outside limits > trend > two in three > shift', () => {
    // ptd_special_cause_type: case_when(outside_limits, trend, two_in_three, seven points one side)
    const y = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 100];
    const r = spc(y, { screenOutliers: false });
    expect(r.points[18].specialCause).toBe('outside_limits');
    expect(r.points[13].specialCause).toBe('trend');
  });

  it('neutral direction gives high/low; variation is the last point type', () => {
    const base = [5, 6, 5, 6, 5, 6, 5, 6, 5, 6, 5, 6];
    expect(spc([...base, 30], { improvementDirection: 'neutral' }).variation).toBe(
      'special_cause_neutral_high',
    );
    expect(spc([...base, -30], { improvementDirection: 'neutral' }).variation).toBe(
      'special_cause_neutral_low',
    );
    expect(spc([...base, -30], { improvementDirection: 'increase' }).variation).toBe('special_cause_concern');
    expect(spc([...base, 5]).variation).toBe('common_cause');
  });
});

describe('spc assurance (test-ptd_calculate_assurance_type.R)', () => {
  // upstream cases: lpl/upl = (1, 3), (5, 7), (1, 5) with target 4 → increase: fail, pass, inconsistent
  const chart = (lo: number, hi: number) => {
    const mean = (lo + hi) / 2;
    const h = (hi - lo) / 2 / 2.66;
    // alternate mean ± h: moving range 2h → limits mean ± 2.66 × 2h; use h/2 for the wanted width
    return [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => mean + (i % 2 ? h / 2 : -h / 2));
  };
  it.each([
    [1, 3, 'increase', 'consistent_fail'],
    [5, 7, 'increase', 'consistent_pass'],
    [1, 5, 'increase', 'inconsistent'],
    [1, 3, 'decrease', 'consistent_pass'],
    [5, 7, 'decrease', 'consistent_fail'],
    [1, 5, 'decrease', 'inconsistent'],
  ] as const)('limits %d–%d, %s → %s', (lo, hi, dir, expected) => {
    const r = spc(chart(lo, hi), { target: 4, improvementDirection: dir });
    expect(r.points[0].lowerLimit).toBeCloseTo(lo, 10);
    expect(r.points[0].upperLimit).toBeCloseTo(hi, 10);
    expect(r.assurance).toBe(expected);
  });
  it('no assurance without a target or with a neutral direction', () => {
    expect(spc(chart(1, 3)).assurance).toBeNull();
    expect(spc(chart(1, 3), { target: 4, improvementDirection: 'neutral' }).assurance).toBeNull();
  });
  it('warns below 12 points (ptd_add_short_group_warnings: 11 → warning, 12 → none)', () => {
    expect(spc(chart(1, 3).slice(0, 11)).warnings).toHaveLength(1);
    expect(spc(chart(1, 3)).warnings).toHaveLength(0);
  });
});
