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
    select
        r.referral_month,
        r.pcn_code,
        i.instrument,
        coalesce(a.has_baseline, false) as has_baseline,
        coalesce(a.has_follow_up, false) as has_follow_up,
        coalesce(p.is_paired, false) as is_paired,
        coalesce(p.has_follow_up_without_baseline, false) as has_follow_up_without_baseline,
        a.referral_id is not null as is_assessed
    from referrals as r
    cross join instruments as i
    left join assessed as a on a.referral_id = r.referral_id and a.instrument = i.instrument
    left join paired as p on p.referral_id = r.referral_id and p.instrument = i.instrument
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        instrument,
        count(*)::INTEGER as engaged_referrals,
        count(*) filter (where has_baseline)::INTEGER as with_baseline,
        count(*) filter (where has_follow_up)::INTEGER as with_follow_up,
        count(*) filter (where is_paired)::INTEGER as paired,
        count(*) filter (where has_follow_up_without_baseline)::INTEGER as follow_up_without_baseline
    from per_referral
    group by all
    -- an instrument the PCN did not use for anyone referred that month
    having count(*) filter (where is_assessed) > 0
)

select * from aggregated
