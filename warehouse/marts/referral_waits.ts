import { z } from 'zod';
import { byReferralPathway, defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export const WAIT_BANDS = ['0-7', '8-14', '15-28', '29-56', '57+'];
/** The wait the headline counts people beyond (a band boundary: the bands above it are "over"). */
export const WAIT_THRESHOLD_DAYS = 28;

export default defineModel({
  // a delivery rebuilds the months and PCNs of the referrals it touched, and of the rows that age
  // with the data date: the people still waiting (their wait so far) and those referred too
  // recently for their 28-day wait to be known
  materialized: 'incremental',
  incremental: byReferralPathway(['intermediate.int_referrals'], {
    dataDateRows: "status = 'still_waiting' or not is_older_than_28_days",
  }),
  description:
    'Accepted referrals per referral month × PCN × status (contacted; still waiting at the data date) × wait band (days from referral to first contact, or to the data date) × referred more than 28 days before the data date.',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    status: z.enum(['contacted', 'still_waiting']),
    wait_band: z.enum(['0-7', '8-14', '15-28', '29-56', '57+']),
    wait_band_order: z.int(),
    is_older_than_28_days: z.boolean(),
    referrals: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'status', 'wait_band', 'is_older_than_28_days'] },
    {
      type: 'not_null',
      columns: ['month', 'pcn_code', 'status', 'wait_band', 'is_older_than_28_days', 'referrals'],
    },
    { type: 'accepted_values', column: 'wait_band', values: WAIT_BANDS },
    { type: 'accepted_values', column: 'status', values: ['contacted', 'still_waiting'] },
    {
      type: 'expression',
      sql: `not (status = 'still_waiting' and is_older_than_28_days and wait_band_order <= 3)
            and not (status = 'still_waiting' and not is_older_than_28_days and wait_band_order > 3)`,
      description:
        'a referral still waiting is in a band over 28 days exactly when referred over 28 days ago',
    },
    {
      type: 'no_rows',
      sql: `select f.month, f.pcn_code, f.contacted, w.referrals
            from marts.referral_funnel as f
            left join (select month, pcn_code, sum(referrals) as referrals from marts.referral_waits
                       where status = 'contacted' group by all) as w
              on w.month = f.month and w.pcn_code = f.pcn_code
            where coalesce(w.referrals, 0) > f.contacted`,
      description: 'contacted waits are within the funnel’s contacted referrals',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
