import { z } from 'zod';
import { defineModel } from '../define-model.ts';
import { imdDecileInRange, personCodes } from './_tests.ts';

export default defineModel({
  description:
    "Census 2021 usual residents per area (England 'E', REGION, ICB, SICBL) × IMD 2019 decile × broad ethnic group: the denominators of access rates per 1,000 residents (residents, not registered patients). Every English LSOA 2021 is placed in a 2022 sub-ICB location through LSOA 2011 and its 2020 CCG; each level adds up to England's 56,490,108.",
  columns: z.object({
    area_level: z.enum(['E', 'REGION', 'ICB', 'SICBL']),
    area_code: z.string(),
    imd_decile: z.int().nullable(),
    ethnic_group: z.string(),
    residents: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['area_level', 'area_code', 'imd_decile', 'ethnic_group'] },
    { type: 'not_null', columns: ['area_level', 'area_code', 'imd_decile', 'ethnic_group', 'residents'] },
    imdDecileInRange,
    ...personCodes(['ethnic_group']),
    {
      type: 'no_rows',
      sql: `select area_level from marts.residents group by area_level
            having sum(residents) <> (select sum(residents) from marts.residents where area_level = 'E')`,
      description: 'every level adds up to England',
    },
  ],
});
