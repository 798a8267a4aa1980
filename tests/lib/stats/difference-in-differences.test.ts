import { describe, expect, it } from 'vitest';
import {
  addSummaries,
  differenceInDifferences,
  naiveChange,
  personChange,
  scaleEstimate,
  summariseChanges,
} from '../../../src/lib/stats/difference-in-differences.ts';

// A hand-worked example. Referred changes −2, −1, −3, 0, −4: mean −2, squared deviations
// 0 + 1 + 1 + 4 + 4 = 10, variance 10/4 = 2.5. Comparison changes −1, 0, −2, 1: mean −0.5, squared
// deviations 0.25 + 0.25 + 2.25 + 2.25 = 5, variance 5/3. DiD = −2 − (−0.5) = −1.5 per month.
// SE² = 2.5/5 + (5/3)/4 = 0.5 + 5/12 = 11/12. Welch df = (11/12)² / (0.5²/4 + (5/12)²/3) = 363/52.
// The interval is R's t.test(c(-2,-1,-3,0,-4), c(-1,0,-2,1), var.equal = FALSE)$conf.int
// (here from scipy.stats.ttest_ind(..., equal_var=False).confidence_interval(0.95), the same test).
const REFERRED = [-2, -1, -3, 0, -4];
const COMPARISON = [-1, 0, -2, 1];

describe('personChange', () => {
  it('is the mean monthly count over months +1…+6 minus that over −6…−1, the index month left out', () => {
    // before −6…−1: 3, 2, 4, 1, (−2 missing = 0), 2 → 12/6 = 2; after +1…+6: 1, 0, 1, 2, 0, 0 → 4/6
    const counts = new Map([
      [-7, 50],
      [-6, 3],
      [-5, 2],
      [-4, 4],
      [-3, 1],
      [-1, 2],
      [0, 9],
      [1, 1],
      [3, 1],
      [4, 2],
      [7, 50],
    ]);
    expect(personChange(counts)).toBeCloseTo(4 / 6 - 2, 12);
  });

  it('uses the windows it is given', () => {
    const counts = new Map([
      [-3, 6],
      [-1, 3],
      [2, 1],
    ]);
    // before −3…−1: (6 + 0 + 3)/3 = 3; after +1…+2: (0 + 1)/2 = 0.5
    expect(personChange(counts, { before: [-3, -1], after: [1, 2] })).toBe(-2.5);
  });

  it('refuses windows that include the index month, and negative counts, naming them', () => {
    expect(() => personChange(new Map(), { before: [-6, 0], after: [1, 6] })).toThrow(
      /personChange: the before window must end before/,
    );
    expect(() => personChange(new Map([[-2, -1]]))).toThrow(/month -2 must be ≥ 0, got -1/);
  });
});

describe('differenceInDifferences', () => {
  it('matches the hand-worked example and Welch’s t.test interval', () => {
    const d = differenceInDifferences(summariseChanges(REFERRED), summariseChanges(COMPARISON))!;
    expect(d.estimate).toBeCloseTo(-1.5, 12);
    expect(d.se).toBeCloseTo(Math.sqrt(11 / 12), 12);
    expect(d.df).toBeCloseTo(363 / 52, 10);
    expect(d.lower).toBeCloseTo(-3.765220281753526, 6);
    expect(d.upper).toBeCloseTo(0.7652202817535261, 6);
  });

  it('reports per person per quarter (× 3) and per 1,000 people a year (× 12,000)', () => {
    const s = scaleEstimate(
      differenceInDifferences(summariseChanges(REFERRED), summariseChanges(COMPARISON))!,
    );
    expect(s.perPersonPerQuarter).toBeCloseTo(-4.5, 12);
    expect(s.lowerPerQuarter).toBeCloseTo(-3.765220281753526 * 3, 5);
    expect(s.per1000PerYear).toBeCloseTo(-18000, 8);
    expect(s.upper1000PerYear).toBeCloseTo(0.7652202817535261 * 12000, 2);
  });

  it('gives the same answer from cells added together as from all the people at once', () => {
    const cells = addSummaries(summariseChanges(REFERRED.slice(0, 2)), summariseChanges(REFERRED.slice(2)));
    expect(differenceInDifferences(cells, summariseChanges(COMPARISON))!.lower).toBeCloseTo(
      -3.765220281753526,
      6,
    );
  });

  it('is null on fewer than 2 people in a cohort, and names a bad summary', () => {
    expect(differenceInDifferences(summariseChanges([1]), summariseChanges(COMPARISON))).toBeNull();
    expect(() =>
      differenceInDifferences({ n: 2.5, sum: 0, sumSquares: 0 }, summariseChanges(COMPARISON)),
    ).toThrow(/differenceInDifferences: referred.n must be an integer, got 2.5/);
  });
});

describe('naiveChange', () => {
  it('is the referred mean change with a one-sample t interval (scipy ttest_1samp, as R t.test)', () => {
    const n = naiveChange(summariseChanges(REFERRED))!;
    expect(n.estimate).toBe(-2);
    expect(n.se).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(n.lower).toBeCloseTo(-3.963243161477557, 6);
    expect(n.upper).toBeCloseTo(-0.036756838522442825, 6);
  });
});
