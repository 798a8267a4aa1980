import { z } from 'zod';
import { STAFF_ROLES, keysOf } from '../contracts/codes.ts';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth } from './_tests.ts';

export default defineModel({
  description:
    'Workforce per month × area (E, REGION, ICB, SICBL, PCN) × staff role × source, each level counted on its own: NHS Digital headcount is distinct staff (UNIQUE_IDENTIFIER) in the area, so PCN headcounts do not add up to the ICB’s; local returns have no identifiers and are summed. pcns_reporting, pcns_with_staff (FTE > 0) and is_latest_source (local where the area has local returns for the month, else nhsd).',
  columns: z.object({
    month: z.iso.date(),
    area_level: z.enum(['E', 'REGION', 'ICB', 'SICBL', 'PCN']),
    area_code: z.string(),
    staff_role: z.string(),
    source: z.enum(['nhsd', 'local']),
    headcount: z.int(),
    fte: z.number(),
    pcns_reporting: z.int(),
    pcns_with_staff: z.int(),
    is_latest_source: z.boolean(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'area_level', 'area_code', 'staff_role', 'source'] },
    {
      type: 'not_null',
      columns: [
        'month',
        'area_level',
        'area_code',
        'staff_role',
        'source',
        'headcount',
        'fte',
        'pcns_reporting',
        'pcns_with_staff',
        'is_latest_source',
      ],
    },
    { type: 'accepted_values', column: 'staff_role', values: keysOf(STAFF_ROLES) },
    {
      type: 'expression',
      sql: 'pcns_with_staff <= pcns_reporting and headcount >= 0',
      description: 'PCNs with staff are among those reporting',
    },
    {
      type: 'no_rows',
      sql: `select month, area_level, area_code, staff_role from marts.workforce_areas_monthly
            where is_latest_source group by all having count(*) <> 1`,
      description: 'one latest source per month, area and role',
    },
    monthIsFirstOfMonth,
  ],
});
