/**
 * Statistical disclosure control (DOMAIN.md §6), following the OpenSAFELY output rules: counts of
 * 1–7 are suppressed, other counts rounded to the nearest 5, totals are the sum of the rounded
 * shown counts. Pure functions: no I/O.
 */
import { checkFinite, checkInteger, fail, show } from './errors.ts';

export interface DisclosureOptions {
  /** Counts from 1 to `threshold` are suppressed (default 7). */
  threshold?: number;
  /** Shown counts are rounded to the nearest multiple of this (default 5; 1 = no rounding). */
  roundTo?: number;
}

function readOptions(fn: string, options: DisclosureOptions): { threshold: number; roundTo: number } {
  const threshold = checkInteger(fn, 'options.threshold', options.threshold ?? 7);
  if (threshold < 0) fail(fn, `options.threshold must be ≥ 0, got ${show(threshold)}`);
  const roundTo = checkInteger(fn, 'options.roundTo', options.roundTo ?? 5);
  if (roundTo < 1) fail(fn, `options.roundTo must be ≥ 1, got ${show(roundTo)}`);
  return { threshold, roundTo };
}

function checkCount(fn: string, arg: string, count: unknown): number {
  const c = checkInteger(fn, arg, count);
  if (c < 0) fail(fn, `${arg} must be ≥ 0, got ${show(c)}`);
  return c;
}

/** Rounds to the nearest multiple of `to`, halves upwards (only reachable when `to` is even). */
export function roundToNearest(count: number, to: number): number {
  return Math.floor(count / to + 0.5) * to;
}

/**
 * One count for release: 0 stays 0, 1..threshold → null (suppressed), anything else rounded to the
 * nearest `roundTo`. A count just above the threshold can round down (8 → 10, but 11 → 10); it
 * never yields a value from 1 to 7 because it is ≥ threshold + 1 = 8 before rounding to 5.
 *
 * @example
 * discloseCount(0);  // 0
 * discloseCount(6);  // null
 * discloseCount(23); // 25
 */
export function discloseCount(count: number, options: DisclosureOptions = {}): number | null {
  const fn = 'discloseCount';
  const { threshold, roundTo } = readOptions(fn, options);
  const c = checkCount(fn, 'count', count);
  if (c === 0) return 0;
  if (c <= threshold) return null;
  const rounded = roundToNearest(c, roundTo);
  // rounding must not produce a small number (e.g. a threshold below roundTo); fall back to suppression
  return rounded >= 1 && rounded <= threshold ? null : rounded;
}

/**
 * OpenSAFELY "midpoint 6" rounding (`roundmid_any`): ceiling(x / to) × to − floor(to / 2) for x > 0,
 * so 0 → 0, 1–6 → 3, 7–12 → 9, 13–18 → 15. The 3 is a label for "1–6", not a count.
 *
 * @example
 * roundMidpoint(7); // 9
 */
export function roundMidpoint(count: number, to = 6): number {
  const fn = 'roundMidpoint';
  const c = checkCount(fn, 'count', count);
  const t = checkInteger(fn, 'to', to);
  if (t < 1) fail(fn, `to must be ≥ 1, got ${show(t)}`);
  return c === 0 ? 0 : Math.ceil(c / t) * t - Math.floor(t / 2);
}

export interface DisclosedCell {
  key: string;
  count: number | null;
  suppressed: boolean;
}

/**
 * A table of counts for release. Each cell is disclosed as `discloseCount`. Secondary suppression:
 * when exactly one non-zero cell is suppressed it could be worked out from the others and a known
 * total, so the next smallest shown cell (a non-zero one where there is one) is suppressed too. With
 * `total: true` a row keyed 'total' is appended whose count is the sum of the rounded shown counts
 * (as OpenSAFELY asks: totals are recomputed from the rounded parts, not rounded separately).
 * Set `secondarySuppression: false` to switch the secondary step off.
 *
 * @example
 * discloseTable([{ key: 'a', count: 3 }, { key: 'b', count: 8 }, { key: 'c', count: 16 }, { key: 'd', count: 23 }], { total: true });
 * // a: null (primary), b: null (secondary), c: 15, d: 25, total: 40
 */
export function discloseTable(
  cells: { key: string; count: number }[],
  options: DisclosureOptions & { total?: boolean; secondarySuppression?: boolean } = {},
): DisclosedCell[] {
  const fn = 'discloseTable';
  const { threshold, roundTo } = readOptions(fn, options);
  if (!Array.isArray(cells)) fail(fn, `cells must be an array, got ${show(cells)}`);
  const keys = new Set<string>();
  const rows = cells.map((cell, i) => {
    if (!cell || typeof cell.key !== 'string')
      fail(fn, `cells[${i}].key must be a string, got ${show(cell?.key)}`);
    if (keys.has(cell.key)) fail(fn, `cells[${i}].key must be unique, got ${show(cell.key)} twice`);
    if (options.total && cell.key === 'total')
      fail(fn, `cells[${i}].key must not be 'total' when options.total is set`);
    keys.add(cell.key);
    const count = checkCount(fn, `cells[${i}].count`, cell.count);
    const shown = discloseCount(count, { threshold, roundTo });
    return { key: cell.key, raw: count, count: shown, suppressed: shown === null };
  });
  if (options.secondarySuppression ?? true) {
    const primary = rows.filter((r) => r.suppressed && r.raw > 0);
    if (primary.length === 1) {
      const candidates = rows
        .filter((r) => !r.suppressed)
        .sort((a, b) => Number(a.raw === 0) - Number(b.raw === 0) || a.raw - b.raw);
      if (candidates.length > 0) {
        candidates[0].count = null;
        candidates[0].suppressed = true;
      }
    }
  }
  const out: DisclosedCell[] = rows.map(({ key, count, suppressed }) => ({ key, count, suppressed }));
  if (options.total) {
    const sum = rows.reduce((s, r) => s + (r.count ?? 0), 0);
    out.push({ key: 'total', count: sum, suppressed: false });
  }
  return out;
}

/**
 * Returns the statistic only when it rests on at least `minN` people (default 8): "a mean, rate or
 * percentage built on fewer than 8 people is not shown".
 *
 * @example
 * discloseMean(42.5, 7); // null
 * discloseMean(42.5, 8); // 42.5
 */
export function discloseMean(value: number, n: number, options: { minN?: number } = {}): number | null {
  const fn = 'discloseMean';
  const v = checkFinite(fn, 'value', value);
  const count = checkCount(fn, 'n', n);
  const minN = checkCount(fn, 'options.minN', options.minN ?? 8);
  return count < minN ? null : v;
}
