import * as Plot from '@observablehq/plot';
import { chartBase, type ChartOptions } from './chart-options.ts';
import { line, ruleX } from './marks.ts';
import { PALETTE } from './palette.ts';

/** One point of an event study: a cohort's mean count per person in a month from the index month. */
export interface EventStudyRow {
  /** months from the index month (0: the month of referral) */
  relativeMonth: number;
  /** mean count per person in that month */
  mean: number;
  /** the cohort (a line and its legend entry) */
  cohort: string;
}

export interface EventStudyOptions extends ChartOptions {
  yLabel?: string;
  /** the before and after windows of the estimate, shaded by rules at their edges */
  windows?: { before: readonly [number, number]; after: readonly [number, number] };
}

/**
 * Mean monthly count of each cohort from 12 months before to 12 after the index month, with a rule
 * at the index month: the peak of need people are referred at, and what follows it in both cohorts.
 */
export function eventStudyChart(rows: readonly EventStudyRow[], o: EventStudyOptions = {}) {
  const cohorts = [...new Set(rows.map((r) => r.cohort))];
  const edges = o.windows
    ? [o.windows.before[0], o.windows.before[1], o.windows.after[0], o.windows.after[1]]
    : [];
  return Plot.plot({
    ...chartBase(o),
    height: 300,
    marginLeft: 56,
    x: { label: 'Months from referral', ticks: 13 },
    y: { grid: true, label: o.yLabel ?? null, zero: true },
    color: { domain: cohorts, range: [PALETTE.blue, PALETTE.orange], legend: cohorts.length > 1 },
    marks: [
      ruleX([0], { stroke: PALETTE.dark, strokeWidth: 2 }),
      ...(edges.length ? [ruleX(edges, { stroke: PALETTE.grey, strokeDasharray: '4,4' })] : []),
      line(rows, { x: 'relativeMonth', y: 'mean', stroke: 'cohort', strokeWidth: 2, marker: 'circle' }),
    ],
  });
}
