-- Which SNOMED CT code each referral carries, per referral month × PCN.
with referrals as (
    select * from intermediate.int_referrals
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        count(*)::INTEGER as referrals,
        count(*) filter (where snomed_status = 'accepted')::INTEGER as accepted_code,
        count(*) filter (where snomed_status = 'declined')::INTEGER as declined_code,
        count(*) filter (where snomed_status = 'other')::INTEGER as other_code
    from referrals
    group by all
)

select * from aggregated
