-- Each stage counts the referrals that reached it AND every stage before it, so the funnel only
-- narrows: accepted (SNOMED 871731000000106), contacted (a first contact date), plan agreed,
-- linked to an activity (any support offered), took up an activity, follow-up recorded (a
-- complete follow-up assessment with any instrument).
with referrals as (
    select * from intermediate.int_referrals
),

stages as (
    select
        referral_month,
        pcn_code,
        is_accepted as accepted,
        is_accepted and is_contacted as contacted,
        is_accepted and is_contacted and has_care_plan as plan_agreed,
        is_accepted and is_contacted and has_care_plan and is_linked_to_activity as linked_to_activity,
        is_accepted and is_contacted and has_care_plan and is_linked_to_activity and has_taken_up_activity
            as took_up_activity,
        is_accepted and is_contacted and has_care_plan and is_linked_to_activity and has_taken_up_activity
            and has_follow_up as follow_up_recorded
    from referrals
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        count(*)::INTEGER as referred,
        count(*) filter (where accepted)::INTEGER as accepted,
        count(*) filter (where contacted)::INTEGER as contacted,
        count(*) filter (where plan_agreed)::INTEGER as plan_agreed,
        count(*) filter (where linked_to_activity)::INTEGER as linked_to_activity,
        count(*) filter (where took_up_activity)::INTEGER as took_up_activity,
        count(*) filter (where follow_up_recorded)::INTEGER as follow_up_recorded
    from stages
    group by all
)

select * from aggregated
