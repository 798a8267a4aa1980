/**
 * Scoring of the outcome instruments (DOMAIN.md §4). Pure functions: no I/O.
 */
import { INSTRUMENTS } from './instruments.ts';
import type { InstrumentId } from './instruments.ts';
import { fail, show } from './errors.ts';

/**
 * SWEMWBS raw total (7–35) → metric score, from the Rasch-based conversion table published by
 * Warwick Medical School (Stewart-Brown et al. 2009, Health Qual Life Outcomes 7:15).
 */
export const SWEMWBS_METRIC: Readonly<Record<number, number>> = Object.freeze({
  7: 7.0,
  8: 9.51,
  9: 11.25,
  10: 12.4,
  11: 13.33,
  12: 14.08,
  13: 14.75,
  14: 15.32,
  15: 15.84,
  16: 16.36,
  17: 16.88,
  18: 17.43,
  19: 17.98,
  20: 18.59,
  21: 19.25,
  22: 19.98,
  23: 20.73,
  24: 21.54,
  25: 22.35,
  26: 23.21,
  27: 24.11,
  28: 25.03,
  29: 26.02,
  30: 27.03,
  31: 28.13,
  32: 29.31,
  33: 30.7,
  34: 32.55,
  35: 35.0,
});

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

/** ONS4 thresholds (ONS personal well-being user guidance). */
export function ons4Band(
  item: 'life_satisfaction' | 'worthwhile' | 'happiness' | 'anxiety',
  score: number,
): string {
  if (item === 'anxiety') {
    if (score <= 1) return 'very_low';
    if (score <= 3) return 'low';
    if (score <= 5) return 'medium';
    return 'high';
  }
  if (score <= 4) return 'low';
  if (score <= 6) return 'medium';
  if (score <= 8) return 'high';
  return 'very_high';
}

/** PAM levels from the licensed score: ≤47.0 level 1, 47.1–55.1 level 2, 55.2–67.0 level 3, ≥67.1 level 4. */
export function pamLevel(score: number): string {
  if (score <= 47.0) return 'level_1';
  if (score <= 55.1) return 'level_2';
  if (score <= 67.0) return 'level_3';
  return 'level_4';
}

const ONS_LONELINESS_BANDS = ['often_always', 'some_of_the_time', 'occasionally', 'hardly_ever', 'never'];

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
      return { total: sum, band: sum >= 6 ? 'lonely' : 'not_lonely', isLonely: sum >= 6 };
    case 'ONS_LONELINESS': {
      const code = values.how_often_lonely;
      return { items: values, band: ONS_LONELINESS_BANDS[code - 1], isLonely: code === 1 };
    }
    case 'DJG6': {
      // items 1–3 emotional: 1 point for "yes" (1) or "more or less" (2);
      // items 4–6 social: 1 point for "more or less" (2) or "no" (3).
      const itemScores: Record<string, number> = {};
      def.items.forEach((item, i) => {
        const code = values[item.key];
        itemScores[item.key] = i < 3 ? (code <= 2 ? 1 : 0) : code >= 2 ? 1 : 0;
      });
      const total = Object.values(itemScores).reduce((a, b) => a + b, 0);
      const band = total <= 1 ? 'not_lonely' : total <= 4 ? 'moderately_lonely' : 'severely_lonely';
      return { total, items: itemScores, band, isLonely: total >= 2 };
    }
    case 'MYCAW':
      return { items: values };
    case 'PAM':
      return { total: values.score, band: pamLevel(values.score) };
  }
  return fail(fn, `no scoring rule for ${show(instrument)}`);
}
