-- Offers of support and assessments whose referral never arrived in any referrals delivery: they
-- have no practice, so no PCN, and drop out of every pathway and outcome. Counted here per extract
-- × month of the row's own date, so a missing or late referrals file shows as a spike.
with referrals as (
    select referral_id from staging.stg_referrals
),

support as (
    select
        'support_offered' as extract_id,
        s.offered_month as month,
        count(*)::INTEGER as rows_without_referral
    from staging.stg_support_offered as s
    -- not exists rather than an anti join: DuckDB then hashes the offers of the months built (the
    -- build by month), not every referral (half the time at 5 M)
    where not exists (select 1 from referrals as r where r.referral_id = s.referral_id)
    group by all
),

scores as (
    select
        'wellbeing_scores' as extract_id,
        w.assessment_month as month,
        count(*)::INTEGER as rows_without_referral
    from staging.stg_wellbeing_scores as w
    where not exists (select 1 from referrals as r where r.referral_id = w.referral_id)
    group by all
)

select * from support
union all
select * from scores
