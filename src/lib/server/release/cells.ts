import type { Dataset, Row } from '../dataset.ts';
import { disclosureSettings, protect } from './settings.ts';

/**
 * Sums rows given per cell (a `cell` field: `PCN:<code>` or `ICB:<code>`, computed by the query,
 * see cellSelect in datasets/shared.ts) into the rows asked for, each count built from the
 * protected counts of its cells (`Dataset.cells`): a cell of 1–7 is left out, the others rounded;
 * a count whose every non-zero cell is left out is suppressed (null), never shown as 0. A row
 * without a cell belongs to the one cell of the whole area (administrators and the public). Other
 * non-count fields are the row's key. `unprotected`: the same rows with the raw sums, for the
 * unprotected control run only (SPO_DISCLOSURE_UNPROTECTED, release.ts).
 */
export function sumProtectedCells(
  dataset: Dataset,
  raw: Row[],
): { rows: Row[]; leftOut: number; unprotected: Row[] } {
  const s = disclosureSettings();
  const counts = dataset.columns.filter((c) => c.kind === 'count').map((c) => c.key);
  const isCount = new Set(counts);
  const groups = new Map<
    string,
    { row: Row; cells: Map<string, Record<string, number>>; known: Set<string> }
  >();
  for (const r of raw) {
    const keyFields = Object.entries(r).filter(([k]) => k !== 'cell' && !isCount.has(k));
    const key = JSON.stringify(keyFields);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { row: Object.fromEntries(keyFields), cells: new Map(), known: new Set() }));
    const cell = typeof r.cell === 'string' ? r.cell : 'area';
    const sums = g.cells.get(cell) ?? Object.fromEntries(counts.map((k) => [k, 0]));
    for (const k of counts) {
      // null is "not applicable" (e.g. no reliable change for an instrument without a reliability):
      // it stays null, not 0, unless some cell has a number
      if (r[k] === null || r[k] === undefined) continue;
      sums[k] += typeof r[k] === 'number' ? r[k] : Number(r[k]);
      g.known.add(k);
    }
    g.cells.set(cell, sums);
  }
  let leftOut = 0;
  const unprotected: Row[] = [];
  const rows = [...groups.values()].map(({ row, cells, known }) => {
    const rawRow: Row = { ...row };
    for (const k of counts)
      rawRow[k] = known.has(k) ? [...cells.values()].reduce((t, sums) => t + sums[k], 0) : null;
    unprotected.push(rawRow);
    for (const k of counts) {
      if (!known.has(k)) {
        row[k] = null;
        continue;
      }
      let total: number | null = null;
      let hidden = false;
      for (const sums of cells.values()) {
        const shown = protect(sums[k], s);
        if (shown === null) {
          hidden = true;
          leftOut++;
        } else total = (total ?? 0) + shown;
      }
      // every cell shown was 0 but some were left out: the count is not 0, it is not known
      row[k] = hidden && !total ? null : total;
    }
    return row;
  });
  return { rows, leftOut, unprotected };
}
