import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Referral funnel per referral month × PCN. Each stage counts referrals that reached it and every stage before it.',
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
            and plan_agreed >= linked_to_activity and linked_to_activity >= took_up_activity
            and took_up_activity >= follow_up_recorded and follow_up_recorded >= 0`,
      description: 'referred ≥ accepted ≥ contacted ≥ plan agreed ≥ linked ≥ took up ≥ follow-up ≥ 0',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
