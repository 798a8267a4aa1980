import { defineModel } from '../define-model.ts';

export default defineModel({
  description: 'One row per assessment × measure, scored.',
  materialized: 'incremental',
  // an assessment is re-sent by assessment_id: the referral a re-sent form named before is affected too
  incremental: { key: 'referral_id', keyedInputs: ['raw.wellbeing_scores'], rowKey: 'assessment_id' },
});
