import { z } from 'zod';
import { byReferralMonth, defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Per referral month × PCN: referrals, those delivered in more than one load, and the extra deliveries.',
  // by month (docs/models.md "Materialisations"): a month's rows count only the referrals made in it
  materialized: 'incremental',
  incremental: byReferralMonth(),
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    referrals: z.int(),
    delivered_more_than_once: z.int(),
    extra_deliveries: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code'] },
    {
      type: 'not_null',
      columns: ['month', 'pcn_code', 'referrals', 'delivered_more_than_once', 'extra_deliveries'],
    },
    {
      type: 'expression',
      sql: 'referrals >= delivered_more_than_once and extra_deliveries >= delivered_more_than_once',
      description: 'referrals ≥ repeated ≤ extra deliveries',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
