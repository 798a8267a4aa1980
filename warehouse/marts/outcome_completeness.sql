-- Follow-up completeness of the cohort the outcome figures describe (marts.outcome_pairs): per
-- baseline month × PCN × instrument, referrals with a complete baseline, those whose follow-up
-- window has closed by the data date (follow_up_due: the cohort), and those of them paired with a
-- follow-up in the window. Completeness = paired / follow_up_due. A referral counts once per
-- instrument (paired on any of its measures).
with pairs as (
    select * from intermediate.int_outcome_pairs
    where has_baseline
),

per_referral as (
    select
        referral_id,
        instrument,
        any_value(pcn_code) as pcn_code,
        min(baseline_month) as baseline_month,
        bool_and(is_window_closed) as is_window_closed,
        bool_or(is_paired) as is_paired
    from pairs
    group by all
),

aggregated as (
    select
        baseline_month as month,
        pcn_code,
        instrument,
        count(*)::INTEGER as with_baseline,
        count(*) filter (where is_window_closed)::INTEGER as follow_up_due,
        count(*) filter (where is_window_closed and is_paired)::INTEGER as paired
    from per_referral
    group by all
)

select * from aggregated
