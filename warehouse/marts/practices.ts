import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { pcnInAreas } from './_tests.ts';

export default defineModel({
  description: 'One row per GP practice in the current mapping with its PCN and latest registered patients.',
  columns: z.object({
    practice_code: z.string(),
    practice_name: z.string(),
    pcn_code: z.string().nullable(),
    sub_icb_code: z.string(),
    icb_code: z.string(),
    region_code: z.string(),
    registered_patients: z.int().nullable(),
    registered_patients_year: z.string().nullable(),
  }),
  tests: [
    { type: 'unique', columns: ['practice_code'] },
    { type: 'not_null', columns: ['practice_code', 'icb_code', 'region_code'] },
    pcnInAreas,
  ],
});
