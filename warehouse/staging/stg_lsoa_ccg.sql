-- ONS lookup LSOA 2011 → CCG (April 2020, ODS code), England.
with source as (
    select * from raw.ref_lsoa_ccg
)

select
    lsoa11_code,
    ccg20_code,
    ccg20_name
from source
