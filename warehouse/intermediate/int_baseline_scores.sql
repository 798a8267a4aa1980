-- The first scored baseline of each referral × instrument × measure (the earliest assessment; the
-- lower assessment_id on the same day), with its score, band and loneliness: the "before" of
-- every pair in int_outcome_pairs.
with scores as (
    select * from staging.stg_wellbeing_scores
    -- an incomplete form has no score and cannot be half of a pair
    where score is not null and assessment_stage = 'baseline'
),

baselines as (
    select
        referral_id,
        instrument,
        measure,
        higher_is_better,
        arg_min(
            {'assessment_id': assessment_id, 'score': score, 'band': band, 'is_lonely': is_lonely},
            (assessment_date, assessment_id)
        ) as first_baseline,
        min(assessment_date) as baseline_date
    from scores
    group by all
)

select * from baselines
