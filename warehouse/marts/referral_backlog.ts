import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';
import { WAIT_BANDS } from './referral_waits.ts';

export default defineModel({
  description:
    'The backlog: accepted referrals waiting for first contact at each month end (referred by then, not contacted or ended by then), per month × PCN × wait band (days from referral to the month end).',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    wait_band: z.enum(['0-7', '8-14', '15-28', '29-56', '57+']),
    wait_band_order: z.int(),
    referrals: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'wait_band'] },
    { type: 'not_null', columns: ['month', 'pcn_code', 'wait_band', 'referrals'] },
    { type: 'accepted_values', column: 'wait_band', values: WAIT_BANDS },
    {
      type: 'no_rows',
      sql: `select b.month, b.pcn_code, b.referrals
            from (select month, pcn_code, sum(referrals) as referrals from marts.referral_backlog
                  group by all) as b
            where b.referrals > (select coalesce(sum(f.accepted), 0) from marts.referral_funnel as f
                                 where f.pcn_code = b.pcn_code and f.month <= b.month)`,
      description: 'the backlog at a month end is within the accepted referrals up to then',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
