import { z } from 'zod';
import { INSTRUMENT_IDS } from '../../src/lib/stats/instruments.ts';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Per referral month × PCN × instrument: engaged referrals, with a complete baseline, with a complete follow-up, paired, and follow-ups without a baseline.',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    instrument: z.string(),
    engaged_referrals: z.int(),
    with_baseline: z.int(),
    with_follow_up: z.int(),
    paired: z.int(),
    follow_up_without_baseline: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'instrument'] },
    { type: 'not_null', columns: ['month', 'pcn_code', 'instrument', 'engaged_referrals'] },
    { type: 'accepted_values', column: 'instrument', values: INSTRUMENT_IDS },
    {
      type: 'expression',
      sql: 'engaged_referrals >= with_baseline and with_baseline >= paired and with_follow_up >= paired and paired >= 0',
      description: 'engaged ≥ with baseline ≥ paired, with follow-up ≥ paired',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
