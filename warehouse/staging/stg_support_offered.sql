-- One row per offer of support; like referrals, an offer re-sent in a later delivery is kept
-- from the latest one.
with source as not materialized (
    select * from raw.support_offered
),

redelivered as (
    -- only the few offers sent more than once need choosing between (cheaper than a window over all)
    select support_id, max({'load_id': load_id, 'source_row': source_row}) as latest, true as is_redelivered
    from source
    where support_id in (select support_id from source group by support_id having count(*) > 1)
    group by support_id
),

ranked as (
    select s.*
    from source as s
    left join redelivered as d on d.support_id is not distinct from s.support_id
    where d.is_redelivered is null or d.latest = {'load_id': s.load_id, 'source_row': s.source_row}
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
)

select * from renamed
