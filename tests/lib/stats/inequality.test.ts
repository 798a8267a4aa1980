import { describe, expect, it } from 'vitest';
import { slopeIndexOfInequality, type SiiQuantile } from '../../../src/lib/stats/index.ts';

/** Deterministic uniform(0, 1) draws (mulberry32): the simulation below is the same every run. */
function uniforms(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by Box–Muller from `uniforms`. */
function normals(seed: number): () => number {
  const u = uniforms(seed);
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/**
 * PHEindicatormethods' SimulationFunc (R/utils.R, value_type 0) step by step, written out here
 * independently of the library: b = FindXValues (midpoint of each quantile's cumulative population
 * share); each repetition draws every quantile's value from N(value, se), multiplies it by √a, and
 * takes the b·√a row of solve(m mᵀ) m times it; the limits are the sorted draws at positions
 * round(reps × 0.025) and round(reps × 0.975) (R, 1-based).
 */
function simulatePheSii(q: SiiQuantile[], reps: number, seed: number): { lower: number; upper: number } {
  const total = q.reduce((s, x) => s + x.population, 0);
  const a = q.map((x) => x.population / total);
  const b: number[] = [];
  let cum = 0;
  for (const ai of a) {
    b.push(cum + ai / 2);
    cum += ai;
  }
  const m = [a.map(Math.sqrt), a.map((ai, i) => b[i] * Math.sqrt(ai))]; // 2 × k
  const mmt = [0, 1].map((r) => [0, 1].map((c) => m[r].reduce((s, x, i) => s + x * m[c][i], 0)));
  const det = mmt[0][0] * mmt[1][1] - mmt[0][1] * mmt[1][0];
  const inv = [
    [mmt[1][1] / det, -mmt[0][1] / det],
    [-mmt[1][0] / det, mmt[0][0] / det],
  ];
  const slopeRow = m[0].map((_, i) => inv[1][0] * m[0][i] + inv[1][1] * m[1][i]);
  const z = normals(seed);
  const slopes = new Float64Array(reps);
  for (let r = 0; r < reps; r++) {
    let s = 0;
    for (let i = 0; i < q.length; i++) s += slopeRow[i] * (q[i].value + q[i].se * z()) * m[0][i];
    slopes[r] = s;
  }
  slopes.sort();
  return { lower: slopes[Math.round(reps * 0.025) - 1], upper: slopes[Math.round(reps * 0.975) - 1] };
}

// phe_sii's own documented example (R/SII_function.R, @examples): two areas by IMD decile with
// life expectancy and its standard error
const area1: SiiQuantile[] = [
  [7291, 75.9, 1.64],
  [7997, 78.3, 1.58],
  [6105, 83.8, 1.51],
  [7666, 83.6, 1.78],
  [5790, 80.5, 1.7],
  [6934, 81.1, 1.56],
  [5918, 81.7, 1.37],
  [5974, 84.2, 1.4],
  [7147, 80.6, 2.43],
  [7534, 86.3, 1.57],
].map(([population, value, se]) => ({ population, value, se }));
const area2: SiiQuantile[] = [
  [21675, 70.5, 0.23],
  [20065, 71.6, 0.26],
  [19750, 72.5, 0.3],
  [24713, 73.5, 0.16],
  [20112, 73.1, 0.79],
  [19618, 76.2, 0.78],
  [22408, 78.7, 0.4],
  [19752, 80.6, 0.28],
  [18939, 80.9, 0.23],
  [19312, 80, 0.35],
].map(([population, value, se]) => ({ population, value, se }));

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

  it('gives the hand-worked interval for five equal quintiles', () => {
    // a = 0.2 each, b = 0.1, 0.3, 0.5, 0.7, 0.9. With equal shares the weighted fit is ordinary least
    // squares of y on b: slope = Σ(b − 0.5)·y / Σ(b − 0.5)², Σ(b − 0.5)² = 0.16+0.04+0+0.04+0.16 = 0.4.
    // y = 10, 12, 14, 16, 18 → slope = (−0.4·10 − 0.2·12 + 0.2·16 + 0.4·18)/0.4 = 4/0.4 = 10.
    // Var(slope) = Σ((b − 0.5)/0.4)²·se² = 0.4/0.16 · 1 = 2.5, so the 95% limits are
    // 10 ∓ 1.959964·√2.5 = 10 ∓ 3.09898 → 6.90102 to 13.09898. (The old code left out the population
    // share: variance 2.5/0.2 = 12.5, limits 10 ∓ 6.93 — √5 times too wide.)
    const r = slopeIndexOfInequality(
      [10, 12, 14, 16, 18].map((value) => ({ population: 1000, value, se: 1 })),
    );
    expect(r.sii).toBeCloseTo(10, 10);
    expect(r.lower).toBeCloseTo(6.90102, 4);
    expect(r.upper).toBeCloseTo(13.09898, 4);
    // RII = fitted value at b = 1 over fitted value at b = 0: (9 + 10)/9
    expect(r.rii).toBeCloseTo(19 / 9, 10);
  });

  it("matches a re-run of phe_sii's simulation on phe_sii's documented example", () => {
    for (const [name, area] of [
      ['Area1', area1],
      ['Area2', area2],
    ] as const) {
      const r = slopeIndexOfInequality(area);
      const sim = simulatePheSii(area, 100_000, 20240501);
      const halfWidth = (r.upper - r.lower) / 2;
      // 100,000 draws place a 2.5% quantile to within about 0.01 standard errors; 0.03 half-widths
      // (about 0.06 standard errors) allows for that and fails for a width off by even 5%
      expect(Math.abs(r.lower - sim.lower), `${name} lower`).toBeLessThan(0.03 * halfWidth);
      expect(Math.abs(r.upper - sim.upper), `${name} upper`).toBeLessThan(0.03 * halfWidth);
    }
  });

  it('needs every quantile, as phe_sii does: 5 to 100 of them, each with people', () => {
    const five = [1, 2, 3, 4, 5].map((value) => ({ population: 10, value, se: 1 }));
    expect(() => slopeIndexOfInequality(five.slice(0, 4))).toThrow(
      'slopeIndexOfInequality: quantiles must be an array of 5 to 100 quantiles',
    );
    expect(() => slopeIndexOfInequality([{ ...five[0], population: 0 }, ...five.slice(1)])).toThrow(
      'slopeIndexOfInequality: quantiles[0].population must be > 0, got 0',
    );
  });
});
