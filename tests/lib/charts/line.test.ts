/** The line chart draws one line per series, a vertex per month, and each target at its value. */
import { describe, expect, it } from 'vitest';
import { lineChart, type SeriesRow } from '../../../src/lib/charts/index.ts';
import { doc, expectEverySeriesDrawn, linearPixel, pathPoints, scaleOf } from './drawn.ts';
import { lineRows, months } from './fixtures.ts';

describe('lineChart', () => {
  it('draws the series and the target with its label, where the y scale puts them', () => {
    const chart = lineChart(lineRows, {
      document: doc,
      width: 600,
      targets: [{ value: 130, label: 'Target' }],
    });
    const [rule, label, line] = expectEverySeriesDrawn(chart, [
      { mark: 'rule', shapes: 1 },
      { mark: 'text', shapes: 1 },
      { mark: 'line', shapes: 1, points: lineRows.length },
    ]);
    const y = scaleOf(chart, 'y');
    // y from 0 (zero: true) to the target 130, 250 px: 100 FTE at 270 − 100/130 × 250 = 77.69 px
    expect(y.domain).toEqual([0, 130]);
    const vertices = pathPoints(line.querySelector('path')!.getAttribute('d'));
    expect(vertices[0][1]).toBeCloseTo(77.69, 2);
    vertices.forEach(([, v], i) => expect(v).toBeCloseTo(linearPixel(y, lineRows[i].value), 2));
    expect(Number(rule.querySelector('line')!.getAttribute('y1'))).toBeCloseTo(linearPixel(y, 130), 6);
    expect(label.textContent).toBe('Target');
  });

  it('draws one line per series, each with its own months', () => {
    const rows: SeriesRow[] = [
      ...months.map((date, i) => ({ date, value: i, series: 'referrals' })),
      ...months.slice(2).map((date, i) => ({ date, value: 10 - i, series: 'assessments' })),
    ];
    const chart = lineChart(rows, { document: doc, width: 600 });
    const [line] = expectEverySeriesDrawn(chart, [{ mark: 'line', shapes: 2, points: [6, 4] }]);
    const strokes = [...line.querySelectorAll('path')].map((p) => p.getAttribute('stroke'));
    expect(new Set(strokes).size).toBe(2);
  });
});
