-- Follow-up assessments with no complete baseline before them: they cannot be paired, so they
-- are counted here (per month of the first such follow-up × PCN × instrument × measure).
with pairs as (
    select * from intermediate.int_outcome_pairs
    where has_follow_up_without_baseline
),

aggregated as (
    select
        date_trunc('month', first_unpaired_follow_up_date)::DATE as month,
        pcn_code,
        instrument,
        measure,
        count(*)::INTEGER as referrals
    from pairs
    group by all
)

select * from aggregated
