import { sum } from '#lib/sum.ts';
import type { Column, Context, Dataset, Row } from '../dataset.ts';
import { roundValue } from './round-value.ts';
import { disclosureSettings, protect, type DisclosureSettings } from './settings.ts';

/**
 * Applies disclosure control to rows (the query's, or sums of protected cells): the only place
 * rows are made releasable. In order:
 * 1. counts protected (1–7 suppressed, others rounded); a total row summed from them;
 * 2. `derive` computed from the PROTECTED counts (protected inputs first: a share beside a count
 *    is the protected numerator over the protected base, so the two cannot be played against
 *    each other to recover the raw count);
 * 3. values on a base under `minN` withheld; a share of 0 % or 100 % on a base under
 *    `extremeMinN` withheld with its numerator and the values resting on it (`of`);
 * 4. every value rounded to the digits the page shows; hidden counts dropped.
 * `unprotected` (the same rows with raw counts) is read only in the unprotected control run:
 * there `derive` sees raw counts, values are not rounded and step 3's 0 %/100 % rule is off.
 */
export function disclose(
  dataset: Dataset,
  raw: Row[],
  ctx: Context | null,
  unprotected: Row[] = raw,
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
        if (out[c.key] === null && !c.hidden) suppressed++;
      } else if (c.kind === 'value') {
        const hidden = !shown(v, c.base ? r[c.base] : undefined, s);
        out[c.key] = hidden ? null : v;
        if (hidden && c.base) suppressed++;
      } else {
        out[c.key] = typeof v === 'number' && !Number.isFinite(v) ? null : v;
      }
    }
    return out;
  });
  const inputs = s.unprotected ? unprotected.map((r) => ({ ...r })) : rows;
  if (dataset.total && rows.length > 1) {
    rows.push(totalRow(dataset, rows));
    if (s.unprotected) inputs.push(totalRow(dataset, inputs));
  }
  if (dataset.derive) {
    for (let i = 0; i < rows.length; i++) {
      const derived = dataset.derive(inputs[i], ctx as Context, inputs);
      for (const [k, v] of Object.entries(derived)) {
        const c = byKey.get(k);
        if (!c || (c.kind !== 'value' && c.kind !== 'dim')) continue; // derive may not make counts
        if (c.kind === 'dim') {
          rows[i][k] = v;
          continue;
        }
        // the base as shown decides: a value on a suppressed or small base is withheld
        const base = c.base ? rows[i][c.base] : undefined;
        const hidden = !shown(v, base, s);
        rows[i][k] = hidden ? null : v;
        if (hidden && base === null) suppressed++;
      }
    }
  }
  if (!s.unprotected) for (const row of rows) suppressed += withholdExtremes(dataset.columns, row, s);
  const hiddenKeys = dataset.columns.filter((c) => c.hidden).map((c) => c.key);
  for (const row of rows) {
    for (const c of dataset.columns) {
      const v = row[c.key];
      if (c.kind === 'value' && typeof v === 'number' && !s.unprotected)
        row[c.key] = roundValue(v, c.digits, c.percent);
    }
    for (const k of hiddenKeys) delete row[k];
  }
  return { rows, suppressed };
}

/** Whether a value may be shown on its base: a finite number, on a base shown and of at least minN. */
function shown(v: unknown, base: unknown, s: DisclosureSettings): v is number {
  return (
    typeof v === 'number' &&
    Number.isFinite(v) &&
    base !== null &&
    !(typeof base === 'number' && base < s.minN)
  );
}

function totalRow(dataset: Dataset, rows: Row[]): Row {
  const total: Row = {};
  for (const c of dataset.columns) {
    if (c.kind === 'count' || c.kind === 'staff' || c.kind === 'population') {
      total[c.key] = sum(rows.map((r) => (typeof r[c.key] === 'number' ? (r[c.key] as number) : 0)));
    } else total[c.key] = c.kind === 'dim' && c === dataset.columns[0] ? 'Total' : null;
  }
  return total;
}

/**
 * Attribute disclosure (OpenSAFELY: be wary of statements about a whole group): a share of exactly
 * 0 or 1 says something of everyone in its base. On a base under `extremeMinN` it is withheld,
 * with its numerator (else numerator ÷ base gives it back) and every value resting on it (`of`: a
 * Wilson interval [0, x] would say 0 % too; a change between two shares gives one from the
 * other). Other values on the same base (a mean score) say nothing of the share and stay. Returns
 * how many figures were withheld.
 */
export function withholdExtremes(columns: readonly Column[], row: Row, s: DisclosureSettings): number {
  let withheld = 0;
  for (const c of columns) {
    if (c.kind !== 'value' || !c.numerator || !c.base) continue;
    const v = row[c.key];
    const base = row[c.base];
    if ((v !== 0 && v !== 1) || typeof base !== 'number' || base >= s.extremeMinN) continue;
    for (const other of columns) {
      const key = other.key;
      const rests = key === c.key || (other.kind === 'value' && (other.of ?? []).includes(c.key));
      if ((rests || key === c.numerator) && row[key] !== null) {
        row[key] = null;
        if (!other.hidden) withheld++;
      }
    }
  }
  return withheld;
}
