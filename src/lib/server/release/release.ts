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
  if (!dataset.cells) return { ...disclose(dataset, raw, ctx), cells: null };
  const summed = sumProtectedCells(dataset, raw);
  return {
    ...disclose(dataset, summed.rows, ctx, summed.unprotected),
    cells: scope.admin ? null : { level: cellLevel(scope), leftOut: summed.leftOut },
  };
}
