import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { imdDecileInRange, monthIsFirstOfMonth, pcnInAreas, personCodes } from './_tests.ts';

export default defineModel({
  description:
    'Complete loneliness assessments per assessment month × PCN × instrument × stage × age band × sex × IMD decile: assessed, lonely, severely lonely (DJG6 only).',
  // by month (docs/models.md "Materialisations"): a month's rows count only the assessments made in it (with their referral's characteristics)
  materialized: 'incremental',
  incremental: {
    key: 'month',
    column: 'month',
    keyedInputs: ['intermediate.int_referrals', 'staging.stg_wellbeing_scores'],
    months: { 'staging.stg_wellbeing_scores': 'assessment_month' },
  },
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    instrument: z.enum(['UCLA3', 'ONS_LONELINESS', 'DJG6']),
    stage: z.enum(['baseline', 'follow_up']),
    age_band: z.string(),
    sex: z.string(),
    imd_decile: z.int().nullable(),
    assessed: z.int(),
    lonely: z.int(),
    severely_lonely: z.int().nullable(),
  }),
  tests: [
    {
      type: 'unique',
      columns: ['month', 'pcn_code', 'instrument', 'stage', 'age_band', 'sex', 'imd_decile'],
    },
    { type: 'not_null', columns: ['month', 'pcn_code', 'instrument', 'stage', 'assessed', 'lonely'] },
    { type: 'accepted_values', column: 'instrument', values: ['UCLA3', 'ONS_LONELINESS', 'DJG6'] },
    { type: 'accepted_values', column: 'stage', values: ['baseline', 'follow_up'] },
    {
      type: 'expression',
      sql: `assessed >= lonely and lonely >= 0
            and (severely_lonely is null) = (instrument <> 'DJG6') and coalesce(severely_lonely, 0) <= lonely`,
      description: 'assessed ≥ lonely ≥ severely lonely (DJG6 only)',
    },
    ...personCodes(['age_band', 'sex']),
    imdDecileInRange,
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
