import { z } from 'zod';
import { byReferralMonth, defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Per referral month × PCN: referrals with the accepted SNOMED code, the declined code, or another.',
  // by month (docs/models.md "Materialisations"): a month's rows count only the referrals made in it
  materialized: 'incremental',
  incremental: byReferralMonth(),
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    referrals: z.int(),
    accepted_code: z.int(),
    declined_code: z.int(),
    other_code: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code'] },
    { type: 'not_null', columns: ['month', 'pcn_code', 'referrals'] },
    {
      type: 'expression',
      sql: 'referrals = accepted_code + declined_code + other_code',
      description: 'codes add up to referrals',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
