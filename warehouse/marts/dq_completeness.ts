import { z } from 'zod';
import { byReferralPathway, defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Per extract × optional field × PCN × referral month: rows and rows with a value (wellbeing_scores: forms and complete forms).',
  // an offer or a form of an old referral changes that referral's month: every affected referral
  materialized: 'incremental',
  incremental: byReferralPathway([
    'intermediate.int_referrals',
    'staging.stg_referrals',
    'staging.stg_support_offered',
    'staging.stg_wellbeing_scores',
  ]),
  columns: z.object({
    extract_id: z.string(),
    field: z.string(),
    pcn_code: z.string(),
    month: z.iso.date(),
    rows: z.int(),
    non_null: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['extract_id', 'field', 'pcn_code', 'month'] },
    { type: 'not_null', columns: ['extract_id', 'field', 'pcn_code', 'month', 'rows', 'non_null'] },
    {
      type: 'accepted_values',
      column: 'extract_id',
      values: ['referrals', 'support_offered', 'wellbeing_scores'],
    },
    { type: 'expression', sql: 'rows >= non_null and non_null >= 0', description: 'rows ≥ non-null' },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
