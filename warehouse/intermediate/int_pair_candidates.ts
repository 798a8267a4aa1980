import { defineModel } from '../define-model.ts';

export default defineModel({
  description: 'The first baseline and the paired follow-up of each referral × instrument × measure.',
  materialized: 'incremental',
  incremental: {
    key: 'referral_id',
    keyedInputs: ['intermediate.int_baseline_scores', 'intermediate.int_follow_up_scores'],
  },
});
