-- Per referral month × PCN × need (a referral reason): referrals stating the need, how many of
-- them were linked to an activity in a matching category (staging.stg_need_activity_categories),
-- and how many took such an activity up.
with referrals as (
    select * from intermediate.int_referrals
),

needs as (
    select referral_id, referral_month, pcn_code, unnest(referral_reasons) as need
    from referrals
),

support as (
    select * from staging.stg_support_offered
),

matches as (
    select * from staging.stg_need_activity_categories
),

-- each need of each referral once (stg_referrals keeps a referral's reasons distinct), whether it
-- was linked to an offer in a matching category and whether one was taken up. One pass from the
-- needs, so a filter on the month (the build by month) reaches the int_referrals scan.
met as (
    select
        n.referral_month,
        n.pcn_code,
        n.need,
        n.referral_id,
        count(s.support_id) > 0 as is_linked,
        coalesce(bool_or(s.is_taken_up is true), false) as is_taken_up
    from needs as n
    left join matches as m on m.need = n.need
    left join support as s on s.referral_id = n.referral_id and s.activity_category = m.activity_category
    group by all
),

aggregated as (
    select
        referral_month as month,
        pcn_code,
        need,
        count(*)::INTEGER as referrals,
        count(*) filter (where is_linked)::INTEGER as linked_to_matching_activity,
        count(*) filter (where is_taken_up)::INTEGER as took_up_matching_activity
    from met
    group by all
)

select * from aggregated
