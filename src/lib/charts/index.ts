/**
 * Charts as pure functions of their data (Observable Plot), one file each: `(data, options)` to an
 * SVG element made with `options.document` (the browser's, or linkedom's in tests). Every chart's
 * rows have a type, and its marks' channels are checked against it (./marks.ts).
 */
export { PALETTE, type Colour } from './palette.ts';
export type { ChartOptions } from './chart-options.ts';
export { spcChart, type SpcRow, type SpcOptions } from './spc.ts';
export { barChart, type BarRow, type BarOptions } from './bar.ts';
export { lineChart, type SeriesRow, type Target, type LineOptions } from './line.ts';
export { intervalChart, type IntervalRow, type IntervalOptions } from './interval.ts';
export {
  funnelPlot,
  type FunnelRow,
  type FunnelLimit,
  type FunnelData,
  type FunnelOptions,
  type Significance,
} from './funnel.ts';
export { choropleth, type AreaFeature, type ChoroplethData, type ChoroplethOptions } from './choropleth.ts';
export { changeHistogram, type ChangeRow, type ChangeHistogramOptions } from './change-histogram.ts';
export { eventStudyChart, type EventStudyRow, type EventStudyOptions } from './event-study.ts';
export { demandSupplyChart, type DemandSupplyRow, type DemandSupplyOptions } from './demand-supply.ts';
