-- The first scored baseline of each referral × instrument × measure (the earliest assessment; the
-- lower assessment_id on the same day), with its score, band and loneliness: the "before" of
-- every pair in int_outcome_pairs.
with scores as (
    select * from staging.stg_wellbeing_scores
    -- an incomplete form has no score and cannot be half of a pair
    where score is not null and assessment_stage = 'baseline'
),

ranked as (
    -- the first by date, then the lower assessment_id: a window sort, which DuckDB spills to disk
    -- beyond its memory limit, where arg_min over a struct per group held every group's state in
    -- memory (it ran out at 10 M referrals under 1.5 GB, at 1 M under 150 MB)
    select
        *,
        row_number() over (
            partition by referral_id, instrument, measure order by assessment_date, assessment_id
        ) as nth
    from scores
),

baselines as (
    select
        referral_id,
        instrument,
        measure,
        higher_is_better,
        {'assessment_id': assessment_id, 'score': score, 'band': band, 'is_lonely': is_lonely}
            as first_baseline,
        assessment_date as baseline_date
    from ranked
    where nth = 1
)

select * from baselines
