-- Days from referral to first contact, in bands, for accepted referrals with a first contact
-- (by referral month). The median band is the band where the cumulative count passes half.
with referrals as (
    select * from intermediate.int_referrals
    where is_accepted and is_contacted
),

banded as (
    select
        referral_month,
        pcn_code,
        case
            when days_to_first_contact <= 7 then '0-7'
            when days_to_first_contact <= 14 then '8-14'
            when days_to_first_contact <= 28 then '15-28'
            when days_to_first_contact <= 56 then '29-56'
            else '57+'
        end as wait_band,
        case
            when days_to_first_contact <= 7 then 1
            when days_to_first_contact <= 14 then 2
            when days_to_first_contact <= 28 then 3
            when days_to_first_contact <= 56 then 4
            else 5
        end as wait_band_order
    from referrals
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        wait_band,
        wait_band_order::INTEGER as wait_band_order,
        count(*)::INTEGER as referrals
    from banded
    group by all
)

select * from aggregated
