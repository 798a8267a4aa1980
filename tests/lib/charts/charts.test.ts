/**
 * Chart functions rendered from fixed data with linkedom as the document (TZ=UTC, see
 * vitest.config.ts), compared with SVG snapshots: a change to a chart shows up as a reviewable diff.
 */
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import {
  barChart,
  changeHistogram,
  choropleth,
  funnelPlot,
  intervalChart,
  lineChart,
  spcChart,
} from '../../../src/lib/charts/index.ts';

const { document } = parseHTML('<!doctype html><html><body></body></html>');
const doc = document as unknown as Document;
const months = ['2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09'];
const svg = (el: Element) => {
  const out = el.outerHTML;
  expect(out).toContain('<svg');
  return out.replace(/></g, '>\n<');
};
const file = (name: string) => `./__snapshots__/${name}.svg`;

describe('chart SVG snapshots', () => {
  it('spcChart', async () => {
    const rows = months.map((month, i) => ({
      month,
      value: [10, 12, 11, 30, 12, 13][i],
      mean: 14.7,
      lowerLimit: 0,
      upperLimit: 29,
      pointType: i === 3 ? 'special_cause_improvement' : 'common_cause',
    }));
    await expect(
      svg(spcChart(rows, { document: doc, width: 600, yLabel: 'Referrals', target: 20 })),
    ).toMatchFileSnapshot(file('spc'));
  });

  it('barChart, with a suppressed value left out', async () => {
    const rows = [
      { label: 'GP', value: 120 },
      { label: 'Self', value: 45 },
      { label: 'Other', value: null },
    ];
    await expect(svg(barChart(rows, { document: doc, width: 600, xLabel: 'Referrals' }))).toMatchFileSnapshot(
      file('bar'),
    );
  });

  it('barChart with drill-down links: a band per linked row, none for a row without a link', async () => {
    const rows = [
      { label: 'North PCN', value: 0, href: '/capacity?area=PCN%3AU12345' },
      { label: 'South PCN', value: 1.5, href: '/capacity?area=PCN%3AU23456' },
      { label: 'Unallocated', value: 0.5, href: null },
    ];
    const out = svg(barChart(rows, { document: doc, width: 600, xLabel: 'FTE per 50,000' }));
    // a zero-length bar still has a link as wide as the chart to click
    expect(out.match(/<a /g)).toHaveLength(2);
    expect(out).toContain('href="/capacity?area=PCN%3AU12345"');
    expect(out).not.toContain('Unallocated:');
    await expect(out).toMatchFileSnapshot(file('bar-links'));
  });

  it('lineChart with a target', async () => {
    const rows = months.map((date, i) => ({ date, value: 100 + i * 5, series: 'FTE (nhsd)' }));
    await expect(
      svg(
        lineChart(rows, {
          document: doc,
          width: 600,
          yLabel: 'FTE',
          targets: [{ value: 130, label: 'Target' }],
        }),
      ),
    ).toMatchFileSnapshot(file('line'));
  });

  it('intervalChart', async () => {
    const rows = [
      { label: 'SWEMWBS metric', value: 3.1, lower: 2.9, upper: 3.2 },
      { label: 'UCLA3 total', value: -1, lower: -1.2, upper: -0.9 },
    ];
    await expect(
      svg(intervalChart(rows, { document: doc, width: 600, xLabel: 'Mean change' })),
    ).toMatchFileSnapshot(file('interval'));
  });

  it('funnelPlot with 95% and 99.8% limits and drill-down links', async () => {
    const rows = [
      { name: 'A', population: 50000, rate: 12, significance: 'higher' },
      { name: 'B', population: 120000, rate: 9.8, significance: 'similar' },
      { name: 'C', population: 300000, rate: 8, significance: 'lower' },
    ];
    const limits = [40000, 100000, 200000, 350000].map((population) => ({
      population,
      lower95: 10 - 200 / Math.sqrt(population),
      upper95: 10 + 200 / Math.sqrt(population),
      lower998: 10 - 300 / Math.sqrt(population),
      upper998: 10 + 300 / Math.sqrt(population),
    }));
    await expect(
      svg(
        funnelPlot(rows, 10, limits, {
          document: doc,
          width: 600,
          yLabel: 'Per 1,000',
          href: (d) => `/compare?area=ICB:${d.name}`,
        }),
      ),
    ).toMatchFileSnapshot(file('funnel'));
  });

  it('choropleth with a missing value and links', async () => {
    const square = (x: number) => ({
      type: 'Polygon',
      coordinates: [
        [
          [x, 52],
          [x, 53],
          [x + 1, 53],
          [x + 1, 52],
          [x, 52],
        ],
      ],
    });
    const features = ['QAA', 'QBB', 'QCC'].map((code, i) => ({
      type: 'Feature',
      properties: { code, name: `ICB ${code}` },
      geometry: square(-2 + i),
    }));
    const values = new Map<string, number | null>([
      ['QAA', 10],
      ['QBB', 20],
      ['QCC', null],
    ]);
    await expect(
      svg(
        choropleth(features, values, {
          document: doc,
          width: 400,
          label: 'Rate',
          href: (c) => `/compare?area=ICB:${c}`,
        }),
      ),
    ).toMatchFileSnapshot(file('choropleth'));
  });

  it('changeHistogram', async () => {
    const rows = [-3, -2, -1, 0, 1, 2, 3, 4].map((change, i) => ({
      change,
      people: i === 0 ? null : 10 + i * 5,
    }));
    await expect(
      svg(changeHistogram(rows, { document: doc, width: 600, higherIsBetter: true, meaningfulChange: 2 })),
    ).toMatchFileSnapshot(file('change-histogram'));
  });
});
