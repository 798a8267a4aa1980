/** The funnel plot draws the benchmark, all four control limits and every area, where they belong. */
import { describe, expect, it } from 'vitest';
import { funnelPlot } from '../../../src/lib/charts/index.ts';
import { doc, expectEverySeriesDrawn, linearPixel, pathPoints, scaleOf } from './drawn.ts';
import { funnelAreas, funnelLimits } from './fixtures.ts';

describe('funnelPlot', () => {
  it('draws the benchmark, the 95% and 99.8% limits and a point per area', () => {
    const chart = funnelPlot(
      { areas: funnelAreas, benchmark: 10, limits: funnelLimits },
      { document: doc, width: 600, href: (d) => `/compare?area=ICB:${d.name}` },
    );
    const n = funnelLimits.length;
    const [benchmark, lower95, upper95, lower998, upper998, dots] = expectEverySeriesDrawn(chart, [
      { mark: 'rule', shapes: 1 },
      { mark: 'line', shapes: 1, points: n },
      { mark: 'line', shapes: 1, points: n },
      { mark: 'line', shapes: 1, points: n },
      { mark: 'line', shapes: 1, points: n },
      { mark: 'dot', shapes: funnelAreas.length },
    ]);
    const x = scaleOf(chart, 'x');
    const y = scaleOf(chart, 'y');
    expect(Number(benchmark.querySelector('line')!.getAttribute('y1'))).toBeCloseTo(linearPixel(y, 10), 6);
    // at 40,000 patients √40,000 = 200: the 95% limits are 10 ± 200/200 = 9 and 11, the 99.8% 8.5 and 11.5
    const first = (g: Element) => pathPoints(g.querySelector('path')!.getAttribute('d'))[0];
    for (const [g, v] of [
      [lower95, 9],
      [upper95, 11],
      [lower998, 8.5],
      [upper998, 11.5],
    ] as const) {
      expect(first(g)[0]).toBeCloseTo(linearPixel(x, 40000), 2);
      expect(first(g)[1]).toBeCloseTo(linearPixel(y, v), 2);
    }
    expect([...dots.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(
      funnelAreas.map((d) => `/compare?area=ICB:${d.name}`),
    );
  });
});
