-- One row per referral with its place (practice → PCN → sub-ICB → ICB → region; a practice closed
-- since the October 2025 mapping → its pseudo-PCN in int_closed_practices), deprivation decile of
-- its LSOA (2011, or 2021 through int_lsoa_imd), and how far it got: first contact, plan, support
-- offered and taken up, follow-up assessment.
with referrals as (
    select * from staging.stg_referrals
),

practices as (
    select practice_code, pcn_code from staging.stg_practices
    union all
    select practice_code, pcn_code from intermediate.int_closed_practices
),

pcns as (
    select * from intermediate.int_pcns
),

imd as (
    select * from intermediate.int_lsoa_imd
),

support as (
    select
        referral_id,
        count(*)::INTEGER as support_offers,
        bool_or(is_taken_up is true) as has_taken_up_activity,
        min(offered_date) as first_offered_date
    from staging.stg_support_offered
    group by referral_id
),

assessments as (
    select
        referral_id,
        bool_or(assessment_stage = 'baseline' and is_complete) as has_baseline,
        bool_or(assessment_stage = 'follow_up' and is_complete) as has_follow_up
    from staging.stg_wellbeing_scores
    group by referral_id
),

joined as (
    select
        r.referral_id,
        r.person_pseudonym,
        r.practice_code,
        p.pcn_code,
        pcns.sub_icb_code,
        pcns.icb_code,
        pcns.region_code,
        r.referral_date,
        r.referral_month,
        r.referral_route,
        r.referral_reasons,
        r.snomed_code,
        r.snomed_status,
        r.is_accepted,
        r.first_contact_date,
        r.days_to_first_contact,
        r.first_contact_date is not null as is_contacted,
        -- care_plan_agreed is optional: null is "not recorded", not "no plan" (the funnel reads
        -- later steps for it); has_care_plan is true only for a recorded agreed plan
        r.has_care_plan as care_plan_agreed,
        coalesce(r.has_care_plan, false) as has_care_plan,
        r.episode_end_date,
        r.episode_outcome,
        r.contact_count,
        r.age_band,
        r.sex,
        r.ethnic_group,
        r.lsoa_code,
        imd.imd_decile,
        coalesce(s.support_offers, 0) as support_offers,
        s.support_offers is not null as is_linked_to_activity,
        coalesce(s.has_taken_up_activity, false) as has_taken_up_activity,
        s.first_offered_date,
        coalesce(a.has_baseline, false) as has_baseline,
        coalesce(a.has_follow_up, false) as has_follow_up,
        r.deliveries
    from referrals as r
    left join practices as p on p.practice_code = r.practice_code
    left join pcns on pcns.pcn_code = p.pcn_code
    left join imd on imd.lsoa_code = r.lsoa_code
    left join support as s on s.referral_id = r.referral_id
    left join assessments as a on a.referral_id = r.referral_id
)

select * from joined
