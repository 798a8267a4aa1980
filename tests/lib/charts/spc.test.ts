/**
 * The SPC chart draws what it is given: the values, the mean, the upper and lower process limits and
 * the target, each where its scale puts it. The limits were once asked for as `upper`/`lower` while
 * the rows carry `upperLimit`/`lowerLimit`, and Plot drew two empty line groups that a snapshot kept.
 */
import { describe, expect, it } from 'vitest';
import { spcChart, type SpcRow } from '../../../src/lib/charts/index.ts';
import { spc } from '../../../src/lib/stats/spc.ts';
import { doc, expectEverySeriesDrawn, linearPixel, pathPoints, scaleOf } from './drawn.ts';
import { months, spcRows } from './fixtures.ts';

/** The y of every vertex of a line group's paths. */
const ys = (g: Element) =>
  [...g.querySelectorAll('path')].flatMap((p) => pathPoints(p.getAttribute('d')).map(([, y]) => y));

describe('spcChart', () => {
  it('draws values, mean, both process limits and the target, one vertex per month', () => {
    const chart = spcChart(spcRows, { document: doc, width: 600, yLabel: 'Referrals', target: 20 });
    const n = spcRows.length;
    const [upper, lower, mean, target, values, dots] = expectEverySeriesDrawn(chart, [
      { mark: 'line', shapes: 1, points: n }, // upper process limit
      { mark: 'line', shapes: 1, points: n }, // lower process limit
      { mark: 'line', shapes: 1, points: n }, // mean
      { mark: 'rule', shapes: 1 }, // target
      { mark: 'line', shapes: 1, points: n }, // values
      { mark: 'dot', shapes: n },
    ]);
    // Hand-worked: the y domain runs from the lower limit (0) to the largest value (30); the plot is
    // 300 px high with Plot's default 20 px top and 30 px bottom margins, so y = 270 − v / 30 × 250:
    // the upper limit 29 at 28.33 px, the lower limit 0 at 270, the mean 14.7 at 147.5, the target
    // 20 at 103.33. (Without the limits the domain would start at the smallest value, 10.)
    expect(scaleOf(chart, 'y').domain).toEqual([0, 30]);
    for (const y of ys(upper)) expect(y).toBeCloseTo(28.333, 2);
    for (const y of ys(lower)) expect(y).toBeCloseTo(270, 2);
    for (const y of ys(mean)) expect(y).toBeCloseTo(147.5, 2);
    expect(Number(target.querySelector('line')!.getAttribute('y1'))).toBeCloseTo(103.333, 2);
    expect(ys(values)).toHaveLength(n);
    // the special-cause month is drawn as an improvement (a triangle, not a circle)
    expect(dots.querySelectorAll('path')[3].getAttribute('fill')).toBe('#56b4e9');
  });

  it('draws the limits spc() computes, at the pixels of the hand-worked limits', () => {
    // 5, 7, 5, 7, …: mean 6, every moving range 2, so the limits are 6 ± 2.66 × 2 = 0.68 and 11.32
    const values = Array.from({ length: 12 }, (_, i) => (i % 2 ? 7 : 5));
    const result = spc(values, { improvementDirection: 'increase' });
    // as the Referrals page passes them: spc()'s points with their months
    const rows: SpcRow[] = result.points.map((p, i) => ({
      ...p,
      month: `2024-${String(i + 1).padStart(2, '0')}`,
    }));
    const chart = spcChart(rows, { document: doc, width: 600, target: 14 });
    const [upper, lower, mean] = expectEverySeriesDrawn(chart, [
      { mark: 'line', shapes: 1, points: 12 },
      { mark: 'line', shapes: 1, points: 12 },
      { mark: 'line', shapes: 1, points: 12 },
      { mark: 'rule', shapes: 1 },
      { mark: 'line', shapes: 1, points: 12 },
      { mark: 'dot', shapes: 12 },
    ]);
    const y = scaleOf(chart, 'y');
    // the domain is the lower limit to the target: 0.68 to 14
    expect(y.domain![0]).toBeCloseTo(0.68, 9);
    expect(y.domain![1]).toBe(14);
    // 11.32 lies (11.32 − 0.68) / (14 − 0.68) = 79.88% of the way up the 250 px: at 70.30 px
    for (const v of ys(upper)) expect(v).toBeCloseTo(70.3, 1);
    for (const v of ys(upper)) expect(v).toBeCloseTo(linearPixel(y, 11.32), 2);
    for (const v of ys(lower)) expect(v).toBeCloseTo(linearPixel(y, 0.68), 2);
    for (const v of ys(mean)) expect(v).toBeCloseTo(linearPixel(y, 6), 2);
  });

  it('after a rebase, draws each section’s limits as a line of its own', () => {
    const values = [5, 7, 5, 7, 5, 7, 20, 24, 20, 24, 20, 24];
    const rows: SpcRow[] = spc(values, { rebaseAt: [6] }).points.map((p, i) => ({
      ...p,
      month: `2024-${String(i + 1).padStart(2, '0')}`,
    }));
    const chart = spcChart(rows, { document: doc, width: 600 });
    const [upper, , mean] = expectEverySeriesDrawn(chart, [
      { mark: 'line', shapes: 2, points: [6, 6] },
      { mark: 'line', shapes: 2, points: [6, 6] },
      { mark: 'line', shapes: 2, points: [6, 6] },
      { mark: 'line', shapes: 1, points: 12 },
      { mark: 'dot', shapes: 12 },
    ]);
    const y = scaleOf(chart, 'y');
    // second section: mean 22, moving ranges 4, limits 22 ± 10.64
    const [, second] = [...mean.querySelectorAll('path')].map((p) => pathPoints(p.getAttribute('d')));
    for (const [, v] of second) expect(v).toBeCloseTo(linearPixel(y, 22), 2);
    const [, upper2] = [...upper.querySelectorAll('path')].map((p) => pathPoints(p.getAttribute('d')));
    for (const [, v] of upper2) expect(v).toBeCloseTo(linearPixel(y, 32.64), 2);
  });

  it('months are drawn where the x scale puts their first day', () => {
    const chart = spcChart(spcRows, { document: doc, width: 600 });
    const [, , , values] = expectEverySeriesDrawn(chart, [
      { mark: 'line', shapes: 1, points: 6 },
      { mark: 'line', shapes: 1, points: 6 },
      { mark: 'line', shapes: 1, points: 6 },
      { mark: 'line', shapes: 1, points: 6 },
      { mark: 'dot', shapes: 6 },
    ]);
    const x = scaleOf(chart, 'x');
    const xs = pathPoints(values.querySelector('path')!.getAttribute('d')).map(([px]) => px);
    months.forEach((m, i) =>
      expect(xs[i]).toBeCloseTo(linearPixel(x, Date.UTC(+m.slice(0, 4), +m.slice(5) - 1, 1)), 2),
    );
  });
});
