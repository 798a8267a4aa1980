import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth } from './_tests.ts';

export default defineModel({
  description:
    "Registered patients per area (england 'E', region, icb, sub_icb, pcn) per month: the denominator of a rate for the period shown. Sub-ICB and above: NHS England GPAD coverage from August 2020 (source gpad_coverage; the last month carried forward), before it every practice's list size for the financial year, closed practices included (source list_sizes). PCNs: their practices' list sizes for the financial year.",
  columns: z.object({
    month: z.iso.date(),
    area_type: z.enum(['england', 'region', 'icb', 'sub_icb', 'pcn']),
    area_code: z.string(),
    registered_patients: z.int(),
    source: z.enum(['gpad_coverage', 'list_sizes']),
    fiscal_year: z.string().nullable(),
    is_carried_forward: z.boolean(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'area_type', 'area_code'] },
    { type: 'not_null', columns: ['month', 'area_type', 'area_code', 'registered_patients', 'source'] },
    { type: 'accepted_values', column: 'area_type', values: ['england', 'region', 'icb', 'sub_icb', 'pcn'] },
    { type: 'expression', sql: 'registered_patients > 0', description: 'registered patients > 0' },
    monthIsFirstOfMonth,
  ],
});
