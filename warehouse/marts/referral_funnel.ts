import { z } from 'zod';
import { byReferralPathway, defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Referral pathway per referral month × PCN: accepted referrals reaching each step (recorded, or implied by a later step that needs it; a blank optional field is not a "no").',
  // by month (docs/models.md "Materialisations"): a month's rows count only the referrals made in it (each one's own pathway)
  materialized: 'incremental',
  incremental: byReferralPathway(),
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    referred: z.int(),
    accepted: z.int(),
    contacted: z.int(),
    plan_agreed: z.int(),
    linked_to_activity: z.int(),
    took_up_activity: z.int(),
    follow_up_recorded: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code'] },
    { type: 'not_null', columns: ['month', 'pcn_code', 'referred'] },
    {
      type: 'expression',
      sql: `referred >= accepted and accepted >= contacted and contacted >= plan_agreed
            and contacted >= linked_to_activity and linked_to_activity >= took_up_activity
            and contacted >= follow_up_recorded and took_up_activity >= 0 and follow_up_recorded >= 0`,
      description:
        'referred ≥ accepted ≥ contacted ≥ plan agreed, linked ≥ took up and follow-up (each within contacted) ≥ 0',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
