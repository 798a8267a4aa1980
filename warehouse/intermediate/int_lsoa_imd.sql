-- The IMD 2019 decile of every LSOA code a referral may carry. IMD 2019 is published for LSOA 2011.
-- An LSOA 2011 has its own decile. An LSOA 2021 (a code that is not a 2011 one) takes it from its
-- 2011 parents in the ONS lookup: one parent (unchanged, or a child of a split) gives its decile;
-- several (merged, or irregular) give the decile of the mean of their IMD ranks, rounded down (ranks
-- weighted equally: LSOA 2011 populations are not in the reference data, and merged LSOAs were
-- small by design). The decile of a rank is the one whose published ranks span it.
with imd as (
    select * from staging.stg_imd
),

lookup as (
    select * from staging.stg_lsoa_2011_2021
),

decile_ranks as (
    select imd_decile, min(imd_rank) as first_rank, max(imd_rank) as last_rank
    from imd
    group by imd_decile
),

lsoa_2011 as (
    select lsoa_code, '2011' as lsoa_vintage, imd_decile, 1 as imd_parents
    from imd
),

lsoa_2021_parents as (
    select
        l.lsoa21_code as lsoa_code,
        floor(avg(i.imd_rank))::INTEGER as imd_rank,
        count(*)::INTEGER as imd_parents
    from lookup as l
    inner join imd as i on i.lsoa_code = l.lsoa11_code
    -- an unchanged LSOA keeps its code: it is already a 2011 LSOA
    where l.lsoa21_code not in (select lsoa_code from imd)
    group by l.lsoa21_code
),

lsoa_2021 as (
    select p.lsoa_code, '2021' as lsoa_vintage, d.imd_decile, p.imd_parents
    from lsoa_2021_parents as p
    inner join decile_ranks as d on p.imd_rank between d.first_rank and d.last_rank
)

select * from lsoa_2011
union all by name
select * from lsoa_2021
