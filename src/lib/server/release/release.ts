import type { Scope } from '../auth/scope.ts';
import type { Context, Dataset, Row, Table } from '../dataset.ts';
import { sumProtectedCells } from './cells.ts';
import { disclose } from './disclose.ts';
import { cellLevel } from './notices.ts';

/**
 * The one release path: every row that leaves the server (page, API, CSV, pack, notebook) comes
 * out of here. For `cells: true` datasets each count is protected per cell and the cells summed
 * (administrators, who may read the warehouse itself, and the public get one cell, the area,
 * protected once); then every row is disclosed (`disclose`): counts protected, values hidden on
 * small bases, derived values computed from the protected counts.
 */
export function release(
  dataset: Dataset,
  raw: Row[],
  ctx: Context,
  scope: Scope,
): { rows: Row[]; suppressed: number; cells: Table['cells'] } {
  let rows = raw;
  let cells: Table['cells'] = null;
  if (dataset.cells) {
    const summed = sumProtectedCells(dataset, raw);
    rows = summed.rows;
    if (!scope.admin) cells = { level: cellLevel(scope), leftOut: summed.leftOut };
  }
  return { ...disclose(dataset, rows, ctx), cells };
}
