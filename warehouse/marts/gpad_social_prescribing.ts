import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth } from './_tests.ts';

export default defineModel({
  description:
    'NHS England’s published appointments in the GP national category “Social Prescribing Service” per month × area (england per month from December 2022; region, icb and sub_icb for May 2025), with the patients registered at the practices included (Table 1a for England; the coverage file, per sub-ICB and summed by ICB and region, elsewhere).',
  columns: z.object({
    month: z.iso.date(),
    area_type: z.enum(['england', 'region', 'icb', 'sub_icb']),
    area_code: z.string(),
    appointments: z.int(),
    registered_patients: z.int().nullable(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'area_type', 'area_code'] },
    { type: 'not_null', columns: ['month', 'area_type', 'area_code', 'appointments'] },
    { type: 'expression', sql: 'appointments >= 0', description: 'appointments ≥ 0' },
    {
      type: 'no_rows',
      sql: `select month from marts.gpad_social_prescribing where area_type = 'sub_icb'
            group by month
            having abs(sum(appointments) - (select appointments from marts.gpad_social_prescribing e
                                            where e.area_type = 'england' and e.month = marts.gpad_social_prescribing.month)) > 0`,
      description: 'the sub-ICB locations add up to England’s published count',
    },
    monthIsFirstOfMonth,
  ],
});
