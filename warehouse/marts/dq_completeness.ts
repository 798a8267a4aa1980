import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Per extract × optional field × PCN: rows and rows with a value (wellbeing_scores: forms and complete forms).',
  columns: z.object({
    extract_id: z.string(),
    field: z.string(),
    pcn_code: z.string(),
    rows: z.int(),
    non_null: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['extract_id', 'field', 'pcn_code'] },
    { type: 'not_null', columns: ['extract_id', 'field', 'pcn_code', 'rows', 'non_null'] },
    {
      type: 'accepted_values',
      column: 'extract_id',
      values: ['referrals', 'support_offered', 'wellbeing_scores'],
    },
    { type: 'expression', sql: 'rows >= non_null and non_null >= 0', description: 'rows ≥ non-null' },
    pcnInAreas,
  ],
});
