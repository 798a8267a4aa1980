import { z } from 'zod';
import { COHORTS, keysOf } from '../contracts/codes.ts';
import { ACTIVITY_MEASURES } from '../contracts/gp-activity.ts';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Health-care use before and after referral by group (people whose after window has closed): people per index month × PCN × cohort × measure × group, for the deprivation quintile of the referral (IMD deciles 1–2 → 1 … 9–10 → 5) and each referral reason (overlapping groups), with the sum and sum of squares of the per-person change over windows of window_months (SPO_HCU_WINDOW_MONTHS). A comparison person is in the group of the referred person it is matched to (match_id); a matched set whose referral is not in the referral extracts is in group "unknown".',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    cohort: z.string(),
    measure: z.string(),
    group_type: z.string(),
    group_value: z.string(),
    people: z.int(),
    sum_change: z.number(),
    sum_change_squares: z.number(),
    window_months: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'cohort', 'measure', 'group_type', 'group_value'] },
    {
      type: 'not_null',
      columns: [
        'month',
        'pcn_code',
        'cohort',
        'measure',
        'group_type',
        'group_value',
        'people',
        'sum_change',
      ],
    },
    { type: 'accepted_values', column: 'cohort', values: keysOf(COHORTS) },
    { type: 'accepted_values', column: 'measure', values: [...ACTIVITY_MEASURES] },
    { type: 'accepted_values', column: 'group_type', values: ['imd_quintile', 'referral_reason'] },
    { type: 'expression', sql: 'people > 0', description: 'people > 0' },
    {
      type: 'expression',
      sql: "group_type <> 'imd_quintile' or group_value in ('1', '2', '3', '4', '5', 'unknown')",
      description: 'a deprivation quintile is 1–5 or unknown',
    },
    {
      type: 'expression',
      sql: 'sum_change * sum_change <= people * sum_change_squares * (1 + 1e-9) + 1e-9',
      description: 'the sums of the changes admit a variance ≥ 0',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
