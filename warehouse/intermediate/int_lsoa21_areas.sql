-- Every English LSOA 2021 in a 2022 sub-ICB location, ICB and region, with its IMD 2019 decile.
-- LSOA 2021 → LSOA 2011 (ONS best fit) → CCG 2020 (ONS) → sub-ICB 2022 (the CCG's own code, or
-- staging.stg_ccg_sub_icb for the CCGs merged in 2021) → ICB and region (the practice map). A 2021
-- LSOA made of several 2011 ones takes the CCG of the first (by code): merged LSOAs lie within
-- one local authority and, so far as the lookups show, one CCG. The decile is int_lsoa_imd's.
with lookup as (
    select * from staging.stg_lsoa_2011_2021
),

lsoa_ccg as (
    select * from staging.stg_lsoa_ccg
),

merged as (
    select * from staging.stg_ccg_sub_icb
),

sub_icbs as (
    select distinct sub_icb_code, sub_icb_name, icb_code, icb_name, region_code, region_name
    from staging.stg_practices
),

imd as (
    select * from intermediate.int_lsoa_imd
),

lsoa21_ccg as (
    select l.lsoa21_code, arg_min(c.ccg20_code, l.lsoa11_code) as ccg_code
    from lookup as l
    inner join lsoa_ccg as c on c.lsoa11_code = l.lsoa11_code
    group by l.lsoa21_code
)

select
    l.lsoa21_code,
    l.ccg_code,
    s.sub_icb_code,
    s.sub_icb_name,
    s.icb_code,
    s.icb_name,
    s.region_code,
    s.region_name,
    i.imd_decile
from lsoa21_ccg as l
left join merged as m on m.ccg_code = l.ccg_code
left join sub_icbs as s on s.sub_icb_code = coalesce(m.sub_icb_code, l.ccg_code)
left join imd as i on i.lsoa_code = l.lsoa21_code
