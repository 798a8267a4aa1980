-- Census 2021 usual residents per LSOA 2021 (England only) and broad ethnic group, one row each:
-- the denominators of access rates per 1,000 residents. Residents are where people live, not the
-- patients registered at a practice. The five groups add up to all usual residents in every LSOA
-- (checked in tests/warehouse/residents.test.ts); England's total is 56,490,108.
with source as (
    select * from raw.ref_census_ethnic_group
    where lsoa21_code like 'E01%'
),

unpivoted as (
    unpivot source
    on asian, black, mixed, white, other
    into name ethnic_group value residents
)

select
    lsoa21_code,
    lsoa21_name,
    ethnic_group,
    residents::INTEGER as residents,
    all_usual_residents::INTEGER as all_usual_residents
from unpivoted
