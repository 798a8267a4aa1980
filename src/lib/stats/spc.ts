/**
 * Statistical process control (XmR charts) following NHS England "Making Data Count" as implemented
 * by NHSRplotthedots (`ptd_spc_standard`, `ptd_calculate_point_type`, `ptd_calculate_assurance_type`,
 * `ptd_add_short_group_warnings`). Pure functions: no I/O.
 */
import { checkFinite, checkInteger, checkNumberArray, fail, show } from './errors.ts';

export type SpecialCause = 'outside_limits' | 'trend' | 'two_in_three' | 'shift';
export type PointType =
  | 'common_cause'
  | 'special_cause_improvement'
  | 'special_cause_concern'
  | 'special_cause_neutral_high'
  | 'special_cause_neutral_low';

export interface SpcPoint {
  value: number;
  mean: number;
  lowerLimit: number;
  upperLimit: number;
  specialCause: SpecialCause | null;
  pointType: PointType;
}

export interface SpcOptions {
  improvementDirection?: 'increase' | 'decrease' | 'neutral';
  target?: number;
  /** 0-based indices of the points that start a new section (the limits are recalculated from them). */
  rebaseAt?: number[];
  /** Fix each section's mean and limits on its first n points (n ≥ 12). */
  fixAfterNPoints?: number;
  /** Screen moving ranges ≥ 3.267 × their mean out of the average moving range (default true). */
  screenOutliers?: boolean;
}

export interface SpcResult {
  points: SpcPoint[];
  variation: string;
  assurance: 'consistent_pass' | 'consistent_fail' | 'inconsistent' | null;
  warnings: string[];
}

export const SPC_LIMIT = 2.66;
export const SPC_CLOSE_LIMIT = (2 * SPC_LIMIT) / 3;
export const SPC_SCREEN = 3.267;
/** NHSRplotthedots `ptd_add_short_group_warnings` threshold: sections shorter than this are flagged. */
export const SPC_MIN_POINTS = 12;

const sign = (x: number): number => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** 1 where a run of 7 same-sided points ends (`ptd_seven_point_one_side_mean`). */
function sevenOneSide(rtm: number[]): number[] {
  return rtm.map((v, i) => {
    if (v === 0 || i < 6) return 0;
    for (let k = 1; k <= 6; k++) if (rtm[i - k] !== v) return 0;
    return 1;
  });
}

/** ±1 where a strictly rising/falling run of 7 ends (`ptd_seven_point_trend`). */
function sevenTrend(y: number[]): number[] {
  return y.map((_, i) => {
    if (i < 6) return 0;
    let up = true;
    let down = true;
    for (let k = i - 5; k <= i; k++) {
      const s = sign(y[k] - y[k - 1]);
      if (s !== 1) up = false;
      if (s !== -1) down = false;
    }
    return up ? 1 : down ? -1 : 0;
  });
}

/** Marks every point of a run whose end is marked (`ptd_part_of_seven_trend`, abs() version). */
function partOfSeven(v: number[]): boolean[] {
  return v.map((_, i) => {
    for (let k = 0; k <= 6 && i + k < v.length; k++) if (Math.abs(v[i + k]) === 1) return true;
    return false;
  });
}

/** `ptd_two_in_three` + `ptd_part_of_two_in_three`: close points in a window of 3 same-sided points with ≥ 2 close. */
function partOfTwoInThree(close: boolean[], rtm: number[]): boolean[] {
  const n = close.length;
  const c = (j: number) => (j >= 0 && j < n && close[j] ? 1 : 0);
  const r = (j: number) => (j >= 0 && j < n ? rtm[j] : 0);
  return close.map((isClose, i) => {
    if (!isClose) return false;
    for (let s = i - 2; s <= i; s++) {
      if (c(s) + c(s + 1) + c(s + 2) >= 2 && Math.abs(r(s) + r(s + 1) + r(s + 2)) === 3) return true;
    }
    return false;
  });
}

interface Section {
  start: number;
  end: number; // exclusive
}

/**
 * XmR statistical process control chart for a series in time order, with NHS "Making Data Count"
 * special-cause rules, variation and assurance (NHSRplotthedots behaviour). Limits per section:
 * mean ± 2.66 × mean moving range; special cause in order of precedence: a point outside the limits,
 * a run of 7 strictly rising or falling points, 2 of 3 same-sided points close to a limit, a run of 7
 * points on one side of the mean.
 *
 * @example
 * const r = spc([5, 6, 5, 7, 6, 5, 6, 7, 5, 6, 6, 5, 15], { improvementDirection: 'decrease' });
 * r.points[12].specialCause; // 'outside_limits'
 * r.variation;               // 'special_cause_concern'
 */
