-- Workforce per month for every area at every level (E, REGION, ICB, SICBL, PCN: the dashboard's
-- area levels, placed by marts.areas), per staff role and source, each level counted on its own:
-- - nhsd: headcount is the number of distinct staff (UNIQUE_IDENTIFIER) in the area, as NHS
--   Digital counts it; a person working in two PCNs of an ICB is one in the ICB. Contracted-services
--   records have FTE but no headcount. FTE adds up across levels.
-- - local: returns give a headcount per PCN with no identifiers, so an area's headcount is the sum
--   of its PCNs' (a person in two PCNs counts twice).
-- pcns_reporting: PCNs in the month's census (nhsd) or with a local return (local), any role.
-- pcns_with_staff: PCNs with more than 0 FTE in the role (a PCN returning 0 FTE has none).
-- is_latest_source: the source the dashboard shows for the month and area: local returns where the
-- area has any for the month, NHS Digital's census otherwise.
with records as (
    select * from staging.stg_workforce_records
),

local_returns as (
    select * from staging.stg_workforce
    where source = 'local'
),

areas as (
    select * from marts.areas
),

levels as (
    select * from (values ('E', 1), ('REGION', 2), ('ICB', 3), ('SICBL', 4), ('PCN', 5)) as l (area_level, depth)
),

-- one row per PCN and level with the PCN's area at that level
pcn_areas as (
    select
        a.pcn_code,
        l.area_level,
        case l.area_level
            when 'E' then 'E'
            when 'REGION' then a.region_code
            when 'ICB' then a.icb_code
            when 'SICBL' then a.sub_icb_code
            else a.pcn_code
        end as area_code
    from areas as a
    cross join levels as l
),

nhsd as (
    select
        r.month,
        p.area_level,
        p.area_code,
        r.staff_role,
        'nhsd' as source,
        count(distinct r.staff_id)::INTEGER as headcount,
        coalesce(sum(r.fte), 0)::DECIMAL(38, 9) as fte
    from records as r
    inner join pcn_areas as p on p.pcn_code = r.pcn_code
    where p.area_code is not null
    group by all
),

nhsd_pcns as (
    select month, pcn_code, staff_role, sum(fte) as fte from records group by all
),

local_pcns as (
    select month, pcn_code, staff_role, fte from local_returns
),

pcn_staff as (
    select *, 'nhsd' as source from nhsd_pcns
    union all by name
    select *, 'local' as source from local_pcns
),

reporting as (
    select
        s.month,
        s.source,
        p.area_level,
        p.area_code,
        count(distinct s.pcn_code)::INTEGER as pcns_reporting
    from pcn_staff as s
    inner join pcn_areas as p on p.pcn_code = s.pcn_code
    where p.area_code is not null
    group by all
),

with_staff as (
    select
        s.month,
        s.source,
        s.staff_role,
        p.area_level,
        p.area_code,
        count(distinct s.pcn_code) filter (where s.fte > 0)::INTEGER as pcns_with_staff
    from pcn_staff as s
    inner join pcn_areas as p on p.pcn_code = s.pcn_code
    where p.area_code is not null
    group by all
),

local_by_area as (
    select
        l.month,
        p.area_level,
        p.area_code,
        l.staff_role,
        'local' as source,
        sum(l.headcount)::INTEGER as headcount,
        sum(l.fte)::DECIMAL(38, 9) as fte
    from local_returns as l
    inner join pcn_areas as p on p.pcn_code = l.pcn_code
    where p.area_code is not null
    group by all
),

unioned as (
    select * from nhsd
    union all by name
    select * from local_by_area
),

joined as (
    select
        u.month,
        u.area_level,
        u.area_code,
        u.staff_role,
        u.source,
        u.headcount,
        u.fte,
        r.pcns_reporting,
        coalesce(w.pcns_with_staff, 0)::INTEGER as pcns_with_staff,
        u.source = 'local' or not exists (
            select 1 from local_by_area as l
            where l.month = u.month and l.area_level = u.area_level and l.area_code = u.area_code
        ) as is_latest_source
    from unioned as u
    inner join reporting as r
        on r.month = u.month and r.source = u.source and r.area_level = u.area_level and r.area_code = u.area_code
    left join with_staff as w
        on w.month = u.month and w.source = u.source and w.staff_role = u.staff_role
        and w.area_level = u.area_level and w.area_code = u.area_code
)

select * from joined
