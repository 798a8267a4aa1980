import { sum } from '#lib/sum.ts';
import type { Context, Dataset, Row } from '../dataset.ts';
import { disclosureSettings, protect } from './settings.ts';

/** Applies disclosure control to raw rows: the only place rows are made releasable. */
export function disclose(
  dataset: Dataset,
  raw: Row[],
  ctx: Context | null,
): { rows: Row[]; suppressed: number } {
  const s = disclosureSettings();
  let suppressed = 0;
  const byKey = new Map(dataset.columns.map((c) => [c.key, c]));
  const rows = raw.map((r) => {
    const out: Row = {};
    for (const c of dataset.columns) {
      const v = r[c.key] ?? null;
      if (c.kind === 'count') {
        out[c.key] = typeof v === 'number' ? protect(v, s) : null;
        if (out[c.key] === null) suppressed++;
      } else if (c.kind === 'value') {
        const base = c.base ? r[c.base] : undefined;
        const hidden =
          typeof v !== 'number' ||
          !Number.isFinite(v) ||
          (typeof base === 'number' && base < s.minN) ||
          base === null;
        out[c.key] = hidden ? null : v;
        if (hidden && c.base) suppressed++;
      } else {
        out[c.key] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
      }
    }
    return out;
  });
  if (dataset.total && rows.length > 1) {
    const total: Row = {};
    for (const c of dataset.columns) {
      if (c.kind === 'count' || c.kind === 'staff' || c.kind === 'population') {
        total[c.key] = sum(rows.map((r) => (typeof r[c.key] === 'number' ? (r[c.key] as number) : 0)));
      } else total[c.key] = c.kind === 'dim' && c === dataset.columns[0] ? 'Total' : null;
    }
    rows.push(total);
  }
  if (dataset.derive) {
    for (let i = 0; i < rows.length; i++) {
      const derived = dataset.derive(rows[i], ctx as Context, rows);
      for (const [k, v] of Object.entries(derived)) {
        const c = byKey.get(k);
        if (!c || (c.kind !== 'value' && c.kind !== 'dim')) continue; // derive may not make counts
        if (c.kind === 'dim') {
          rows[i][k] = v;
          continue;
        }
        const base = c.base ? rows[i][c.base] : undefined;
        const hidden =
          typeof v !== 'number' ||
          !Number.isFinite(v) ||
          base === null ||
          (typeof base === 'number' && base < s.minN);
        rows[i][k] = hidden ? null : v;
        if (hidden && base === null) suppressed++;
      }
    }
  }
  return { rows, suppressed };
}
