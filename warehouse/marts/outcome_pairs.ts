import { z } from 'zod';
import { INSTRUMENT_IDS } from '../../src/lib/stats/instruments.ts';
import { byOutcomeMonth, defineModel } from '../define-model.ts';
import { imdDecileInRange, monthIsFirstOfMonth, pcnInAreas, personCodes } from './_tests.ts';

const inRange = (column: string) => ({
  type: 'no_rows' as const,
  sql: `select p.* from marts.outcome_pairs as p
        left join staging.stg_instrument_measures as m on m.instrument = p.instrument and m.measure = p.measure
        where m.instrument is null or not (p.${column} between m.min_score and m.max_score)`,
  description: `${column} is within the instrument measure's range`,
});

export default defineModel({
  materialized: 'incremental',
  incremental: byOutcomeMonth('baseline_month'),
  description:
    'Before/after score distribution (baselines whose follow-up window has closed): people per baseline month × PCN × instrument × measure × age band × sex × ethnic group × IMD decile × route × score before × score after.',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    instrument: z.string(),
    measure: z.string(),
    higher_is_better: z.boolean(),
    age_band: z.string(),
    sex: z.string(),
    ethnic_group: z.string(),
    imd_decile: z.int().nullable(),
    referral_route: z.string(),
    score_before: z.number(),
    score_after: z.number(),
    people: z.int(),
  }),
  tests: [
    {
      type: 'unique',
      columns: [
        'month',
        'pcn_code',
        'instrument',
        'measure',
        'age_band',
        'sex',
        'ethnic_group',
        'imd_decile',
        'referral_route',
        'score_before',
        'score_after',
      ],
    },
    {
      type: 'not_null',
      columns: [
        'month',
        'pcn_code',
        'instrument',
        'measure',
        'higher_is_better',
        'score_before',
        'score_after',
        'people',
      ],
    },
    { type: 'accepted_values', column: 'instrument', values: INSTRUMENT_IDS },
    inRange('score_before'),
    inRange('score_after'),
    { type: 'expression', sql: 'people > 0', description: 'people > 0' },
    ...personCodes(['age_band', 'sex', 'ethnic_group', 'referral_route']),
    imdDecileInRange,
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
