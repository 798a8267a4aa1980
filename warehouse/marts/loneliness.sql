-- Complete loneliness assessments per assessment month × PCN × instrument × stage × person
-- characteristics. lonely: UCLA3 total ≥ 6, ONS "often or always", DJG6 total 2–6;
-- severely_lonely: DJG6 total 5–6 (null for the other instruments).
with scores as (
    select * from staging.stg_wellbeing_scores
    where instrument in ('UCLA3', 'ONS_LONELINESS', 'DJG6') and score is not null
),

referrals as (
    select * from intermediate.int_referrals
),

aggregated as (
    select
        s.assessment_month as month,
        r.pcn_code,
        s.instrument,
        s.assessment_stage as stage,
        r.age_band,
        r.sex,
        r.imd_decile,
        count(*)::INTEGER as assessed,
        count(*) filter (where s.is_lonely)::INTEGER as lonely,
        case when any_value(s.instrument) = 'DJG6' then count(*) filter (where s.score >= 5) end::INTEGER
            as severely_lonely
    from scores as s
    inner join referrals as r on r.referral_id = s.referral_id
    group by all
)

select * from aggregated
