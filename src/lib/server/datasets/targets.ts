import type { Column, Dataset } from '../dataset.ts';
import { columnKeys } from './shared.ts';

/** Released as they are in marts.targets: each column stated once, selected by its key. */
const COLUMNS = [
  { key: 'target_id', label: 'Target', kind: 'dim' },
  { key: 'measure', label: 'Measure', kind: 'dim' },
  { key: 'area', label: 'Area', kind: 'dim' },
  { key: 'value', label: 'Value', kind: 'population' },
  { key: 'comparison', label: 'Comparison', kind: 'dim' },
  { key: 'due_date', label: 'Due', kind: 'dim' },
  { key: 'is_trajectory', label: 'Trajectory point', kind: 'dim' },
  { key: 'is_derived', label: 'Derived', kind: 'dim' },
  { key: 'title', label: 'Title', kind: 'dim' },
  { key: 'source', label: 'Source', kind: 'dim' },
] as const satisfies readonly Column[];

/**
 * Targets as loaded (national and local) with the warehouse's derived yearly trajectory points
 * (is_derived). Pages take the value for an area and month from these rows with targetAt
 * (src/lib/targets.ts): never a constant.
 */
export const targets: Dataset = {
  id: 'targets',
  title: 'National targets',
  description:
    'NHS Long Term Plan, Long Term Workforce Plan and Network Contract DES targets and any local targets loaded, with the derived yearly trajectory points (derived). A month between a trajectory point and its target takes the linear value at the month’s end; an area without its own target takes England’s, pro-rata to registered patients for counts.',
  parameters: ['format'],
  indicator: 'targets',
  source: 'marts.targets',
  columns: [...COLUMNS],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.targets')
      .select(columnKeys(COLUMNS))
      .orderBy('measure')
      .orderBy('due_date')
      .execute();
  },
};
