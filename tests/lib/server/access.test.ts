import { describe, expect, it } from 'vitest';
import type { Context } from '../../../src/lib/server/dataset.ts';
import { accessInequality, accessRate } from '../../../src/lib/server/datasets/access.ts';

/** Only `months` is read by the rate arithmetic. */
const ctx = (months: number) => ({ months }) as Context;

/** Byar's limits written out from the formula (PHE Technical Guide, Byar's method), z = 1.959964. */
const Z = 1.959963985;
const byarLower = (o: number) => o * (1 - 1 / (9 * o) - Z / (3 * Math.sqrt(o))) ** 3;
const byarUpper = (o: number) => (o + 1) * (1 - 1 / (9 * (o + 1)) + Z / (3 * Math.sqrt(o + 1))) ** 3;

describe('access rate per 1,000 residents a year', () => {
  it('hand-worked: 60 referrals in 6 months among 40,000 residents is 3.0 a year per 1,000', () => {
    const r = accessRate(60, 40_000, ctx(6));
    // 60 × 12 / 6 = 120 a year; 120 / 40 = 3.0
    expect(r.rate_per_1000).toBeCloseTo(3.0, 10);
    expect(r.lower).toBeCloseTo((byarLower(60) * 2) / 40, 6);
    expect(r.upper).toBeCloseTo((byarUpper(60) * 2) / 40, 6);
  });

  it('no rate without a population (a PCN) or a count (suppressed)', () => {
    expect(accessRate(60, null, ctx(12)).rate_per_1000).toBeNull();
    expect(accessRate(null, 1000, ctx(12)).rate_per_1000).toBeNull();
  });
});

describe('inequality of access across deciles', () => {
  const pops = Array.from({ length: 10 }, () => 100_000);

  it('equal rates in every decile: SII 0, Core20 share of referrals = share of residents', () => {
    const r = accessInequality(Array(10).fill(100), pops, ctx(12));
    expect(r.sii).toBeCloseTo(0, 10);
    expect(r.core20_share).toBeCloseTo(0.2, 10);
    expect(r.core20_population_share).toBeCloseTo(0.2, 10);
  });

  it('hand-worked gradient: rate falling by 0.1 per 1,000 a decile gives SII −1.0 per 1,000', () => {
    // decile d (1 most deprived) has 110 − 10d referrals among 100,000: rate 1.1 − 0.1d per 1,000.
    // Equal deciles sit at midpoints 0.05 … 0.95; the slope over the whole range 0 → 1 is
    // −0.1 per decile × 10 deciles = −1.0 (least minus most deprived)
    const counts = Array.from({ length: 10 }, (_, i) => 110 - 10 * (i + 1));
    const r = accessInequality(counts, pops, ctx(12));
    expect(r.sii).toBeCloseTo(-1.0, 10);
    expect(Number(r.sii_lower)).toBeLessThan(-1.0);
    expect(Number(r.sii_upper)).toBeGreaterThan(-1.0);
    // Core20: (100 + 90) / 550 of referrals, 2 / 10 of residents
    expect(r.core20_share).toBeCloseTo(190 / 550, 10);
    expect(r.core20_population_share).toBeCloseTo(0.2, 10);
  });

  it('no SII when a decile is suppressed (null is not 0) or has no residents', () => {
    const counts = Array(10).fill(100);
    expect(accessInequality([null, ...counts.slice(1)], pops, ctx(12)).sii).toBeNull();
    expect(accessInequality(counts, [0, ...pops.slice(1)], ctx(12)).sii).toBeNull();
  });
});
