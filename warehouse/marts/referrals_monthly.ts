import { z } from 'zod';
import { byReferralMonth, defineModel } from '../define-model.ts';
import { imdDecileInRange, monthIsFirstOfMonth, pcnInAreas, personCodes } from './_tests.ts';

export default defineModel({
  description:
    'Referrals per referral month × PCN × route × SNOMED status × age band × sex × ethnic group × IMD decile.',
  // by month (docs/models.md "Materialisations"): a month's rows count only the referrals made in it
  materialized: 'incremental',
  incremental: byReferralMonth(),
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    sub_icb_code: z.string(),
    icb_code: z.string(),
    region_code: z.string(),
    referral_route: z.string(),
    snomed_status: z.enum(['accepted', 'declined', 'other']),
    age_band: z.string(),
    sex: z.string(),
    ethnic_group: z.string(),
    imd_decile: z.int().nullable(),
    referrals: z.int(),
  }),
  tests: [
    {
      type: 'unique',
      columns: [
        'month',
        'pcn_code',
        'referral_route',
        'snomed_status',
        'age_band',
        'sex',
        'ethnic_group',
        'imd_decile',
      ],
    },
    {
      type: 'not_null',
      columns: [
        'month',
        'pcn_code',
        'icb_code',
        'region_code',
        'referral_route',
        'snomed_status',
        'referrals',
      ],
    },
    { type: 'accepted_values', column: 'snomed_status', values: ['accepted', 'declined', 'other'] },
    ...personCodes(['age_band', 'sex', 'ethnic_group', 'referral_route']),
    imdDecileInRange,
    monthIsFirstOfMonth,
    pcnInAreas,
    { type: 'expression', sql: 'referrals > 0', description: 'referrals > 0' },
    {
      type: 'no_rows',
      sql: `select 1 as mismatch
            where (select coalesce(sum(referrals), 0) from marts.referrals_monthly) <> (select count(*) from intermediate.int_referrals)`,
      description: 'referrals sum to the number of referrals',
    },
  ],
});
