import { defineModel } from '../define-model.ts';

export default defineModel({
  description: 'The follow-up paired with the first baseline of each referral × instrument × measure.',
  materialized: 'incremental',
  incremental: {
    key: 'referral_id',
    keyedInputs: ['staging.stg_wellbeing_scores', 'intermediate.int_baseline_scores'],
  },
});
