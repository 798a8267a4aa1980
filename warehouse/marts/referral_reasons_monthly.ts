import { z } from 'zod';
import { REFERRAL_REASONS, keysOf } from '../contracts/codes.ts';
import { byReferralMonth, defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Referrals per referral month × PCN × reason; a referral with several reasons counts under each.',
  // by month (docs/models.md "Materialisations"): a month's rows count only the referrals made in it
  materialized: 'incremental',
  incremental: byReferralMonth(),
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    referral_reason: z.string(),
    referrals: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'referral_reason'] },
    { type: 'not_null', columns: ['month', 'pcn_code', 'referral_reason', 'referrals'] },
    { type: 'accepted_values', column: 'referral_reason', values: keysOf(REFERRAL_REASONS) },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
