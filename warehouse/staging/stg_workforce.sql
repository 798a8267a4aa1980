-- Workforce per PCN per month, from the NHS Digital PCN workforce file (one row per staff record)
-- and from services' own local returns, side by side (source 'nhsd' or 'local').
-- FTE is summed as DECIMAL(38, 9): NHS Digital publishes FTE to 9 decimal places, so the sums
-- are exact and do not depend on the order DuckDB adds them in.
with nhsd as (
    select * from raw.workforce_nhsd
),

local_returns as (
    select * from raw.workforce_local
),

nhsd_by_role as (
    select
        make_date(census_year, census_month, 1) as month,
        upper(pcn_code) as pcn_code,
        case staff_role
            when 'Social Prescribing Link Workers' then 'social_prescribing_link_worker'
            when 'Health and Wellbeing Coaches' then 'health_and_wellbeing_coach'
            when 'Care Coordinators' then 'care_coordinator'
            else 'other'
        end as staff_role,
        -- headcount is the number of staff records, as NHS Digital counts it
        count(*)::INTEGER as headcount,
        coalesce(sum(fte::DECIMAL(18, 9)), 0)::DECIMAL(38, 9) as fte,
        'nhsd' as source
    from nhsd
    group by all
),

local_by_role as (
    select
        month,
        upper(pcn_code) as pcn_code,
        lower(staff_role) as staff_role,
        sum(headcount)::INTEGER as headcount,
        sum(fte::DECIMAL(18, 9))::DECIMAL(38, 9) as fte,
        'local' as source
    from local_returns
    group by all
),

unioned as (
    select * from nhsd_by_role
    union all by name
    select * from local_by_role
)

select month, pcn_code, staff_role, headcount, fte, source from unioned
