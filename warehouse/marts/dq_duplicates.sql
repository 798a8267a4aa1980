-- Referrals delivered in more than one load (an episode updated in a later delivery), per
-- referral month × PCN; the latest delivery is the one the warehouse keeps.
with referrals as (
    select * from intermediate.int_referrals
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        count(*)::INTEGER as referrals,
        count(*) filter (where deliveries > 1)::INTEGER as delivered_more_than_once,
        sum(deliveries - 1)::INTEGER as extra_deliveries
    from referrals
    group by all
)

select * from aggregated
