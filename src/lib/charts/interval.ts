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

/**
 * Point estimates with 95% intervals (forest plot), with a reference line. The labels' margin
 * gives way on a narrow screen (at most 45 % of the width, labels cut with an ellipsis and whole
 * in the table and the title), so the chart never overflows a 320 px window (WCAG 1.4.10).
 */
export function intervalChart(rows: readonly IntervalRow[], o: IntervalOptions = {}) {
  const base = chartBase(o);
  const marginLeft = Math.min(o.marginLeft ?? 200, Math.max(80, Math.round(base.width * 0.45)));
  return Plot.plot({
    ...base,
    height: Math.max(120, 30 * rows.length + 50),
    marginLeft,
    x: { grid: true, label: o.xLabel ?? null, percent: o.percent },
    y: { domain: rows.map((r) => r.label), label: null },
    marks: [
      // lineWidth is in ems of the 13 px font: the margin less the tick and its gap, with a tenth
      // to spare, as Plot estimates text widths rather than measuring them
      Plot.axisY({ label: null, lineWidth: (0.9 * (marginLeft - 12)) / 13, textOverflow: 'ellipsis' }),
      ruleX([o.reference ?? 0], { stroke: PALETTE.grey }),
      ruleY(rows, { x1: 'lower', x2: 'upper', y: 'label', stroke: PALETTE.blue, strokeWidth: 2 }),
      dot(rows, { x: 'value', y: 'label', fill: PALETTE.blue, r: 5, symbol: 'diamond' }),
    ],
  });
}
