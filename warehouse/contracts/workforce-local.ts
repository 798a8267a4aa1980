import { z } from 'zod';
import { STAFF_ROLES, keysOf } from './codes.ts';
import { pcnCode } from './columns.ts';
import { column, defineContract } from './contract.ts';

export const workforceLocal = defineContract({
  id: 'workforce_local',
  title: 'Workforce (local format)',
  description:
    'Link workers and related roles per PCN per month, for services that keep their own workforce records.',
  source: 'SP Observatory local format',
  personLevel: false,
  key: ['pcn_code', 'month', 'staff_role'],
  periodSql: 'month',
  format: { dateFormat: '%Y-%m' },
  schema: z.object({
    pcn_code: pcnCode,
    month: column(z.string().regex(/^[0-9]{4}-(0[1-9]|1[0-2])$/), {
      description: 'Month of the count, as yyyy-mm',
      sqlType: 'DATE',
      example: '2024-04',
    }),
    staff_role: column(z.enum(keysOf(STAFF_ROLES)), { description: 'Role', normalize: 'lower' }),
    headcount: column(z.int().min(0).max(500), { description: 'People in post' }),
    fte: column(z.number().min(0).max(500), { description: 'Full-time equivalent in post (37.5 hours = 1)' }),
  }),
  rules: [
    { column: 'fte', sql: 'fte <= headcount * 1.5', reason: 'FTE is implausibly high for the headcount' },
  ],
});
