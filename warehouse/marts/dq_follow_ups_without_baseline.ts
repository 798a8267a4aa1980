import { z } from 'zod';
import { INSTRUMENT_IDS } from '../../src/lib/stats/instruments.ts';
import { byOutcomeMonth, defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  materialized: 'incremental',
  incremental: byOutcomeMonth('first_unpaired_follow_up_date'),
  description:
    'Referrals with a follow-up but no complete baseline before it (unpaired), per month of the first such follow-up × PCN × instrument × measure.',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    instrument: z.string(),
    measure: z.string(),
    referrals: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'instrument', 'measure'] },
    { type: 'not_null', columns: ['month', 'pcn_code', 'instrument', 'measure', 'referrals'] },
    { type: 'accepted_values', column: 'instrument', values: INSTRUMENT_IDS },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
