import { z } from 'zod';
import { byReferralMonth, defineModel } from '../define-model.ts';

export default defineModel({
  description:
    'Distinct people referred and referral episodes per period (month; financial year from April) × area level (E, REGION, ICB, SICBL, PCN) × area code. Distinct counts: never sum them.',
  // by month (docs/models.md "Materialisations"): a period's rows count only the referrals made in it
  materialized: 'incremental',
  incremental: byReferralMonth('period_start', { financialYears: true, byPcn: false }),
  columns: z.object({
    period_type: z.enum(['month', 'financial_year']),
    period_start: z.iso.date(),
    area_level: z.enum(['E', 'REGION', 'ICB', 'SICBL', 'PCN']),
    area_code: z.string(),
    people: z.int(),
    referrals: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['period_type', 'period_start', 'area_level', 'area_code'] },
    {
      type: 'not_null',
      columns: ['period_type', 'period_start', 'area_level', 'area_code', 'people', 'referrals'],
    },
    {
      type: 'expression',
      sql: 'people > 0 and people <= referrals',
      description: '0 < people ≤ referrals',
    },
    {
      type: 'no_rows',
      sql: `select 1 as mismatch
            where (select sum(referrals) from marts.people_referred where period_type = 'month' and area_level = 'E')
               <> (select count(*) from intermediate.int_referrals)`,
      description: 'England’s monthly referral episodes add up to all referrals',
    },
  ],
});
