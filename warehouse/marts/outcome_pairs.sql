-- The exact distribution of before/after scores: one row per combination of baseline month,
-- PCN, instrument, measure, person characteristics and the two scores, with how many people
-- have it. Any paired statistic (mean change, its t interval, Wilcoxon, Cohen's d, share with a
-- meaningful change) is computable exactly from these weighted pairs for any filter.
with pairs as (
    select * from intermediate.int_outcome_pairs
    -- the cohort of the outcome figures: baselines whose follow-up window has closed (so the
    -- figures and their completeness (the outcome_completeness mart) describe the same people)
    where is_paired and is_window_closed
),

aggregated as (
    select
        baseline_month as month,
        pcn_code,
        instrument,
        measure,
        higher_is_better,
        age_band,
        sex,
        ethnic_group,
        imd_decile,
        referral_route,
        score_before,
        score_after,
        count(*)::INTEGER as people
    from pairs
    group by all
)

select * from aggregated
