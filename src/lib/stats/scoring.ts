/**
 * Scoring of the outcome instruments. Pure functions: no I/O. The facts they apply (ranges, bands,
 * what counts as lonely, the SWEMWBS table) are in instruments.ts; the warehouse scores the same
 * way in SQL, checked equal on every valid form by tests/lib/stats/scoring-sql.test.ts.
 */
import { INSTRUMENTS, SWEMWBS_METRIC, bandOf, instrumentMeasure } from './instruments.ts';
import type { InstrumentId, InstrumentMeasure } from './instruments.ts';
import { fail, show } from './errors.ts';

/**
 * Converts a SWEMWBS raw total to the metric score with the Warwick conversion table.
 * Throws for anything but an integer from 7 to 35.
 *
 * @example
 * swemwbsMetricScore(21); // 19.25
 */
export function swemwbsMetricScore(rawTotal: number): number {
  if (typeof rawTotal !== 'number' || !Number.isInteger(rawTotal) || rawTotal < 7 || rawTotal > 35) {
    fail('swemwbsMetricScore', `rawTotal must be an integer from 7 to 35, got ${show(rawTotal)}`);
  }
  return SWEMWBS_METRIC[rawTotal];
}

export interface InstrumentScore {
  /** Sum score (WEMWBS, SWEMWBS raw, UCLA3, DJG6) or the licensed PAM score. */
  total?: number;
  /** SWEMWBS metric score (the value to analyse). */
  metric?: number;
  /** Item scores keyed by item key (ONS4, ONS loneliness, MYCaW; DJG6 item scores 0/1). */
  items?: Record<string, number>;
  /** Overall band (UCLA3, ONS loneliness, DJG6, PAM level). */
  band?: string;
  /** ONS4: band of each item, keyed by item key (ONS4 is never summed). */
  itemBands?: Record<string, string>;
  isLonely?: boolean;
}

/** ONS4 band of one item (ONS personal well-being thresholds, instruments.ts). */
export function ons4Band(
  item: 'life_satisfaction' | 'worthwhile' | 'happiness' | 'anxiety',
  score: number,
): string {
  return bandOf(instrumentMeasure('ONS4', item), score)!;
}

/** PAM level from the licensed score: ≤47.0 level 1, 47.1–55.1 level 2, 55.2–67.0 level 3, ≥67.1 level 4. */
export function pamLevel(score: number): string {
  return bandOf(instrumentMeasure('PAM', 'score'), score)!;
}

/** Band and loneliness of a score on a measure, as the staging model records them. */
function banded(measure: InstrumentMeasure, score: number): { band?: string; isLonely?: boolean } {
  const band = bandOf(measure, score);
  if (band === null) return {};
  return measure.lonelyBands ? { band, isLonely: measure.lonelyBands.includes(band) } : { band };
}

/**
 * Scores one completed form. Items are given in the order of `INSTRUMENTS[instrument].items`;
 * `null` (or `undefined`) marks a missing answer. Returns `null` when a required item is missing
 * (MYCaW's second concern is optional). Throws, naming instrument, item and value, for a wrong number
 * of items or an item out of range or not an integer (the PAM score may have decimals).
 *
 * @example
 * scoreInstrument('SWEMWBS', [3, 3, 3, 3, 3, 3, 3]); // { total: 21, metric: 19.25 }
 * scoreInstrument('UCLA3', [2, 2, 2]);               // { total: 6, band: 'lonely', isLonely: true }
 * scoreInstrument('UCLA3', [2, null, 2]);            // null
 */
export function scoreInstrument(instrument: InstrumentId, items: (number | null)[]): InstrumentScore | null {
  const fn = 'scoreInstrument';
  const def = INSTRUMENTS[instrument];
  if (!def)
    fail(fn, `instrument must be one of ${Object.keys(INSTRUMENTS).join(', ')}, got ${show(instrument)}`);
  if (!Array.isArray(items) || items.length !== def.items.length) {
    fail(fn, `${instrument} items must be an array of ${def.items.length} answers, got ${show(items)}`);
  }
  let complete = true;
  const values: Record<string, number> = {};
  def.items.forEach((item, i) => {
    const v = items[i];
    if (v === null || v === undefined) {
      if (!item.optional) complete = false;
      return;
    }
    const integerOnly = instrument !== 'PAM';
    if (typeof v !== 'number' || !Number.isFinite(v) || (integerOnly && !Number.isInteger(v))) {
      fail(
        fn,
        `${instrument} item ${item.key} must be ${integerOnly ? 'an integer' : 'a number'} from ${item.min} to ${item.max}, got ${show(v)}`,
      );
    }
    if (v < item.min || v > item.max) {
      fail(fn, `${instrument} item ${item.key} must be from ${item.min} to ${item.max}, got ${show(v)}`);
    }
    values[item.key] = v;
  });
  if (!complete) return null;
  const sum = Object.values(values).reduce((a, b) => a + b, 0);

  const [main] = def.measures;
  switch (instrument) {
    case 'ONS4': {
      const itemBands: Record<string, string> = {};
      for (const [key, v] of Object.entries(values)) itemBands[key] = ons4Band(key as 'anxiety', v);
      return { items: values, itemBands };
    }
    case 'WEMWBS':
      return { total: sum };
    case 'SWEMWBS':
      return { total: sum, metric: swemwbsMetricScore(sum) };
    case 'UCLA3':
      return { total: sum, ...banded(main, sum) };
    case 'ONS_LONELINESS':
      return { items: values, ...banded(main, values.how_often_lonely) };
    case 'DJG6': {
      // items 1–3 emotional: 1 point for "yes" (1) or "more or less" (2);
      // items 4–6 social: 1 point for "more or less" (2) or "no" (3).
      const itemScores: Record<string, number> = {};
      def.items.forEach((item, i) => {
        const code = values[item.key];
        itemScores[item.key] = i < 3 ? (code <= 2 ? 1 : 0) : code >= 2 ? 1 : 0;
      });
      const total = Object.values(itemScores).reduce((a, b) => a + b, 0);
      return { total, items: itemScores, ...banded(main, total) };
    }
    case 'MYCAW':
      return { items: values };
    case 'PAM':
      return { total: values.score, ...banded(main, values.score) };
  }
  return fail(fn, `no scoring rule for ${show(instrument)}`);
}
