import type { Area } from './area.ts';
import type { Paging } from './paging.ts';

/**
 * What a dataset returns once released (src/lib/server/run-dataset.ts): the shapes pages, charts
 * and components read. Types only, shared with the browser; the dataset layer's own types
 * (Dataset, Context) are in src/lib/server/dataset.ts.
 *
 * Column kinds, and what the release path does with each:
 * - `count` (people or events): 1–7 suppressed (null, shown as [c]), others rounded to 5;
 * - `value` (a rate, share or mean): not shown when the count it rests on (`base`) is under 8;
 *   values made by `derive` are computed from the protected counts, never from raw ones;
 * - `staff` (workforce) and `population` (registered patients): published figures, as they are;
 * - `dim`: labels and codes. Columns a dataset does not declare never leave.
 */
export type ColumnKind = 'dim' | 'count' | 'value' | 'staff' | 'population';

interface ColumnFields {
  key: string;
  label: string;
  /** for `value`: the count column it rests on (hidden when under the minimum) */
  base?: string;
  /**
   * for a `value` share: the count column it divides by `base`. A share of 0 % or 100 % on a small
   * base withholds this count with it (attribute disclosure, docs/security.md).
   */
  numerator?: string;
  /**
   * for a `value` resting on shares (an interval limit, a difference of two shares): the shares it
   * is withheld with when one of them is withheld as 0 % or 100 % on a small base (else the value
   * gives the share back).
   */
  of?: readonly string[];
  /** decimal places to show (and, for `value` columns, kept: the server rounds to them) */
  digits?: number;
  /** show as a percentage (value is a share 0–1) */
  percent?: boolean;
  /**
   * given to `derive` but not released (not in the rows or columns that leave): a `count` is
   * protected like any count first (a share's numerator); a `value` is an input of a derived
   * figure (the SD behind an interval).
   */
  hidden?: true;
}

/** A column; a `value` column must say its digits, as the server rounds every value to them. */
export type Column =
  | (ColumnFields & { kind: Exclude<ColumnKind, 'value'> })
  | (ColumnFields & { kind: 'value'; digits: number });

export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface AreaInfo extends Area {
  name: string;
  registeredPatients: number;
}

export interface Table {
  id: string;
  title: string;
  indicator: string;
  source: string;
  columns: Column[];
  rows: Row[];
  /** cells suppressed or not shown, for the footnote */
  suppressed: number;
  /**
   * For datasets summed from protected cells: the level of the cells and how many cells of 1–7
   * were left out of the sums (said under the table, as the figures are a little low by them).
   */
  cells: { level: string; leftOut: number } | null;
  /**
   * A message for the reader when the table shows nothing: every count suppressed (the filter is
   * too narrow to show), or a breakdown the user's role may not see (pages only; the API answers 403).
   */
  notice: string | null;
  query: string;
  /** set when the rows are one page of a longer table (paging.ts) */
  paging?: Paging;
  area: AreaInfo;
  from: string;
  to: string;
  dataAsOf: string | null;
  publishedAt: string;
}
