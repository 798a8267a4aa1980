import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export const WAIT_BANDS = ['0-7', '8-14', '15-28', '29-56', '57+'];

export default defineModel({
  description:
    'Accepted referrals with a first contact per referral month × PCN × wait band (days from referral to first contact).',
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
      sql: `select f.month, f.pcn_code, f.contacted, w.referrals
            from marts.referral_funnel as f
            full join (select month, pcn_code, sum(referrals) as referrals from marts.referral_waits group by all) as w
              on w.month = f.month and w.pcn_code = f.pcn_code
            where coalesce(w.referrals, 0) <> coalesce(f.contacted, 0)`,
      description: 'waits add up to the funnel’s contacted referrals',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
