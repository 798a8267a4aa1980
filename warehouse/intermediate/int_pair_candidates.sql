-- Every referral × instrument × measure with a scored baseline, a follow-up or both: the first
-- baseline (int_baseline_scores) beside the follow-up paired with it (int_follow_up_scores), before
-- int_outcome_pairs adds the referral's fields. A model of its own so that each step holds one
-- join in memory.
with baselines as (
    select * from intermediate.int_baseline_scores
),

follow_ups as (
    select * from intermediate.int_follow_up_scores
),

per_measure as (
    select
        referral_id,
        instrument,
        measure,
        coalesce(b.higher_is_better, f.higher_is_better) as higher_is_better,
        b.first_baseline,
        b.baseline_date,
        f.paired_follow_up,
        f.follow_up_date,
        coalesce(f.has_follow_up_outside_window, false) as has_follow_up_outside_window,
        coalesce(f.has_unpaired_follow_up, false) as has_unpaired_follow_up,
        f.first_unpaired_follow_up_date
    from baselines as b
    full outer join follow_ups as f using (referral_id, instrument, measure)
)

select * from per_measure
