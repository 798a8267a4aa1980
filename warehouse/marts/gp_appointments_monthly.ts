import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth } from './_tests.ts';

export default defineModel({
  description:
    "Social prescribing appointments in GP systems (NHS England GPAD, national category \"Social Prescribing Service\") per month × area (England 'E' monthly from December 2022; REGION, ICB, SICBL for the month of Table 3f), with all appointments and the patients registered at the practices included (England: Table 1a; below: the GPAD coverage file's sub-ICB lists). Appointments, not people or referrals.",
  columns: z.object({
    month: z.iso.date(),
    area_level: z.enum(['E', 'REGION', 'ICB', 'SICBL']),
    area_code: z.string(),
    appointments: z.int(),
    all_appointments: z.int(),
    registered_patients: z.int().nullable(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'area_level', 'area_code'] },
    { type: 'not_null', columns: ['month', 'area_level', 'area_code', 'appointments', 'all_appointments'] },
    monthIsFirstOfMonth,
    {
      type: 'no_rows',
      sql: `select month, area_level from marts.gp_appointments_monthly where area_level <> 'E'
            group by month, area_level
            having sum(appointments) <> (select e.appointments from marts.gp_appointments_monthly as e
              where e.area_level = 'E' and e.month = marts.gp_appointments_monthly.month)`,
      description: 'each level below England adds up to England’s published count for the month',
    },
  ],
});
