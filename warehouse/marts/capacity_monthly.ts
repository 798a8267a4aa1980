import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Link-worker capacity per month with workforce data × PCN (0 when none): headcount (distinct staff), FTE, registered patients, FTE per 50,000 patients, accepted referrals in the 12 months to the month, the months of those 12 with referral data, and referrals per FTE (accepted referrals annualised over those months: a yearly rate).',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    workforce_source: z.enum(['nhsd', 'local']).nullable(),
    link_worker_headcount: z.int(),
    link_worker_fte: z.number(),
    registered_patients: z.int().nullable(),
    accepted_referrals_12_months: z.int(),
    referral_months: z.int(),
    fte_per_50k_patients: z.number().nullable(),
    referrals_per_fte: z.number().nullable(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code'] },
    {
      type: 'not_null',
      columns: [
        'month',
        'pcn_code',
        'link_worker_headcount',
        'link_worker_fte',
        'accepted_referrals_12_months',
        'referral_months',
      ],
    },
    {
      type: 'expression',
      sql: 'link_worker_fte >= 0 and link_worker_headcount >= 0 and coalesce(fte_per_50k_patients, 0) >= 0',
      description: 'fte ≥ 0',
    },
    {
      type: 'expression',
      sql: 'link_worker_headcount = 0 or workforce_source is not null',
      description: 'a PCN with link workers names its workforce source',
    },
    {
      type: 'expression',
      sql: 'referral_months between 0 and 12 and (referral_months > 0 or referrals_per_fte is null)',
      description: 'referrals per FTE only over months with referral data',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
