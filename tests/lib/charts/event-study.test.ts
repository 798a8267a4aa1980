/** The event-study chart draws a line per cohort, a vertex per month, the index month and the window edges. */
import { describe, expect, it } from 'vitest';
import { eventStudyChart, type EventStudyRow } from '../../../src/lib/charts/index.ts';
import { doc, expectEverySeriesDrawn, linearPixel, pathPoints, scaleOf } from './drawn.ts';

const months = Array.from({ length: 25 }, (_, i) => i - 12);
// a peak of need at referral (× 2.5 in month 0), and the referred falling below the comparison after
const rows: EventStudyRow[] = [
  ...months.map((m) => ({ relativeMonth: m, mean: m === 0 ? 2.5 : m > 0 ? 0.7 : 1, cohort: 'Referred' })),
  ...months
    .slice(4)
    .map((m) => ({ relativeMonth: m, mean: m === 0 ? 2.5 : 1, cohort: 'Matched comparison' })),
];

describe('eventStudyChart', () => {
  it('draws both cohorts month by month, the index month and the four window edges', () => {
    const chart = eventStudyChart(rows, {
      document: doc,
      width: 600,
      windows: { before: [-6, -1], after: [1, 6] },
    });
    const [index, edges, line] = expectEverySeriesDrawn(chart, [
      { mark: 'rule', shapes: 1 },
      { mark: 'rule', shapes: 4 },
      { mark: 'line', shapes: 2, points: [25, 21] },
    ]);
    const x = scaleOf(chart, 'x');
    const y = scaleOf(chart, 'y');
    expect(Number(index.querySelector('line')!.getAttribute('x1'))).toBeCloseTo(linearPixel(x, 0), 2);
    const edgeX = [...edges.querySelectorAll('line')].map((l) => Number(l.getAttribute('x1')));
    expect(edgeX).toEqual([-6, -1, 1, 6].map((m) => expect.closeTo(linearPixel(x, m), 2)));
    const referred = pathPoints(line.querySelectorAll('path')[0].getAttribute('d'));
    referred.forEach(([px, py], i) => {
      expect(px).toBeCloseTo(linearPixel(x, rows[i].relativeMonth), 2);
      expect(py).toBeCloseTo(linearPixel(y, rows[i].mean), 2);
    });
  });

  it('draws without windows: the index month and the lines only', () => {
    expectEverySeriesDrawn(eventStudyChart(rows.slice(0, 25), { document: doc }), [
      { mark: 'rule', shapes: 1 },
      { mark: 'line', shapes: 1, points: 25 },
    ]);
  });
});
