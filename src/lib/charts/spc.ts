import * as Plot from '@observablehq/plot';
import type { PointType, SpcPoint } from '../stats/spc.ts';
import { chartBase, monthStart, type ChartOptions } from './chart-options.ts';
import { dot, line, ruleY } from './marks.ts';
import { PALETTE } from './palette.ts';

/** One month of an XmR chart: the row `spc()` gives for a point, with its month (`YYYY-MM`). */
export type SpcRow = Pick<SpcPoint, 'value' | 'mean' | 'lowerLimit' | 'upperLimit' | 'pointType'> & {
  month: string;
};

export interface SpcOptions extends ChartOptions {
  yLabel?: string;
  target?: number | null;
}

type Variation = 'Common cause' | 'Improvement' | 'Concern' | 'Special cause';
const VARIATIONS: Variation[] = ['Common cause', 'Improvement', 'Concern', 'Special cause'];
const variation = (t: PointType): Variation =>
  t === 'special_cause_improvement'
    ? 'Improvement'
    : t === 'special_cause_concern'
      ? 'Concern'
      : t === 'common_cause'
        ? 'Common cause'
        : 'Special cause';

interface SpcDatum extends SpcRow {
  date: Date;
  /** the section the limits belong to: limits recalculated after a rebase start a new line */
  section: number;
  variation: Variation;
}

/**
 * XmR chart (Making Data Count): the values, the mean (solid) and the upper and lower process limits
 * (dashed), and the target if given; special-cause points are marked by shape as well as colour.
 */
export function spcChart(rows: readonly SpcRow[], o: SpcOptions = {}) {
  let section = 0;
  const data: SpcDatum[] = rows.map((r, i) => {
    const prev = rows[i - 1];
    const moved = (k: 'mean' | 'lowerLimit' | 'upperLimit') =>
      prev !== undefined && !Object.is(prev[k], r[k]);
    if (moved('mean') || moved('lowerLimit') || moved('upperLimit')) section += 1;
    return { ...r, date: monthStart(r.month), section, variation: variation(r.pointType) };
  });
  const limit = {
    x: 'date',
    z: 'section',
    stroke: PALETTE.dark,
    strokeDasharray: '4,3',
    strokeWidth: 1,
  } as const;
  return Plot.plot({
    ...chartBase(o),
    height: 300,
    marginLeft: 56,
    x: { type: 'utc', label: null },
    y: { grid: true, label: o.yLabel ?? null, zero: false },
    color: {
      domain: VARIATIONS,
      range: [PALETTE.grey, PALETTE.sky, PALETTE.orange, PALETTE.blue],
      legend: true,
    },
    symbol: { domain: VARIATIONS, range: ['circle', 'triangle', 'square', 'diamond'] },
    marks: [
      line(data, { ...limit, y: 'upperLimit' }),
      line(data, { ...limit, y: 'lowerLimit' }),
      line(data, { x: 'date', y: 'mean', z: 'section', stroke: PALETTE.dark, strokeWidth: 1 }),
      ...(o.target != null
        ? [ruleY([o.target], { stroke: PALETTE.green, strokeWidth: 2, strokeDasharray: '8,4' })]
        : []),
      line(data, { x: 'date', y: 'value', stroke: PALETTE.blue, strokeWidth: 2 }),
      dot(data, { x: 'date', y: 'value', fill: 'variation', symbol: 'variation', r: 4.5, stroke: 'white' }),
    ],
  });
}
