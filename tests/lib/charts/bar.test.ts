/** The bar chart draws a bar for every value it is given, as long as its value, and a link per linked row. */
import { describe, expect, it } from 'vitest';
import { barChart } from '../../../src/lib/charts/index.ts';
import { doc, expectEverySeriesDrawn, linearPixel, scaleOf } from './drawn.ts';
import { barRows, linkedBarRows } from './fixtures.ts';

const width = (r: Element) => Number(r.getAttribute('width'));

describe('barChart', () => {
  it('draws one bar per value (none for a suppressed one), from 0 to the value', () => {
    const chart = barChart(barRows, { document: doc, width: 600 });
    const shown = barRows.filter((r) => r.value !== null);
    const [bars] = expectEverySeriesDrawn(chart, [
      { mark: 'bar', shapes: shown.length },
      { mark: 'rule', shapes: 1 },
    ]);
    const x = scaleOf(chart, 'x');
    const rects = [...bars.querySelectorAll('rect')];
    rects.forEach((r, i) => {
      expect(Number(r.getAttribute('x'))).toBeCloseTo(linearPixel(x, 0), 6);
      expect(width(r)).toBeCloseTo(linearPixel(x, shown[i].value!) - linearPixel(x, 0), 6);
    });
    // 120 and 45 referrals: the bars' lengths are in that ratio
    expect(width(rects[0]) / width(rects[1])).toBeCloseTo(120 / 45, 6);
  });

  it('draws a bar for a zero value and a link band for each row with a link', () => {
    const chart = barChart(linkedBarRows, { document: doc, width: 600 });
    const [, , bands] = expectEverySeriesDrawn(chart, [
      { mark: 'bar', shapes: linkedBarRows.length },
      { mark: 'rule', shapes: 1 },
      { mark: 'bar', shapes: linkedBarRows.filter((r) => r.href).length },
    ]);
    expect([...bands.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(
      linkedBarRows.filter((r) => r.href).map((r) => r.href),
    );
  });

  it('names a field the rows lack (for callers that reach it through a cast)', () => {
    const rows = [{ name: 'GP', count: 3 }] as never;
    expect(() => barChart(rows, { document: doc })).toThrow(
      /barX: channel x asks for the field "value", which the rows do not have \(they have name, count\)/,
    );
  });
});
