-- One row per referral episode: the latest delivery of each referral_id wins (an episode is
-- re-sent in a later monthly delivery when it is updated); `deliveries` keeps how many times it came.
with source as not materialized (
    select * from raw.referrals
),

redelivered as (
    -- the few referral_ids that came more than once: the row that wins and how many deliveries
    -- (a window over every referral cost seconds at 1 M rows for the handful re-sent)
    select
        referral_id,
        count(distinct load_id) as deliveries,
        max({'load_id': load_id, 'source_row': source_row}) as latest,
        true as is_redelivered
    from source
    where referral_id in (select referral_id from source group by referral_id having count(*) > 1)
    group by referral_id
),

ranked as (
    select s.*, coalesce(d.deliveries, 1) as deliveries
    from source as s
    left join redelivered as d on d.referral_id is not distinct from s.referral_id
    where d.is_redelivered is null or d.latest = {'load_id': s.load_id, 'source_row': s.source_row}
),

renamed as (
    select
        referral_id,
        person_pseudonym,
        upper(trim(gp_practice_code)) as practice_code,
        referral_date,
        date_trunc('month', referral_date)::DATE as referral_month,
        lower(trim(referral_route)) as referral_route,
        list_distinct(list_transform(string_split(referral_reasons, ';'), lambda r: lower(trim(r))))
            as referral_reasons,
        snomed_code,
        case snomed_code
            when '871731000000106' then 'accepted'
            when '871711000000103' then 'declined'
            else 'other'
        end as snomed_status,
        snomed_code = '871731000000106' as is_accepted,
        first_contact_date,
        (first_contact_date - referral_date)::INTEGER as days_to_first_contact,
        care_plan_agreed as has_care_plan,
        episode_end_date,
        lower(trim(episode_outcome)) as episode_outcome,
        contact_count::INTEGER as contact_count,
        age_band,
        lower(trim(sex)) as sex,
        lower(trim(ethnic_group)) as ethnic_group,
        upper(trim(lsoa_code)) as lsoa_code,
        deliveries::INTEGER as deliveries,
        load_id
    from ranked
)

select * from renamed
