import { z } from 'zod';
import { defineModel } from '../define-model.ts';

export default defineModel({
  description:
    'One row per PCN: sub-ICB, ICB and region with names, practices and registered patients (latest published financial year). PCNs only in NHS Digital workforce files (closed or merged) have is_current false.',
  columns: z.object({
    pcn_code: z.string(),
    pcn_name: z.string().nullable(),
    sub_icb_code: z.string().nullable(),
    sub_icb_name: z.string().nullable(),
    icb_code: z.string().nullable(),
    icb_name: z.string().nullable(),
    region_code: z.string().nullable(),
    region_name: z.string().nullable(),
    practices: z.int(),
    registered_patients: z.int().nullable(),
    registered_patients_year: z.string().nullable(),
    is_current: z.boolean(),
  }),
  tests: [
    { type: 'unique', columns: ['pcn_code'] },
    { type: 'not_null', columns: ['pcn_code', 'icb_code', 'region_code', 'is_current'] },
    {
      type: 'expression',
      sql: 'registered_patients is null or registered_patients > 0',
      description: 'registered patients > 0',
    },
    { type: 'expression', sql: 'is_current = (practices > 0)', description: 'current PCNs have practices' },
  ],
});
