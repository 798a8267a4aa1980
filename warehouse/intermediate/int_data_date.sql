-- The date the extracts run to: the latest event date recorded in them (referral, first contact,
-- episode end, support offered, assessment). "Still waiting" and "follow-up window closed" are
-- judged at this date, not at the day of the build, so a rebuild later does not age the data.
with events as (
    select max(greatest(referral_date, first_contact_date, episode_end_date)) as last_date
    from staging.stg_referrals
    union all
    select max(offered_date) from staging.stg_support_offered
    union all
    select max(assessment_date) from staging.stg_wellbeing_scores
)

select max(last_date)::DATE as data_date from events
