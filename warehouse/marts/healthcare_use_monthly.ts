import { z } from 'zod';
import { COHORTS, keysOf } from '../contracts/codes.ts';
import { ACTIVITY_MEASURES, ACTIVITY_SPAN_MONTHS } from '../contracts/gp-activity.ts';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Event study of health-care use: people observed and their events per index month × PCN × cohort × measure × month relative to the index month (−12…+12), for the mean monthly count of each cohort around the referral.',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    cohort: z.string(),
    measure: z.string(),
    relative_month: z.int(),
    people: z.int(),
    events: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'cohort', 'measure', 'relative_month'] },
    {
      type: 'not_null',
      columns: ['month', 'pcn_code', 'cohort', 'measure', 'relative_month', 'people', 'events'],
    },
    { type: 'accepted_values', column: 'cohort', values: keysOf(COHORTS) },
    { type: 'accepted_values', column: 'measure', values: [...ACTIVITY_MEASURES] },
    {
      type: 'expression',
      sql: `relative_month between -${ACTIVITY_SPAN_MONTHS} and ${ACTIVITY_SPAN_MONTHS} and people > 0 and events >= 0`,
      description: `relative month within ${ACTIVITY_SPAN_MONTHS} of the index month; people > 0; events ≥ 0`,
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
