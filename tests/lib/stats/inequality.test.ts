import { describe, expect, it } from 'vitest';
import { slopeIndexOfInequality } from '../../../src/lib/stats/index.ts';

describe('slopeIndexOfInequality', () => {
  it('recovers the slope of values that lie exactly on a line in the population midpoints', () => {
    // phe_sii (ukhsa-collaboration/PHEindicatormethods R/SII_function.R) regresses √a·y on √a and b·√a; for
    // y = α + β·b exactly the fit is exact, so SII = β and RII = (α + β)/α whatever the populations.
    const pops = [120, 80, 100, 150, 50];
    let cum = 0;
    const b = pops.map((p) => {
      const mid = (cum + p / 2) / 500;
      cum += p;
      return mid;
    });
    const r = slopeIndexOfInequality(
      pops.map((population, i) => ({ population, value: 30 - 12 * b[i], se: 0.5 })),
    );
    expect(r.sii).toBeCloseTo(-12, 10);
    expect(r.rii).toBeCloseTo(18 / 30, 10);
    expect(r.lower).toBeLessThan(r.sii);
    expect(r.upper).toBeGreaterThan(r.sii);
    expect(
      slopeIndexOfInequality(
        pops.map((population, i) => ({ population, value: 30 - 12 * b[i], se: 0.5 })),
        { multiplier: -1 },
      ).sii,
    ).toBeCloseTo(12, 10);
  });
  it('names bad input', () => {
    expect(() =>
      slopeIndexOfInequality([
        { population: 0, value: 1, se: 1 },
        { population: 1, value: 1, se: 1 },
      ]),
    ).toThrow('slopeIndexOfInequality: quantiles[0].population must be > 0, got 0');
  });
});
