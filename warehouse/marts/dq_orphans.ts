import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth } from './_tests.ts';

export default defineModel({
  // an orphan's month is its own (the offer's or the assessment's): it stops being one when its
  // referral arrives (that referral is affected, so its offers' and assessments' months are)
  materialized: 'incremental',
  incremental: {
    key: 'month',
    column: 'month',
    keyedInputs: ['staging.stg_referrals', 'staging.stg_support_offered', 'staging.stg_wellbeing_scores'],
    months: {
      'staging.stg_support_offered': 'offered_month',
      'staging.stg_wellbeing_scores': 'assessment_month',
    },
  },
  description:
    'Offers of support and assessments whose referral never arrived, per extract × month of the row’s date (they have no PCN and drop out of every pathway).',
  columns: z.object({
    extract_id: z.enum(['support_offered', 'wellbeing_scores']),
    month: z.iso.date(),
    rows_without_referral: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['extract_id', 'month'] },
    { type: 'not_null', columns: ['extract_id', 'month', 'rows_without_referral'] },
    { type: 'accepted_values', column: 'extract_id', values: ['support_offered', 'wellbeing_scores'] },
    { type: 'expression', sql: 'rows_without_referral > 0', description: 'only months with such rows' },
    monthIsFirstOfMonth,
  ],
});
