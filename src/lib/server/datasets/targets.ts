import type { Dataset } from '../dataset.ts';

/** National targets and their trajectory (reference data: the same for every area). */
export const targets: Dataset = {
  id: 'targets',
  title: 'National targets',
  description:
    'NHS Long Term Plan, Long Term Workforce Plan and Network Contract DES targets, with the derived trajectory.',
  parameters: ['format'],
  indicator: 'targets',
  source: 'marts.targets',
  columns: [
    { key: 'target_id', label: 'Target', kind: 'dim' },
    { key: 'measure', label: 'Measure', kind: 'dim' },
    { key: 'area', label: 'Area', kind: 'dim' },
    { key: 'value', label: 'Value', kind: 'population' },
    { key: 'comparison', label: 'Comparison', kind: 'dim' },
    { key: 'due_date', label: 'Due', kind: 'dim' },
    { key: 'is_trajectory', label: 'Trajectory point', kind: 'dim' },
    { key: 'title', label: 'Title', kind: 'dim' },
    { key: 'source', label: 'Source', kind: 'dim' },
  ],
  async query(ctx) {
    return ctx.db
      .selectFrom('marts.targets')
      .select([
        'target_id',
        'measure',
        'area',
        'value',
        'comparison',
        'due_date',
        'is_trajectory',
        'title',
        'source',
      ])
      .orderBy('measure')
      .orderBy('due_date')
      .execute();
  },
};
