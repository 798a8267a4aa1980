-- Census 2021 usual residents per area (England 'E', region, ICB, sub-ICB location) × IMD 2019
-- decile × broad ethnic group: the denominators of access rates per 1,000 residents. Residents
-- are placed by where they live (intermediate.int_lsoa21_areas), so an area's residents are not
-- its registered patients. No PCN level: PCNs have no residential boundary.
with residents as (
    select r.lsoa21_code, r.ethnic_group, r.residents, a.sub_icb_code, a.icb_code, a.region_code, a.imd_decile
    from staging.stg_census_residents as r
    left join intermediate.int_lsoa21_areas as a on a.lsoa21_code = r.lsoa21_code
),

by_level as (
    select 'E' as area_level, 'E' as area_code, imd_decile, ethnic_group, residents from residents
    union all
    select 'REGION', region_code, imd_decile, ethnic_group, residents from residents
    union all
    select 'ICB', icb_code, imd_decile, ethnic_group, residents from residents
    union all
    select 'SICBL', sub_icb_code, imd_decile, ethnic_group, residents from residents
)

select area_level, area_code, imd_decile, ethnic_group, sum(residents)::BIGINT as residents
from by_level
group by all
