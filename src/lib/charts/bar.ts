import * as Plot from '@observablehq/plot';
import { chartBase, type ChartOptions } from './chart-options.ts';
import { barX, ruleX } from './marks.ts';
import { PALETTE, type Colour } from './palette.ts';

export interface BarRow {
  label: string;
  /** null when suppressed: the row keeps its place on the axis but has no bar */
  value: number | null;
  /** drill-down: where the bar's row leads (e.g. the same page for that area), or null */
  href?: string | null;
}

export interface BarOptions extends ChartOptions {
  xLabel?: string;
  percent?: boolean;
  color?: Colour;
  marginLeft?: number;
}

const shown = (r: BarRow, percent: boolean | undefined) =>
  r.value === null
    ? 'not shown'
    : percent
      ? `${(r.value * 100).toFixed(1)}%`
      : r.value.toLocaleString('en-GB', { maximumFractionDigits: 2 });

/**
 * Horizontal bars in the given order; missing (suppressed) values are left out of the bars. Rows
 * with an `href` link the whole row's band (not only the bar, which may be too short to hit, or
 * absent when suppressed) to it, with the label and value as the link's title.
 */
export function barChart(rows: readonly BarRow[], o: BarOptions = {}) {
  const data = rows.filter((r): r is BarRow & { value: number } => r.value !== null);
  const linked = rows.filter((r) => r.href);
  const max = Math.max(0, ...data.map((r) => r.value));
  return Plot.plot({
    ...chartBase(o),
    height: Math.max(120, 34 * rows.length + 50),
    marginLeft: o.marginLeft ?? 180,
    x: {
      grid: true,
      label: o.xLabel ?? null,
      percent: o.percent,
      tickFormat: o.percent ? (d: number) => `${d}%` : undefined,
    },
    y: { domain: rows.map((r) => r.label), label: null },
    marks: [
      barX(data, { x: 'value', y: 'label', fill: o.color ?? PALETTE.blue }),
      ruleX([0]),
      ...(linked.length
        ? [
            // a transparent band over each linked row, drawn last so it takes the pointer
            barX(linked, {
              x1: () => 0,
              x2: () => max || 1,
              y: 'label',
              fill: 'transparent',
              href: 'href',
              title: (r) => `${r.label}: ${shown(r, o.percent)}`,
            }),
          ]
        : []),
    ],
  });
}
