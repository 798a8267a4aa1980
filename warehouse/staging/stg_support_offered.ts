import { defineModel } from '../define-model.ts';

export default defineModel({
  description: 'One row per offer of support, from its latest delivery.',
  materialized: 'incremental',
  // an offer is re-sent by support_id: the referral a re-sent offer named before is affected too
  incremental: { key: 'referral_id', keyedInputs: ['raw.support_offered'], rowKey: 'support_id' },
});
