/**
 * Chart functions rendered from fixed data with linkedom as the document (TZ=UTC, see
 * vitest.config.ts), compared with SVG snapshots: a change to a chart shows up as a reviewable diff.
 * A snapshot only says the SVG is what it was; that every series is drawn where it belongs is
 * checked in each chart's own test (spc.test.ts, bar.test.ts, …) with ./drawn.ts.
 */
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
import { doc } from './drawn.ts';
import {
  barRows,
  changeRows,
  features,
  funnelAreas,
  funnelLimits,
  intervalRows,
  lineRows,
  linkedBarRows,
  mapValues,
  spcRows,
} from './fixtures.ts';
const svg = (el: Element) => {
  const out = el.outerHTML;
  expect(out).toContain('<svg');
  return out.replace(/></g, '>\n<');
};
const file = (name: string) => `./__snapshots__/${name}.svg`;

describe('chart SVG snapshots', () => {
  it('spcChart', async () => {
    await expect(
      svg(spcChart(spcRows, { document: doc, width: 600, yLabel: 'Referrals', target: 20 })),
    ).toMatchFileSnapshot(file('spc'));
  });

  it('barChart, with a suppressed value left out', async () => {
    await expect(
      svg(barChart(barRows, { document: doc, width: 600, xLabel: 'Referrals' })),
    ).toMatchFileSnapshot(file('bar'));
  });

  it('barChart with drill-down links: a band per linked row, none for a row without a link', async () => {
    const out = svg(barChart(linkedBarRows, { document: doc, width: 600, xLabel: 'FTE per 50,000' }));
    // a zero-length bar still has a link as wide as the chart to click
    expect(out.match(/<a /g)).toHaveLength(2);
    expect(out).toContain('href="/capacity?area=PCN%3AU12345"');
    expect(out).not.toContain('Unallocated:');
    await expect(out).toMatchFileSnapshot(file('bar-links'));
  });

  it('lineChart with a target', async () => {
    await expect(
      svg(
        lineChart(lineRows, {
          document: doc,
          width: 600,
          yLabel: 'FTE',
          targets: [{ value: 130, label: 'Target' }],
        }),
      ),
    ).toMatchFileSnapshot(file('line'));
  });

  it('intervalChart', async () => {
    await expect(
      svg(intervalChart(intervalRows, { document: doc, width: 600, xLabel: 'Mean change' })),
    ).toMatchFileSnapshot(file('interval'));
  });

  it('funnelPlot with 95% and 99.8% limits and drill-down links', async () => {
    await expect(
      svg(
        funnelPlot(
          { areas: funnelAreas, benchmark: 10, limits: funnelLimits },
          {
            document: doc,
            width: 600,
            yLabel: 'Per 1,000',
            href: (d) => `/compare?area=ICB:${d.name}`,
          },
        ),
      ),
    ).toMatchFileSnapshot(file('funnel'));
  });

  it('choropleth with a missing value and links', async () => {
    await expect(
      svg(
        choropleth(
          { features, values: mapValues },
          {
            document: doc,
            width: 400,
            label: 'Rate',
            href: (c) => `/compare?area=ICB:${c}`,
          },
        ),
      ),
    ).toMatchFileSnapshot(file('choropleth'));
  });

  it('changeHistogram', async () => {
    await expect(
      svg(
        changeHistogram(changeRows, { document: doc, width: 600, higherIsBetter: true, meaningfulChange: 2 }),
      ),
    ).toMatchFileSnapshot(file('change-histogram'));
  });
});