export function spc(values: number[], options: SpcOptions = {}): SpcResult {
  const fn = 'spc';
  const y = checkNumberArray(fn, 'values', values);
  if (y.length === 0) fail(fn, 'values must hold at least 1 point, got 0');
  const direction = options.improvementDirection ?? 'increase';
  if (!['increase', 'decrease', 'neutral'].includes(direction)) {
    fail(
      fn,
      `options.improvementDirection must be 'increase', 'decrease' or 'neutral', got ${show(direction)}`,
    );
  }
  const dir = direction === 'increase' ? 1 : direction === 'decrease' ? -1 : 0;
  const screen = options.screenOutliers ?? true;
  const target = options.target === undefined ? undefined : checkFinite(fn, 'options.target', options.target);
  let fixN = Infinity;
  if (options.fixAfterNPoints !== undefined) {
    fixN = checkInteger(fn, 'options.fixAfterNPoints', options.fixAfterNPoints);
    if (fixN < SPC_MIN_POINTS)
      fail(fn, `options.fixAfterNPoints must be ≥ ${SPC_MIN_POINTS}, got ${show(fixN)}`);
  }
  const starts = new Set<number>([0]);
  (options.rebaseAt ?? []).forEach((idx, i) => {
    checkInteger(fn, `options.rebaseAt[${i}]`, idx);
    if (idx < 0 || idx >= y.length)
      fail(fn, `options.rebaseAt[${i}] must be an index from 0 to ${y.length - 1}, got ${show(idx)}`);
    starts.add(idx);
  });
  const sorted = [...starts].sort((a, b) => a - b);
  const sections: Section[] = sorted.map((start, i) => ({ start, end: sorted[i + 1] ?? y.length }));

  const warnings: string[] = [];
  const points: SpcPoint[] = [];
  for (const { start, end } of sections) {
    const ys = y.slice(start, end);
    const base = ys.slice(0, Math.min(ys.length, fixN));
    const mean = base.reduce((a, b) => a + b, 0) / base.length;
    let mrs = base.slice(1).map((v, i) => Math.abs(v - base[i]));
    let amr = mrs.length ? mrs.reduce((a, b) => a + b, 0) / mrs.length : Number.NaN;
    if (screen && amr > 0) {
      mrs = mrs.filter((mr) => mr < SPC_SCREEN * amr);
      amr = mrs.reduce((a, b) => a + b, 0) / mrs.length;
    }
    if (ys.length < SPC_MIN_POINTS) {
      warnings.push(
        `points ${start + 1}–${end}: only ${ys.length} points in this section; limits from fewer than ${SPC_MIN_POINTS} points are unreliable`,
      );
    }
    const lpl = mean - SPC_LIMIT * amr;
    const upl = mean + SPC_LIMIT * amr;
    const nlpl = mean - SPC_CLOSE_LIMIT * amr;
    const nupl = mean + SPC_CLOSE_LIMIT * amr;
    const outside = ys.map((v) => v > upl || v < lpl);
    const rtm = ys.map((v) => sign(v - mean));
    const close = ys.map((v, i) => !outside[i] && (v < nlpl || v > nupl));
    const trendPart = partOfSeven(sevenTrend(ys));
    const twoPart = partOfTwoInThree(close, rtm);
    const shiftPart = partOfSeven(sevenOneSide(rtm));
    ys.forEach((v, i) => {
      let cause: SpecialCause | null = null;
      let side = 0;
      if (outside[i]) {
        cause = 'outside_limits';
        side = rtm[i] === 1 ? 1 : -1;
      } else if (trendPart[i]) {
        cause = 'trend';
        // as upstream: use the step to the right when the next point is also in the trend
        const right = i + 1 < ys.length && trendPart[i + 1];
        side = right ? sign(ys[i + 1] - v) : i > 0 ? sign(v - ys[i - 1]) : 0;
      } else if (twoPart[i]) {
        cause = 'two_in_three';
        side = rtm[i] > 0 ? 1 : -1;
      } else if (shiftPart[i]) {
        cause = 'shift';
        side = rtm[i] > 0 ? 1 : -1;
      }
      let pointType: PointType = 'common_cause';
      if (cause) {
        if (dir === 0)
          pointType =
            side > 0 ? 'special_cause_neutral_high' : side < 0 ? 'special_cause_neutral_low' : 'common_cause';
        else
          pointType =
            side * dir > 0
              ? 'special_cause_improvement'
              : side * dir < 0
                ? 'special_cause_concern'
                : 'common_cause';
      }
      points.push({ value: v, mean, lowerLimit: lpl, upperLimit: upl, specialCause: cause, pointType });
    });
  }
  const last = points[points.length - 1];
  let assurance: SpcResult['assurance'] = null;
  if (target !== undefined && dir !== 0) {
    if (target > last.upperLimit) assurance = dir > 0 ? 'consistent_fail' : 'consistent_pass';
    else if (target < last.lowerLimit) assurance = dir > 0 ? 'consistent_pass' : 'consistent_fail';
    else assurance = 'inconsistent';
  }
  return { points, variation: last.pointType, assurance, warnings };
}
