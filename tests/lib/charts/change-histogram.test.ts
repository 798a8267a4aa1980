/** The change histogram draws a column per shown count, as tall as the count, banded by meaningful change. */
import { describe, expect, it } from 'vitest';
import { changeHistogram, PALETTE } from '../../../src/lib/charts/index.ts';
import { doc, expectEverySeriesDrawn, linearPixel, scaleOf } from './drawn.ts';
import { changeRows } from './fixtures.ts';

describe('changeHistogram', () => {
  it('draws a column per unsuppressed change, from 0 to the count, in its band', () => {
    const chart = changeHistogram(changeRows, {
      document: doc,
      width: 600,
      higherIsBetter: true,
      meaningfulChange: 2,
    });
    const shown = changeRows.filter((r) => r.people !== null);
    const [bars] = expectEverySeriesDrawn(chart, [
      { mark: 'bar', shapes: shown.length },
      { mark: 'rule', shapes: 1 },
    ]);
    const y = scaleOf(chart, 'y');
    const rects = [...bars.querySelectorAll('rect')];
    // the columns are inset 1 px on every side, so each runs from 1 px below its count to 1 px above 0
    rects.forEach((r, i) => {
      expect(Number(r.getAttribute('y'))).toBeCloseTo(linearPixel(y, shown[i].people!) + 1, 6);
      expect(Number(r.getAttribute('y')) + Number(r.getAttribute('height'))).toBeCloseTo(
        linearPixel(y, 0) - 1,
        6,
      );
    });
    // meaningful change 2: −2 is worse, −1 to +1 little change, +2 and more improvement
    expect(rects.map((r) => r.getAttribute('fill'))).toEqual([
      PALETTE.orange,
      PALETTE.grey,
      PALETTE.grey,
      PALETTE.grey,
      PALETTE.blue,
      PALETTE.blue,
      PALETTE.blue,
    ]);
  });
});
