-- A referral can give several reasons: it is counted once under each.
with referrals as (
    select * from intermediate.int_referrals
),

reasons as (
    select referral_month, pcn_code, unnest(referral_reasons) as referral_reason
    from referrals
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        referral_reason,
        count(*)::INTEGER as referrals
    from reasons
    group by all
)

select * from aggregated
