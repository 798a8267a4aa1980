-- NHS Digital's PCN workforce file, one row per staff record per PCN per census month, renamed and
-- cast. staff_id is UNIQUE_IDENTIFIER: one person in one census, the same across the PCNs they
-- work in. Records without one are contracted services (Data_source "NWRS contracted services"):
-- NHS Digital counts their FTE but not their headcount, as no person is identified.
with source as (
    select * from raw.workforce_nhsd
),

renamed as (
    select
        make_date(census_year, census_month, 1) as month,
        upper(pcn_code) as pcn_code,
        case staff_role
            when 'Social Prescribing Link Workers' then 'social_prescribing_link_worker'
            when 'Health and Wellbeing Coaches' then 'health_and_wellbeing_coach'
            when 'Care Coordinators' then 'care_coordinator'
            else 'other'
        end as staff_role,
        nullif(trim(unique_identifier), '') as staff_id,
        nullif(trim(unique_identifier), '') is null as is_contracted_service,
        fte::DECIMAL(18, 9) as fte
    from source
)

select * from renamed
