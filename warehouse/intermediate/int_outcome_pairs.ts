import { defineModel } from '../define-model.ts';

/** is_window_closed as the SQL computes it, for a row `p` at the data date `d` (window `w`). */
const closed = 'coalesce(p.baseline_date + w.latest_days <= d.data_date, false)';
/** What the answer is read from, and the rows whose answer the data date changed. */
const window = 'intermediate.int_follow_up_window as w, intermediate.int_data_date as d';
const changed = `p.is_window_closed is distinct from ${closed}`;

export default defineModel({
  description: 'Baseline and paired follow-up of each referral × instrument × measure.',
  materialized: 'incremental',
  incremental: {
    key: 'referral_id',
    keyedInputs: ['intermediate.int_referrals', 'intermediate.int_pair_candidates'],
    // The data date moves with every delivery and closes windows of referrals no delivery touched:
    // the same expression as is_window_closed in the SQL, for the rows whose answer changed.
    refresh: {
      inputs: ['intermediate.int_data_date'],
      sql: `update {{this}} as p set is_window_closed = ${closed} from ${window} where ${changed}`,
      changedKeys: `select p.referral_id from {{this}} as p, ${window} where ${changed}`,
    },
  },
});
