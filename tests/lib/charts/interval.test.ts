/** The interval chart draws each estimate and its interval between the interval's ends. */
import { describe, expect, it } from 'vitest';
import { intervalChart } from '../../../src/lib/charts/index.ts';
import { doc, expectEverySeriesDrawn, linearPixel, scaleOf } from './drawn.ts';
import { intervalRows } from './fixtures.ts';

describe('intervalChart', () => {
  it('draws the reference, an interval and a point per row, at their values', () => {
    const chart = intervalChart(intervalRows, { document: doc, width: 600 });
    const [reference, intervals, points] = expectEverySeriesDrawn(chart, [
      { mark: 'rule', shapes: 1 },
      { mark: 'rule', shapes: intervalRows.length },
      { mark: 'dot', shapes: intervalRows.length },
    ]);
    const x = scaleOf(chart, 'x');
    expect(Number(reference.querySelector('line')!.getAttribute('x1'))).toBeCloseTo(linearPixel(x, 0), 6);
    [...intervals.querySelectorAll('line')].forEach((l, i) => {
      expect(Number(l.getAttribute('x1'))).toBeCloseTo(linearPixel(x, intervalRows[i].lower), 6);
      expect(Number(l.getAttribute('x2'))).toBeCloseTo(linearPixel(x, intervalRows[i].upper), 6);
    });
    [...points.querySelectorAll('path')].forEach((p, i) => {
      const px = Number(/translate\(([-\d.]+),/.exec(p.getAttribute('transform')!)![1]);
      expect(px).toBeCloseTo(linearPixel(x, intervalRows[i].value), 6);
    });
  });
});
