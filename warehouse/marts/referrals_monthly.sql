with referrals as (
    select * from intermediate.int_referrals
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        sub_icb_code,
        icb_code,
        region_code,
        referral_route,
        snomed_status,
        age_band,
        sex,
        ethnic_group,
        imd_decile,
        count(*)::INTEGER as referrals
    from referrals
    group by all
)

select * from aggregated
