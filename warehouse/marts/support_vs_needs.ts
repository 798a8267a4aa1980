import { z } from 'zod';
import { REFERRAL_REASONS, keysOf } from '../contracts/codes.ts';
import { byReferralPathway, defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Per referral month × PCN × need (referral reason): referrals stating it, those linked to an activity in a matching category, and those who took one up.',
  // by month (docs/models.md "Materialisations"): a month's rows count only the referrals made in it and their own offers
  materialized: 'incremental',
  incremental: byReferralPathway(['intermediate.int_referrals', 'staging.stg_support_offered']),
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    need: z.string(),
    referrals: z.int(),
    linked_to_matching_activity: z.int(),
    took_up_matching_activity: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'need'] },
    { type: 'not_null', columns: ['month', 'pcn_code', 'need', 'referrals'] },
    { type: 'accepted_values', column: 'need', values: keysOf(REFERRAL_REASONS) },
    {
      type: 'expression',
      sql: 'referrals >= linked_to_matching_activity and linked_to_matching_activity >= took_up_matching_activity',
      description: 'referrals ≥ linked ≥ took up',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
