import { describe, expect, it } from 'vitest';
import { wilcoxonSignedRank } from '../../../src/lib/stats/index.ts';
import { changeRule, countChanges } from '../../../src/lib/outcomes/change-counts.ts';
import { mcnemarExactP } from '../../../src/lib/outcomes/mcnemar.ts';
import { weightedWilcoxonP, type CountedPair } from '../../../src/lib/outcomes/weighted-wilcoxon.ts';
import { derivePaired } from '../../../src/lib/server/datasets/loneliness.ts';
import { deriveShares } from '../../../src/lib/server/datasets/outcomes.ts';

const expand = (pairs: CountedPair[]) => ({
  before: pairs.flatMap((p) => Array<number>(p.people).fill(p.before)),
  after: pairs.flatMap((p) => Array<number>(p.people).fill(p.after)),
});

describe('meaningful and reliable change, counted (hand-worked)', () => {
  // SWEMWBS (meaningful change 1 point): its reliability comes with Shah et al.'s SD, 3.921, and
  // SEM 1.03, so S_diff = √2 × 1.03 = 1.45664 and a change is reliable beyond 1.96 × S_diff =
  // 2.85501 points whatever the people's own baseline SD.
  const pairs: CountedPair[] = [
    { before: 18, after: 21, people: 1 }, // +3: meaningful and reliable improvement
    { before: 20, after: 21, people: 2 }, // +1: meaningful, not reliable
    { before: 22, after: 20, people: 1 }, // −2: meaningful deterioration, not reliable
    { before: 20, after: 20.5, people: 1 }, // +0.5: neither
  ];
  it('S_diff from the published SEM (SWEMWBS)', () => {
    expect(changeRule('SWEMWBS', true, pairs).reliableChange).toBeCloseTo(1.96 * Math.SQRT2 * 1.03, 12);
  });
  it('counts people, not rows', () => {
    expect(countChanges(pairs, changeRule('SWEMWBS', true, pairs))).toEqual({
      improved: 3,
      deteriorated: 1,
      reliably_improved: 1,
      reliably_deteriorated: 0,
    });
  });
  it('S_diff from the baseline SD where no SD is published (UCLA-3, reliability 0.72)', () => {
    // baselines 5 and 7: SD √2; S_diff = √2 × √(2 × 0.28) = √1.12; reliable beyond 1.96 × √1.12
    const ucla: CountedPair[] = [
      { before: 5, after: 4, people: 1 },
      { before: 7, after: 4, people: 1 },
    ];
    expect(changeRule('UCLA3', false, ucla).reliableChange).toBeCloseTo(1.96 * Math.sqrt(1.12), 12);
    expect(countChanges(ucla, changeRule('UCLA3', false, ucla))).toMatchObject({
      reliably_improved: 1, // −3 beyond 2.074; −1 is not
      reliably_deteriorated: 0,
    });
  });
  it('lower is better turns the direction round (UCLA-3)', () => {
    const ucla: CountedPair[] = [
      { before: 7, after: 4, people: 2 }, // −3: improved
      { before: 5, after: 7, people: 1 }, // +2: deteriorated
    ];
    const counts = countChanges(ucla, changeRule('UCLA3', false, ucla));
    expect([counts.improved, counts.deteriorated]).toEqual([2, 1]);
  });
  it('no RCI for an instrument without a reliability', () => {
    const ons: CountedPair[] = [
      { before: 1, after: 3, people: 1 },
      { before: 2, after: 2, people: 1 },
    ];
    expect(countChanges(ons, changeRule('ONS_LONELINESS', true, ons))).toMatchObject({
      reliably_improved: null,
      reliably_deteriorated: null,
    });
  });
  it('shares are derived from the (protected) counts over n', () => {
    expect(
      deriveShares({
        n: 30,
        improved: 25,
        deteriorated: 5,
        reliably_improved: 10,
        reliably_deteriorated: null,
      }),
    ).toEqual({
      lower: null, // no mean change given: no interval
      upper: null,
      share_improved: 25 / 30,
      share_deteriorated: 5 / 30,
      share_reliably_improved: 10 / 30,
      share_reliably_deteriorated: null,
    });
  });
});

describe('weightedWilcoxonP equals wilcoxonSignedRank of the expanded people', () => {
  it('small groups (exact path)', () => {
    const pairs = [
      { before: 10, after: 13, people: 1 },
      { before: 11, after: 12.5, people: 1 },
      { before: 12, after: 10, people: 1 },
      { before: 9, after: 14, people: 1 },
      { before: 15, after: 15.25, people: 1 },
    ];
    const { before, after } = expand(pairs);
    expect(weightedWilcoxonP(pairs)).toBe(wilcoxonSignedRank(before, after).pValue);
  });
  it('large groups with ties and zeros (normal approximation)', () => {
    const pairs = [
      { before: 19.98, after: 22.35, people: 40 },
      { before: 19.98, after: 19.98, people: 25 },
      { before: 22.35, after: 19.98, people: 12 },
      { before: 17.43, after: 19.25, people: 30 },
      { before: 23.21, after: 21.54, people: 9 },
      { before: 16.36, after: 23.21, people: 3 },
    ];
    const { before, after } = expand(pairs);
    expect(weightedWilcoxonP(pairs)).toBeCloseTo(wilcoxonSignedRank(before, after).pValue, 12);
  });
});

describe('loneliness on the same people', () => {
  it('McNemar exact p: 2 × P(X ≤ 2), X ~ Binomial(12, ½) = 2 × 79 / 4096 (R binom.test(10, 12))', () => {
    expect(mcnemarExactP(10, 2)).toBeCloseTo((2 * (1 + 12 + 66)) / 4096, 12);
    expect(mcnemarExactP(2, 10)).toBeCloseTo((2 * (1 + 12 + 66)) / 4096, 12);
    expect(mcnemarExactP(0, 0)).toBe(1);
    expect(() => mcnemarExactP(-1, 2)).toThrow(/b must be a whole number ≥ 0, got -1/);
  });
  it('shares before and after among the same people, and the change', () => {
    // 40 people: 25 lonely at baseline, 15 at follow-up (12 no longer, 2 newly)
    const r = derivePaired({
      people: 40,
      lonely_before: 25,
      lonely_after: 15,
      no_longer_lonely: 12,
      newly_lonely: 2,
    });
    expect(r.share_before).toBe(25 / 40);
    expect(r.share_after).toBe(15 / 40);
    expect(r.change).toBeCloseTo(-0.25, 12);
    // binom.test(2, 14): 2 × (1 + 14 + 91) / 16384
    expect(r.mcnemar_p).toBeCloseTo((2 * 106) / 16384, 12);
  });
});
