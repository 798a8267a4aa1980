import * as Plot from '@observablehq/plot';
import { chartBase, monthStart, type ChartOptions } from './chart-options.ts';
import { line, ruleY, text } from './marks.ts';
import { PALETTE } from './palette.ts';

export interface SeriesRow {
  /** the month, `YYYY-MM` or `YYYY-MM-DD` */
  date: string;
  value: number;
  /** the line this point belongs to (and its legend entry) */
  series: string;
}

export interface Target {
  value: number;
  label: string;
}

export interface LineOptions extends ChartOptions {
  yLabel?: string;
  targets?: Target[];
}

/** Lines over time, one per series, with optional horizontal target lines. */
export function lineChart(rows: readonly SeriesRow[], o: LineOptions = {}) {
  const data = rows.map((r) => ({ ...r, month: monthStart(r.date) }));
  const series = [...new Set(rows.map((r) => r.series))];
  const first = data[0]?.month;
  return Plot.plot({
    ...chartBase(o),
    height: 300,
    marginLeft: 56,
    x: { type: 'utc', label: null },
    y: { grid: true, label: o.yLabel ?? null, zero: true },
    color: {
      domain: series,
      range: [PALETTE.blue, PALETTE.orange, PALETTE.green, PALETTE.purple],
      legend: series.length > 1,
    },
    marks: [
      ...(o.targets ?? []).flatMap((t) => [
        ruleY([t.value], { stroke: PALETTE.green, strokeDasharray: '8,4', strokeWidth: 2 }),
        ...(first
          ? [
              text([t], {
                x: first,
                y: 'value',
                text: 'label',
                dy: -8,
                textAnchor: 'start',
                fill: PALETTE.dark,
              }),
            ]
          : []),
      ]),
      line(data, { x: 'month', y: 'value', stroke: 'series', strokeWidth: 2, marker: 'circle' }),
    ],
  });
}
