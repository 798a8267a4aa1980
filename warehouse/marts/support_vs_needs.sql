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

met as (
    select
        n.referral_id,
        n.need,
        count(s.support_id) > 0 as is_linked,
        bool_or(s.is_taken_up is true) as is_taken_up
    from needs as n
    inner join matches as m on m.need = n.need
    inner join support as s on s.referral_id = n.referral_id and s.activity_category = m.activity_category
    group by all
),

aggregated as (
    select
        n.referral_month as month,
        n.pcn_code,
        n.need,
        count(*)::INTEGER as referrals,
        count(*) filter (where met.is_linked)::INTEGER as linked_to_matching_activity,
        count(*) filter (where met.is_taken_up)::INTEGER as took_up_matching_activity
    from needs as n
    left join met on met.referral_id = n.referral_id and met.need = n.need
    group by all
)

select * from aggregated
