-- The referral pathway per referral month × PCN. Each step counts the accepted referrals that
-- reached it; a step is reached when it is recorded or a step that needs it is, because the
-- optional fields of an extract are often blank and a blank is "not recorded", not "did not
-- happen":
--   accepted: SNOMED 871731000000106 (a declined or other code stops the pathway);
--   contacted: a first contact date, or a plan agreed, support offered or taken up, or a
--     complete follow-up assessment (each needs a contact);
--   plan_agreed: the care-plan field recorded as agreed, or left blank where support was offered
--     (an offer follows the "what matters to you" plan); a recorded "no" stays no;
--   linked_to_activity: any support offered; took_up_activity: an offer taken up;
--   follow_up_recorded: a complete follow-up assessment with any instrument (it does not need an
--     activity taken up: people are reviewed whether or not they took one up).
with referrals as (
    select * from intermediate.int_referrals
),

stages as (
    select
        referral_month,
        pcn_code,
        is_accepted as accepted,
        is_accepted and (
            is_contacted or care_plan_agreed is true or is_linked_to_activity or has_taken_up_activity
            or has_follow_up
        ) as contacted,
        is_accepted and (
            care_plan_agreed is true or (care_plan_agreed is null and is_linked_to_activity)
        ) as plan_agreed,
        is_accepted and is_linked_to_activity as linked_to_activity,
        is_accepted and has_taken_up_activity as took_up_activity,
        is_accepted and has_follow_up as follow_up_recorded
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
