/** The choropleth draws every area it is given, grey where it has no value. */
import { describe, expect, it } from 'vitest';
import { choropleth } from '../../../src/lib/charts/index.ts';
import { doc, expectEverySeriesDrawn } from './drawn.ts';
import { features, mapValues } from './fixtures.ts';

describe('choropleth', () => {
  it('draws a shape per area: coloured by value, grey for no value, each linked', () => {
    const chart = choropleth(
      { features, values: mapValues },
      { document: doc, width: 400, href: (c) => `/x/${c}` },
    );
    const [geo] = expectEverySeriesDrawn(chart, [{ mark: 'geo', shapes: features.length }]);
    const fills = [...geo.querySelectorAll('path')].map((p) => p.getAttribute('fill'));
    expect(fills[2]).toBe('#d8dde0');
    expect(fills[0]).not.toBe(fills[1]);
    expect(fills.slice(0, 2)).not.toContain('#d8dde0');
    expect([...geo.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([
      '/x/QAA',
      '/x/QBB',
      '/x/QCC',
    ]);
  });
});
