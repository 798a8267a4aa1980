-- One row per referral episode: the latest delivery of each referral_id wins (an episode is
-- re-sent in a later monthly delivery when it is updated); `deliveries` keeps how many times it came.
with source as (
    select * from raw.referrals
),

ranked as (
    select
        *,
        count(distinct load_id) over (partition by referral_id) as deliveries,
        row_number() over (partition by referral_id order by load_id desc, source_row desc) as recency
    from source
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
    where recency = 1
)

select * from renamed
