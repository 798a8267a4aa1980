import { describe, expect, it } from 'vitest';
import { INSTRUMENTS, instrumentReliableChange, type ScorePairs } from '../../../src/lib/stats/index.ts';

const pair = (
  instrument: string,
  higher_is_better: boolean,
  score_before: number,
  score_after: number,
  people: number,
): ScorePairs => ({ instrument, higher_is_better, score_before, score_after, people });

describe('instrumentReliableChange (Jacobson & Truax 1991)', () => {
  it('SWEMWBS with its published SD and SEM: hand-worked', () => {
    // Shah et al. 2018: SD 3.921, SEM 1.03 = SD·√(1 − r). S_diff = √2·1.03 = 1.456640;
    // reliable when |change| > 1.96·1.456640 = 2.855 metric points.
    // +3.10 (19.25 → 22.35): RCI 2.128 → improved (4 people); +2.29: RCI 1.572 → no reliable change (3);
    // −3.10: RCI −2.128 → deteriorated (1).
    const r = instrumentReliableChange([
      pair('SWEMWBS', true, 19.25, 22.35, 4),
      pair('SWEMWBS', true, 19.25, 21.54, 3),
      pair('SWEMWBS', true, 22.35, 19.25, 1),
    ]);
    expect(r).not.toBeNull();
    expect(r!.threshold).toBeCloseTo(2.85501, 4);
    expect(r!.sd).toBe(3.921);
    expect(r).toMatchObject({ n: 8, improved: 4, unchanged: 3, deteriorated: 1, shareImproved: 0.5 });
    expect(r!.shareDeteriorated).toBeCloseTo(1 / 8, 12);
  });

  it('UCLA-3 with the baseline SD, lower score better: hand-worked', () => {
    // before 7, 7, 6, 5: mean 6.25, SD √(2.75/3) = 0.957427; SEM = 0.957427·√(1 − 0.72) = 0.506623;
    // S_diff = √2·SEM = 0.716473; threshold 1.96·0.716473 = 1.404287.
    // 7 → 4 (−3, RCI −4.187): improved, 2 people; 6 → 6: unchanged; 5 → 7 (+2, RCI 2.791): deteriorated.
    expect(INSTRUMENTS.UCLA3.reliableChange?.reliability).toBe(0.72);
    const r = instrumentReliableChange([
      pair('UCLA3', false, 7, 4, 2),
      pair('UCLA3', false, 6, 6, 1),
      pair('UCLA3', false, 5, 7, 1),
    ]);
    expect(r!.sd).toBeCloseTo(0.957427, 6);
    expect(r!.threshold).toBeCloseTo(1.404287, 5);
    expect(r).toMatchObject({ n: 4, improved: 2, unchanged: 1, deteriorated: 1 });
  });

  it('gives nothing without a published reliability or a baseline spread', () => {
    expect(instrumentReliableChange([pair('ONS4', true, 5, 8, 10)])).toBeNull();
    expect(instrumentReliableChange([pair('WEMWBS', true, 40, 50, 1)])).toBeNull();
    expect(instrumentReliableChange([pair('WEMWBS', true, 40, 50, 5)])).toBeNull();
    expect(instrumentReliableChange([])).toBeNull();
  });
});
