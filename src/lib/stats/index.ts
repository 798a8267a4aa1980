/**
 * Public API of the observatory's statistics library: pure TypeScript, no I/O, usable from the
 * dashboard, the pipelines and notebooks. Methods and references: docs/methods.md.
 *
 * @example
 * import { wilsonInterval, discloseCount } from '#lib/stats/index.ts';
 * wilsonInterval(65, 100).lower; // 0.5525
 * discloseCount(23);             // 25
 */
export {
  INSTRUMENTS,
  INSTRUMENT_IDS,
  MAX_ITEMS,
  SWEMWBS_METRIC,
  bandOf,
  instrumentMeasure,
} from './instruments.ts';
export type {
  Band,
  InstrumentId,
  InstrumentItem,
  InstrumentMeasure,
  InstrumentDefinition,
  ReliableChangeParameters,
} from './instruments.ts';
export { swemwbsMetricScore, scoreInstrument, ons4Band, pamLevel } from './scoring.ts';
export type { InstrumentScore } from './scoring.ts';
export {
  wilsonInterval,
  byarsInterval,
  byarsLower,
  byarsUpper,
  exactPoissonInterval,
  dsr,
  funnelProportionLimits,
  funnelRatioLimits,
  poissonFunnelExpected,
  zFor,
} from './intervals.ts';
export type { DsrRow } from './intervals.ts';
export {
  pairedChange,
  meanInterval,
  reliableChange,
  wilcoxonSignedRank,
  sampleSd,
  weightedPairedChange,
} from './paired.ts';
export type { PairedChange, WeightedPair, WeightedPairedChange } from './paired.ts';
export { instrumentChange, instrumentReliableChange, reliableChangeScale } from './instrument-change.ts';
export type { InstrumentReliableChange, ScorePairs } from './instrument-change.ts';
export { spc, SPC_LIMIT, SPC_CLOSE_LIMIT, SPC_SCREEN, SPC_MIN_POINTS } from './spc.ts';
export type { SpcOptions, SpcPoint, SpcResult, SpecialCause, PointType } from './spc.ts';
export { discloseCount, discloseTable, discloseMean, roundMidpoint, roundToNearest } from './disclosure.ts';
export type { DisclosedCell, DisclosureOptions } from './disclosure.ts';
export { slopeIndexOfInequality } from './inequality.ts';
export { linearTrend, predictTrend, firstReach, MIN_TREND_POINTS } from './projection.ts';
export { stepInterval } from './step-interval.ts';
export type { LinearTrend, TrendPoint } from './projection.ts';
export {
  forecastCounts,
  monthlyCapacity,
  CASELOAD_GUIDE,
  RECENT_MONTHS,
  MIN_FORECAST_MONTHS,
} from './forecast.ts';
export { FORECAST_CANDIDATES } from './forecast-candidates.ts';
export type { PointForecast } from './forecast-candidates.ts';
export type { ForecastPoint } from './forecast.ts';
export type { SiiQuantile } from './inequality.ts';
export {
  DEFAULT_WINDOWS,
  MONTHS_PER_QUARTER,
  MONTHS_PER_YEAR,
  addSummaries,
  checkWindows,
  differenceInDifferences,
  naiveChange,
  personChange,
  scaleEstimate,
  summariseChanges,
  windowsOfMonths,
} from './difference-in-differences.ts';
export type {
  ActivityWindows,
  ChangeSummary,
  MonthlyEstimate,
  ScaledEstimate,
} from './difference-in-differences.ts';
