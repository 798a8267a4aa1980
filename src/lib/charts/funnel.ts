import * as Plot from '@observablehq/plot';
import { chartBase, type ChartOptions } from './chart-options.ts';
import { dot, line, ruleY } from './marks.ts';
import { PALETTE } from './palette.ts';

/** How an area's 95% interval compares with the benchmark (areas not compared are not plotted). */
export type Significance = 'higher' | 'similar' | 'lower';

export interface FunnelRow {
  name: string;
  population: number;
  rate: number;
  significance: Significance;
}

/** The control limits at one population: 95% and 99.8%, each side of the benchmark. */
export interface FunnelLimit {
  population: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface FunnelData<Row extends FunnelRow = FunnelRow> {
  areas: readonly Row[];
  benchmark: number;
  /** the limits along the population axis, in order of population */
  limits: readonly FunnelLimit[];
}

export interface FunnelOptions<Row extends FunnelRow = FunnelRow> extends ChartOptions {
  yLabel?: string;
  href?: (row: Row) => string | null;
}

const SIGNIFICANCE: Significance[] = ['higher', 'similar', 'lower'];

/** Funnel plot: each area's rate against its population, with the benchmark and 95% / 99.8% limits. */
export function funnelPlot<Row extends FunnelRow>(
  { areas, benchmark, limits }: FunnelData<Row>,
  o: FunnelOptions<Row> = {},
) {
  const href = o.href;
  return Plot.plot({
    ...chartBase(o),
    height: 360,
    marginLeft: 56,
    x: { label: 'Registered patients', grid: true, tickFormat: '~s' },
    y: { label: o.yLabel ?? null, grid: true },
    color: { domain: SIGNIFICANCE, range: [PALETTE.sky, PALETTE.grey, PALETTE.orange], legend: true },
    symbol: { domain: SIGNIFICANCE, range: ['triangle', 'circle', 'square'] },
    marks: [
      ruleY([benchmark], { stroke: PALETTE.dark }),
      line(limits, { x: 'population', y: 'lower95', stroke: PALETTE.dark, strokeDasharray: '4,3' }),
      line(limits, { x: 'population', y: 'upper95', stroke: PALETTE.dark, strokeDasharray: '4,3' }),
      line(limits, { x: 'population', y: 'lower998', stroke: PALETTE.dark, strokeDasharray: '1,3' }),
      line(limits, { x: 'population', y: 'upper998', stroke: PALETTE.dark, strokeDasharray: '1,3' }),
      dot(areas, {
        x: 'population',
        y: 'rate',
        fill: 'significance',
        symbol: 'significance',
        r: 5,
        stroke: 'white',
        title: (d) => `${d.name}: ${d.rate.toFixed(1)} (${d.significance})`,
        ...(href ? { href: (d: Row) => href(d) } : {}),
      }),
    ],
  });
}
