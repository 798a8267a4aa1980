-- Per referral × instrument × measure with a scored follow-up: the last follow-up after the first
-- baseline (int_baseline_scores), and the first follow-up with no baseline on or before its date.
-- A model of its own so that each step of the pairing holds one join and one aggregate in memory.
with follow_ups as (
    select * from staging.stg_wellbeing_scores
    where score is not null and assessment_stage = 'follow_up'
),

baselines as (
    select referral_id, instrument, measure, baseline_date from intermediate.int_baseline_scores
),

per_measure as (
    select
        f.referral_id,
        f.instrument,
        f.measure,
        f.higher_is_better,
        arg_max(
            {'assessment_id': f.assessment_id, 'score': f.score, 'band': f.band, 'is_lonely': f.is_lonely},
            (f.assessment_date, f.assessment_id)
        ) filter (where f.assessment_date > b.baseline_date) as last_follow_up,
        max(f.assessment_date) filter (where f.assessment_date > b.baseline_date) as follow_up_date,
        count(*) filter (where b.baseline_date is null or f.assessment_date <= b.baseline_date) > 0
            as has_unpaired_follow_up,
        min(f.assessment_date) filter (where b.baseline_date is null or f.assessment_date <= b.baseline_date)
            as first_unpaired_follow_up_date
    from follow_ups as f
    left join baselines as b using (referral_id, instrument, measure)
    group by all
)

select * from per_measure
