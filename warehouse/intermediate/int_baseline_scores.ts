import { defineModel } from '../define-model.ts';

export default defineModel({
  description: 'The first complete baseline of each referral × instrument × measure.',
  materialized: 'incremental',
  incremental: { key: 'referral_id', keyedInputs: ['staging.stg_wellbeing_scores'] },
});
