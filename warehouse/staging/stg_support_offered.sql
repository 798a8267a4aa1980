-- One row per offer of support; like referrals, an offer re-sent in a later delivery is kept
-- from the latest one.
with source as (
    select * from raw.support_offered
),

ranked as (
    select
        *,
        row_number() over (partition by support_id order by load_id desc, source_row desc) as recency
    from source
),

renamed as (
    select
        support_id,
        referral_id,
        lower(trim(activity_category)) as activity_category,
        lower(trim(provider_type)) as provider_type,
        offered_date,
        date_trunc('month', offered_date)::DATE as offered_month,
        taken_up as is_taken_up,
        load_id
    from ranked
    where recency = 1
)

select * from renamed
