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

ranked as (
    -- the in-window follow-up nearest the target first (then the earlier, then the lower id): a
    -- window sort, which DuckDB spills to disk beyond its memory limit, where arg_min over a
    -- struct per group held every group's state in memory (out of memory at 10 M under 1.5 GB)
    select
        *,
        row_number() over (
            partition by referral_id, instrument, measure
            order by coalesce(is_in_window, false) desc, days_from_target, assessment_date, assessment_id
        ) as nth
    from per_follow_up
),

paired as (
    select
        referral_id,
        instrument,
        measure,
        {'assessment_id': assessment_id, 'score': score, 'band': band, 'is_lonely': is_lonely}
            as paired_follow_up,
        assessment_date as follow_up_date
    from ranked
    where nth = 1 and is_in_window
),

flags as (
    -- fixed-size aggregates only (booleans and dates): these spill too
    select
        referral_id,
        instrument,
        measure,
        higher_is_better,
        -- follow-ups after the baseline but outside the window: not paired, counted for data quality
        count(*) filter (where assessment_date > baseline_date and not is_in_window) > 0
            as has_follow_up_outside_window,
        count(*) filter (where baseline_date is null or assessment_date <= baseline_date) > 0
            as has_unpaired_follow_up,
        min(assessment_date) filter (where baseline_date is null or assessment_date <= baseline_date)
            as first_unpaired_follow_up_date
    from per_follow_up
    group by all
),

per_measure as (
    select
        f.referral_id,
        f.instrument,
        f.measure,
        f.higher_is_better,
        p.paired_follow_up,
        p.follow_up_date,
        f.has_follow_up_outside_window,
        f.has_unpaired_follow_up,
        f.first_unpaired_follow_up_date
    from flags as f
    left join paired as p using (referral_id, instrument, measure)
)

select * from per_measure
