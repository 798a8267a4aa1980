import { z } from 'zod';
import { INSTRUMENT_IDS } from '../../src/lib/stats/instruments.ts';
import { byOutcomeMonth, defineModel } from '../define-model.ts';
import { monthIsFirstOfMonth, pcnInAreas } from './_tests.ts';

export default defineModel({
  materialized: 'incremental',
  incremental: byOutcomeMonth('baseline_month'),
  description:
    'Per baseline month × PCN × instrument: referrals with a complete baseline, those whose follow-up window has closed (follow_up_due, the cohort of the outcome figures) and those of them paired.',
  columns: z.object({
    month: z.iso.date(),
    pcn_code: z.string(),
    instrument: z.string(),
    with_baseline: z.int(),
    follow_up_due: z.int(),
    paired: z.int(),
  }),
  tests: [
    { type: 'unique', columns: ['month', 'pcn_code', 'instrument'] },
    { type: 'not_null', columns: ['month', 'pcn_code', 'instrument', 'with_baseline'] },
    { type: 'accepted_values', column: 'instrument', values: INSTRUMENT_IDS },
    {
      type: 'expression',
      sql: 'with_baseline >= follow_up_due and follow_up_due >= paired and paired >= 0',
      description: 'with baseline ≥ follow-up due ≥ paired ≥ 0',
    },
    {
      type: 'no_rows',
      sql: `select c.month, c.pcn_code, c.instrument
            from (select month, pcn_code, instrument, sum(paired) as paired from marts.outcome_completeness group by all) as c
            full join (select month, pcn_code, instrument, count(*) as any_pair
                       from marts.outcome_pairs group by all) as p using (month, pcn_code, instrument)
            where (coalesce(c.paired, 0) > 0) <> (coalesce(p.any_pair, 0) > 0)`,
      description: 'a cohort with pairs has outcome figures and the other way round (one cohort)',
    },
    monthIsFirstOfMonth,
    pcnInAreas,
  ],
});
