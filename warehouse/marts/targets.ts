import { z } from 'zod';
import { TARGET_MEASURES, keysOf } from '../contracts/codes.ts';
import { defineModel } from '../define-model.ts';

export default defineModel({
  description:
    'Targets as loaded, plus derived yearly trajectory points (is_derived) from an earlier trajectory point to a target.',
  columns: z.object({
    target_id: z.string(),
    measure: z.string(),
    area: z.string(),
    area_type: z.enum(['england', 'region', 'icb', 'sub_icb', 'pcn']),
    area_code: z.string(),
    value: z.number(),
    comparison: z.enum(['at_least', 'at_most']),
    due_date: z.iso.date(),
    is_trajectory: z.boolean(),
    title: z.string(),
    source: z.string(),
    is_derived: z.boolean(),
    trajectory_of: z.string().nullable(),
  }),
  tests: [
    { type: 'unique', columns: ['target_id'] },
    {
      type: 'not_null',
      columns: ['target_id', 'measure', 'area', 'area_type', 'value', 'due_date', 'is_derived'],
    },
    { type: 'accepted_values', column: 'measure', values: keysOf(TARGET_MEASURES) },
    { type: 'accepted_values', column: 'area_type', values: ['england', 'region', 'icb', 'sub_icb', 'pcn'] },
    { type: 'relationships', column: 'trajectory_of', to: 'marts.targets.target_id' },
    { type: 'expression', sql: 'value >= 0', description: 'value ≥ 0' },
  ],
});
