import { z } from 'zod';
import { STAFF_ROLES, keysOf } from '../contracts/codes.ts';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  description:
    'Workforce per month × PCN × staff role × source (nhsd: NHS Digital census, headcount = distinct staff (UNIQUE_IDENTIFIER) in the PCN, contracted services in FTE only; local: services’ own returns). FTE is an exact decimal sum. PCN headcounts do not add up to an area’s: read marts.workforce_areas_monthly for areas.',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    icb_code: z.string().nullable(),
    region_code: z.string().nullable(),
    staff_role: z.string(),
    source: z.enum(['nhsd', 'local']),
    headcount: z.int(),
    fte: z.number(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'staff_role', 'source'] },
    { type: 'not_null', columns: ['month', 'pcn_code', 'staff_role', 'source', 'headcount', 'fte'] },
    { type: 'accepted_values', column: 'staff_role', values: keysOf(STAFF_ROLES) },
    { type: 'accepted_values', column: 'source', values: ['nhsd', 'local'] },
    // NHS Digital publishes a few negative FTE records; a PCN's total per role must not be negative
    { type: 'expression', sql: 'fte >= 0 and headcount >= 0', description: 'fte ≥ 0 and headcount ≥ 0' },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
