import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Link-worker capacity per month with workforce data × PCN (0 when none): headcount, FTE, registered patients, FTE per 50,000 patients, referrals in the trailing 12 months and referrals per FTE (a yearly rate).',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    workforce_source: z.enum(['nhsd', 'local']).nullable(),
    link_worker_headcount: z.int(),
    link_worker_fte: z.number(),
    registered_patients: z.int().nullable(),
    referrals_trailing_12_months: z.int(),
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
        'referrals_trailing_12_months',
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
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
