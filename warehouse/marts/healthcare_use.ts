import { z } from 'zod';
import { COHORTS, keysOf } from '../contracts/codes.ts';
import { ACTIVITY_MEASURES } from '../contracts/gp-activity.ts';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Health-care use before and after referral (people whose after window has closed): people per index month × PCN × cohort (referred, comparison) × measure, with the sums of their mean monthly counts before (−w…−1) and after (+1…+w; w = window_months, the SPO_HCU_WINDOW_MONTHS setting, default 6) and the sum and sum of squares of the per-person change, for the difference-in-differences and its Welch interval.',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    cohort: z.string(),
    measure: z.string(),
    people: z.int(),
    sum_before: z.number(),
    sum_after: z.number(),
    sum_change: z.number(),
    sum_change_squares: z.number(),
    window_months: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'cohort', 'measure'] },
    {
      type: 'not_null',
      columns: ['month', 'pcn_code', 'cohort', 'measure', 'people', 'sum_change', 'window_months'],
    },
    { type: 'accepted_values', column: 'cohort', values: keysOf(COHORTS) },
    { type: 'accepted_values', column: 'measure', values: [...ACTIVITY_MEASURES] },
    { type: 'expression', sql: 'people > 0', description: 'people > 0' },
    {
      type: 'expression',
      sql: 'window_months between 1 and 12',
      description: 'the window lies within the extract’s 12 months either side',
    },
    {
      type: 'expression',
      sql: 'abs(sum_after - sum_before - sum_change) < 1e-6 * (1 + abs(sum_change))',
      description: 'the change is after − before',
    },
    {
      // Cauchy–Schwarz: (Σx)² ≤ n·Σx², so the variance behind the Welch SE is never negative
      type: 'expression',
      sql: 'sum_change * sum_change <= people * sum_change_squares * (1 + 1e-9) + 1e-9',
      description: 'the sums of the changes admit a variance ≥ 0',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
