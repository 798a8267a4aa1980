import { defineModel } from '../define-model.ts';

export default defineModel({
  description: 'One row per referral episode, from its latest delivery.',
  // a month's delivery re-sends and adds a few thousand referrals among millions: by key
  materialized: 'incremental',
  incremental: { key: 'referral_id', keyedInputs: ['raw.referrals'] },
});
