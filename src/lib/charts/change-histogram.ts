import * as Plot from '@observablehq/plot';
import { chartBase, type ChartOptions } from './chart-options.ts';
import { barY, ruleY } from './marks.ts';
import { PALETTE } from './palette.ts';

export interface ChangeRow {
  /** after − before, in the instrument's points */
  change: number;
  /** people with that change; null when suppressed ([c]) */
  people: number | null;
}

export interface ChangeHistogramOptions extends ChartOptions {
  higherIsBetter?: boolean;
  /** the smallest change that counts as meaningful for one person (default 1) */
  meaningfulChange?: number;
  xLabel?: string;
}

type Band = 'Meaningfully worse' | 'Little change' | 'Meaningful improvement';
const BANDS: Band[] = ['Meaningfully worse', 'Little change', 'Meaningful improvement'];

/**
 * Distribution of change in score: people per change (after − before), as columns. Columns are
 * marked worse / no meaningful change / meaningful improvement by fill and legend; suppressed
 * counts ([c]) are left out.
 */
export function changeHistogram(rows: readonly ChangeRow[], o: ChangeHistogramOptions = {}) {
  const up = o.higherIsBetter ?? true;
  const m = o.meaningfulChange ?? 1;
  const band = (c: number): Band => {
    const better = up ? c : -c;
    return better >= m ? 'Meaningful improvement' : better <= -m ? 'Meaningfully worse' : 'Little change';
  };
  const data = rows
    .filter((r): r is ChangeRow & { people: number } => r.people !== null)
    .map((r) => ({ ...r, band: band(r.change) }));
  return Plot.plot({
    ...chartBase(o),
    height: 300,
    marginLeft: 56,
    x: {
      label: o.xLabel ?? 'Change in score (after − before)',
      type: 'band',
      tickFormat: (d: number) => (d > 0 ? `+${d}` : `${d}`),
    },
    y: { grid: true, label: 'People' },
    color: { domain: BANDS, range: [PALETTE.orange, PALETTE.grey, PALETTE.blue], legend: true },
    marks: [barY(data, { x: 'change', y: 'people', fill: 'band', inset: 1 }), ruleY([0])],
  });
}
