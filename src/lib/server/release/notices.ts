import type { Scope } from '../auth/scope.ts';
import type { Dataset, Row } from '../dataset.ts';

/** The cells' level, in words, for the footnote. */
export function cellLevel(scope: Scope): string {
  if (scope.role === 'public') return 'England';
  return scope.detail.length ? 'PCN in your ICBs, ICB elsewhere' : 'ICB';
}

/** The reader's notice when every count in a table is suppressed: the filter is too narrow. */
export function tooNarrow(dataset: Dataset, rows: Row[]): string | null {
  const counts = dataset.columns.filter((c) => c.kind === 'count' && !c.hidden);
  if (!counts.length || !rows.length) return null;
  const every = rows.every((r) => counts.every((c) => r[c.key] === null));
  return every
    ? 'Every count in this table is under 8 people for the area and period chosen, so none can be shown. Choose a larger area or a longer period.'
    : null;
}
