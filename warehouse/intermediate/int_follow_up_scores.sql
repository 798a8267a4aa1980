-- Per referral × instrument × measure with a scored follow-up: the follow-up paired with the
-- first baseline (int_baseline_scores) — the complete one nearest the window's target after it,
-- within the window (int_follow_up_window; nearer wins, then the earlier, then the lower
-- assessment_id) — and the first follow-up with no baseline on or before its date.
-- A model of its own so that each step of the pairing holds one join and one aggregate in memory.
with follow_ups as (
    select * from staging.stg_wellbeing_scores
    where score is not null and assessment_stage = 'follow_up'
),

baselines as (
    select referral_id, instrument, measure, baseline_date from intermediate.int_baseline_scores
),

window_setting as (
    select * from intermediate.int_follow_up_window
),

per_follow_up as (
    select
        f.*,
        b.baseline_date,
        f.assessment_date - b.baseline_date as days_after_baseline,
        (f.assessment_date - b.baseline_date) between w.earliest_days and w.latest_days as is_in_window,
        abs(f.assessment_date - b.baseline_date - w.target_days) as days_from_target
    from follow_ups as f
    left join baselines as b using (referral_id, instrument, measure)
    cross join window_setting as w
),

per_measure as (
    select
        referral_id,
        instrument,
        measure,
        higher_is_better,
        arg_min(
            {'assessment_id': assessment_id, 'score': score, 'band': band, 'is_lonely': is_lonely},
            (days_from_target, assessment_date, assessment_id)
        ) filter (where is_in_window) as paired_follow_up,
        arg_min(assessment_date, (days_from_target, assessment_date, assessment_id)) filter (where is_in_window)
            as follow_up_date,
        -- follow-ups after the baseline but outside the window: not paired, counted for data quality
        count(*) filter (where assessment_date > baseline_date and not is_in_window) > 0
            as has_follow_up_outside_window,
        count(*) filter (where baseline_date is null or assessment_date <= baseline_date) > 0
            as has_unpaired_follow_up,
        min(assessment_date) filter (where baseline_date is null or assessment_date <= baseline_date)
            as first_unpaired_follow_up_date
    from per_follow_up
    group by all
)

select * from per_measure
