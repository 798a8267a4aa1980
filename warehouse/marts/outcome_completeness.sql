-- Per referral month × PCN × instrument: engaged referrals (contacted, or with any assessment),
-- and how many of them have a complete baseline, a complete follow-up, and a before/after pair
-- (on any of the instrument's measures). Instruments a PCN never used in a month have no row.
with referrals as (
    select * from intermediate.int_referrals
    where is_contacted or referral_id in (select referral_id from staging.stg_wellbeing_scores)
),

instruments as (
    select distinct instrument from staging.stg_instrument_measures
),

assessed as (
    select
        referral_id,
        instrument,
        bool_or(assessment_stage = 'baseline' and is_complete) as has_baseline,
        bool_or(assessment_stage = 'follow_up' and is_complete) as has_follow_up
    from staging.stg_wellbeing_scores
    group by all
),

paired as (
    select
        referral_id,
        instrument,
        bool_or(is_paired) as is_paired,
        bool_or(has_follow_up_without_baseline) as has_follow_up_without_baseline
    from intermediate.int_outcome_pairs
    group by all
),

per_referral as (
    -- only the referral × instrument pairs with an assessment: a group of the result needs one
    -- (the having clause this replaces), and the others count towards engaged referrals alone
    select
        r.referral_month,
        r.pcn_code,
        a.instrument,
        a.has_baseline,
        a.has_follow_up,
        coalesce(p.is_paired, false) as is_paired,
        coalesce(p.has_follow_up_without_baseline, false) as has_follow_up_without_baseline
    from referrals as r
    inner join assessed as a on a.referral_id = r.referral_id
    left join paired as p on p.referral_id = a.referral_id and p.instrument = a.instrument
    where a.instrument in (select instrument from instruments)
),

engaged as (
    select referral_month, pcn_code, count(*) as engaged_referrals
    from referrals
    group by all
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        instrument,
        count(*) filter (where has_baseline)::INTEGER as with_baseline,
        count(*) filter (where has_follow_up)::INTEGER as with_follow_up,
        count(*) filter (where is_paired)::INTEGER as paired,
        count(*) filter (where has_follow_up_without_baseline)::INTEGER as follow_up_without_baseline
    from per_referral
    group by all
),

joined as (
    select
        a.month,
        a.pcn_code,
        a.instrument,
        e.engaged_referrals::INTEGER as engaged_referrals,
        a.with_baseline,
        a.with_follow_up,
        a.paired,
        a.follow_up_without_baseline
    from aggregated as a
    inner join engaged as e
        on e.referral_month is not distinct from a.month and e.pcn_code is not distinct from a.pcn_code
)

select * from joined
