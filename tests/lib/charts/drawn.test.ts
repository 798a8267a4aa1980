/** The drawn-series helper fails on what a snapshot let through: an empty line group, a one-point path, a NaN. */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { expectEverySeriesDrawn, linearPixel, pathPoints } from './drawn.ts';

const chart = (marks: string) =>
  parseHTML(`<html><body><svg>${marks}</svg></body></html>`).document.querySelector(
    'svg',
  ) as unknown as Element;
const drawnLine = '<g aria-label="line"><path d="M56,28.3L158,28.3L264,28.3"/></g>';

describe('expectEverySeriesDrawn', () => {
  it('passes a chart that drew what it was given', () => {
    expect(() =>
      expectEverySeriesDrawn(chart(drawnLine), [{ mark: 'line', shapes: 1, points: 3 }]),
    ).not.toThrow();
  });

  it('fails on an empty line group (as the SPC limits were recorded)', () => {
    const svg = chart(`<g aria-label="line" />${drawnLine}`);
    expect(() =>
      expectEverySeriesDrawn(svg, [
        { mark: 'line', shapes: 1 },
        { mark: 'line', shapes: 1 },
      ]),
    ).toThrow(/mark 1 \(line\): shapes drawn/);
  });

  it('fails on a missing mark, a path of one point and a NaN coordinate', () => {
    expect(() => expectEverySeriesDrawn(chart(drawnLine), [{ mark: 'rule', shapes: 1 }])).toThrow(
      /marks drawn/,
    );
    expect(() =>
      expectEverySeriesDrawn(chart('<g aria-label="line"><path d="M56,28.3"/></g>'), [
        { mark: 'line', shapes: 1 },
      ]),
    ).toThrow(/vertices/);
    expect(() =>
      expectEverySeriesDrawn(chart('<g aria-label="rule"><line y1="NaN" y2="NaN"/></g>'), [
        { mark: 'rule', shapes: 1 },
      ]),
    ).toThrow(/y1/);
  });

  it('reads path vertices and places values on a linear scale', () => {
    expect(pathPoints('M1,2L3,4.5')).toEqual([
      [1, 2],
      [3, 4.5],
    ]);
    expect(linearPixel({ domain: [0, 30], range: [270, 20] }, 29)).toBeCloseTo(28.333, 3);
  });
});
