import * as Plot from '@observablehq/plot';
import { chartBase, type ChartOptions } from './chart-options.ts';
import { dot, ruleX, ruleY } from './marks.ts';
import { PALETTE } from './palette.ts';

export interface IntervalRow {
  label: string;
  value: number;
  /** the 95% interval's ends */
  lower: number;
  upper: number;
}

export interface IntervalOptions extends ChartOptions {
  xLabel?: string;
  /** where "no difference" lies (default 0) */
  reference?: number;
  percent?: boolean;
  marginLeft?: number;
}

/** Point estimates with 95% intervals (forest plot), with a reference line. */
export function intervalChart(rows: readonly IntervalRow[], o: IntervalOptions = {}) {
  return Plot.plot({
    ...chartBase(o),
    height: Math.max(120, 30 * rows.length + 50),
    marginLeft: o.marginLeft ?? 200,
    x: { grid: true, label: o.xLabel ?? null, percent: o.percent },
    y: { domain: rows.map((r) => r.label), label: null },
    marks: [
      ruleX([o.reference ?? 0], { stroke: PALETTE.grey }),
      ruleY(rows, { x1: 'lower', x2: 'upper', y: 'label', stroke: PALETTE.blue, strokeWidth: 2 }),
      dot(rows, { x: 'value', y: 'label', fill: PALETTE.blue, r: 5, symbol: 'diamond' }),
    ],
  });
}
