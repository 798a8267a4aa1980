import * as Plot from '@observablehq/plot';
import { chartBase, monthStart, type ChartOptions } from './chart-options.ts';
import { line, ruleX } from './marks.ts';
import { PALETTE } from './palette.ts';

/** One month of the demand-supply dataset: observed or forecast referrals against capacity. */
export interface DemandSupplyRow {
  /** `YYYY-MM` */
  month: string;
  /** accepted referrals observed (null in the months forecast, or suppressed) */
  referrals: number | null;
  /** the forecast and its 95% prediction interval (null in the months observed) */
  forecast: number | null;
  lower: number | null;
  upper: number | null;
  /** referrals a month the link workers can take on at 200 and 250 a year per FTE */
  capacityLow: number | null;
  capacityHigh: number | null;
}

export interface DemandSupplyOptions extends ChartOptions {
  yLabel?: string;
}

const SERIES = {
  observed: 'Accepted referrals',
  forecast: 'Forecast (95% prediction interval)',
  low: 'Capacity at 200 a year per FTE',
  high: 'Capacity at 250 a year per FTE',
} as const;

/**
 * Referrals a month, observed then forecast with the interval drawn as a vertical rule per month,
 * against the two capacity lines of the caseload guide. A month without a value is left out of
 * its line (not drawn as 0).
 */
export function demandSupplyChart(rows: readonly DemandSupplyRow[], o: DemandSupplyOptions = {}) {
  const at = (r: DemandSupplyRow) => monthStart(r.month);
  const points = (key: keyof DemandSupplyRow, series: string) =>
    rows.flatMap((r) =>
      typeof r[key] === 'number' ? [{ month: at(r), value: r[key] as number, series }] : [],
    );
  const demand = [...points('referrals', SERIES.observed), ...points('forecast', SERIES.forecast)];
  const capacity = [...points('capacityLow', SERIES.low), ...points('capacityHigh', SERIES.high)];
  const intervals = rows.flatMap((r) =>
    typeof r.lower === 'number' && typeof r.upper === 'number'
      ? [{ month: at(r), lower: r.lower, upper: r.upper }]
      : [],
  );
  const series = [SERIES.observed, SERIES.forecast, SERIES.low, SERIES.high];
  return Plot.plot({
    ...chartBase(o),
    height: 300,
    marginLeft: 56,
    x: { type: 'utc', label: null },
    y: { grid: true, label: o.yLabel ?? 'Referrals a month', zero: true },
    color: {
      domain: series,
      range: [PALETTE.blue, PALETTE.orange, PALETTE.green, PALETTE.green],
      legend: true,
    },
    marks: [
      ruleX(intervals, { x: 'month', y1: 'lower', y2: 'upper', stroke: PALETTE.orange, strokeWidth: 3 }),
      line(capacity, { x: 'month', y: 'value', z: 'series', stroke: 'series', strokeDasharray: '6,4' }),
      line(demand, {
        x: 'month',
        y: 'value',
        z: 'series',
        stroke: 'series',
        strokeWidth: 2,
        marker: 'circle',
      }),
    ],
  });
}
