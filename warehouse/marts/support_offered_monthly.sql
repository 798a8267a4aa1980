-- Offers of support by the month they were made, at the PCN of the referral.
with support as (
    select * from staging.stg_support_offered
),

referrals as (
    select * from intermediate.int_referrals
),

aggregated as (
    select
        s.offered_month as month,
        r.pcn_code,
        s.activity_category,
        s.provider_type,
        count(*)::INTEGER as offered,
        count(*) filter (where s.is_taken_up)::INTEGER as taken_up
    from support as s
    -- an offer for a referral we do not have cannot be placed in a PCN
    inner join referrals as r on r.referral_id = s.referral_id
    group by all
)

select * from aggregated
