import { z } from 'zod';
import { byOutcomeMonth, defineModel } from '../define-model.ts';
import { imdDecileInRange, monthIsFirstOfMonth, pcnInAreas, personCodes } from './_tests.ts';

export default defineModel({
  materialized: 'incremental',
  incremental: byOutcomeMonth('baseline_month'),
  description:
    'Loneliness on the same people per baseline month × PCN × instrument × age band × sex × IMD decile: people paired, lonely at baseline, lonely at follow-up, no longer lonely, newly lonely.',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    instrument: z.enum(['UCLA3', 'ONS_LONELINESS', 'DJG6']),
    age_band: z.string(),
    sex: z.string(),
    imd_decile: z.int().nullable(),
    people: z.int(),
    lonely_before: z.int(),
    lonely_after: z.int(),
    no_longer_lonely: z.int(),
    newly_lonely: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'instrument', 'age_band', 'sex', 'imd_decile'] },
    {
      type: 'not_null',
      columns: ['month', 'pcn_code', 'instrument', 'people', 'lonely_before', 'lonely_after'],
    },
    { type: 'accepted_values', column: 'instrument', values: ['UCLA3', 'ONS_LONELINESS', 'DJG6'] },
    {
      type: 'expression',
      sql: `people >= lonely_before and people >= lonely_after and lonely_before >= no_longer_lonely
            and lonely_after >= newly_lonely and lonely_after = lonely_before - no_longer_lonely + newly_lonely`,
      description: 'lonely after = lonely before − no longer lonely + newly lonely, all within people',
    },
    ...personCodes(['age_band', 'sex']),
    imdDecileInRange,
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
