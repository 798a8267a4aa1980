-- Workforce per PCN per month, from the NHS Digital PCN workforce file (stg_workforce_records) and
-- from services' own local returns, side by side (source 'nhsd' or 'local').
-- NHS Digital's headcount is the number of distinct staff (UNIQUE_IDENTIFIER) in the PCN, not of
-- staff records: contracted-services records (no identifier) add FTE but no headcount. A person
-- in two PCNs counts in each, so PCN headcounts do not add up to an ICB's or England's
-- (the workforce_areas_monthly mart counts each level on its own).
-- FTE is summed as DECIMAL(38, 9): NHS Digital publishes FTE to 9 decimal places, so the sums
-- are exact and do not depend on the order DuckDB adds them in.
with nhsd as (
    select * from staging.stg_workforce_records
),

local_returns as (
    select * from raw.workforce_local
),

nhsd_by_role as (
    select
        month,
        pcn_code,
        staff_role,
        count(distinct staff_id)::INTEGER as headcount,
        coalesce(sum(fte), 0)::DECIMAL(38, 9) as fte,
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
