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

  it('gives way on a narrow screen: the labels take at most 45 % of the width, cut with an ellipsis', () => {
    const long = intervalRows.map((r, i) => ({
      ...r,
      label: `${'A very long instrument and measure name '.repeat(3)}${i}`,
    }));
    const chart = intervalChart(long, { document: doc, width: 288, marginLeft: 380 });
    const labels = [...chart.querySelectorAll('[aria-label="y-axis tick label"] text')];
    expect(labels).toHaveLength(long.length);
    for (const t of labels) {
      expect(t.getAttribute('transform')).toBe(
        `translate(${Math.round(288 * 0.45)},${/,([\d.]+)\)/.exec(t.getAttribute('transform')!)![1]})`,
      );
      // the text drawn (the full label stays in a <title> for a tooltip)
      const drawn = t.firstChild!.textContent!;
      expect(drawn.endsWith('…')).toBe(true);
      expect(t.querySelector('title')!.textContent).toMatch(/^A very long/);
      // 13 px Arial averages about 0.55 em a character: the cut text fits the margin
      expect(drawn.length * 13 * 0.55).toBeLessThan(288 * 0.45 - 12);
    }
  });
});
