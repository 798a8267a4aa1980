import type { Scope } from '../auth/scope.ts';
import type { Context, Dataset, Row, Table } from '../dataset.ts';
import { sumProtectedCells } from './cells.ts';
import { disclose } from './disclose.ts';
import { cellLevel } from './notices.ts';

/**
 * The one release path: every row that leaves the server (page, API, CSV, pack, notebook) comes
 * out of here. For `cells: true` datasets each count is protected per cell (area × month, see
 * datasets/shared.ts cellSelect) and the cells summed (administrators, who may read the warehouse
 * itself, get one cell, the area, protected once); then every row is disclosed (`disclose`):
 * counts protected, values derived from the protected counts, hidden on small bases and rounded.
 */
export function release(
  dataset: Dataset,
  raw: Row[],
  ctx: Context,
  scope: Scope,
): { rows: Row[]; suppressed: number; cells: Table['cells'] } {
  if (!dataset.cells) return { ...sorted(dataset, disclose(dataset, raw, ctx)), cells: null };
  const summed = sumProtectedCells(dataset, raw);
  return {
    ...sorted(dataset, disclose(dataset, summed.rows, ctx, summed.unprotected)),
    cells: scope.admin ? null : { level: cellLevel(scope), leftOut: summed.leftOut },
  };
}

/**
 * Orders the released rows by `dataset.sortBy`, largest first, by the count as shown: ordering by
 * the count before protection would rank the suppressed and rounded ones and so tell which of two
 * hidden counts is the larger. Ties (and every hidden count) in the labels' order, so the same view
 * always lists its rows the same way (DuckDB's parallel GROUP BY returns groups in any order).
 */
function sorted<T extends { rows: Row[] }>(dataset: Dataset, released: T): T {
  const k = dataset.sortBy;
  if (!k) return released;
  const label = (r: Row) => JSON.stringify(Object.values(r).filter((v) => typeof v === 'string'));
  // disclose adds a dataset's total row last, to two or more rows: it stays last
  const total = dataset.total && released.rows.length > 1 ? released.rows.slice(-1) : [];
  const rows = released.rows
    .slice(0, released.rows.length - total.length)
    .sort(
      (a, b) =>
        ((b[k] as number | null) ?? -1) - ((a[k] as number | null) ?? -1) || label(a).localeCompare(label(b)),
    );
  return { ...released, rows: [...rows, ...total] };
}
