import { defineModel } from '../define-model.ts';

export default defineModel({
  description: 'One row per referral with its place, deprivation and journey flags.',
  // a referral's row reads only its own referral, offers and assessments (and reference data,
  // whose change rebuilds it whole)
  materialized: 'incremental',
  incremental: {
    key: 'referral_id',
    keyedInputs: ['staging.stg_referrals', 'staging.stg_support_offered', 'staging.stg_wellbeing_scores'],
  },
});
