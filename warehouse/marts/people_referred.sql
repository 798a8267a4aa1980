-- Distinct people referred (person pseudonyms) and referral episodes, per month and per financial
-- year (April to March), at each area level: a person referred twice, or in two PCNs, is one
-- person. Distinct counts do not add up across months or areas, so every level and period a page
-- shows is counted here, in DuckDB, rather than summed from smaller ones. England includes
-- referrals from practices not in the practice mapping; the other levels do not.
with referrals as (
    -- only the columns counted: every row is here twice (month and financial year), and the
    -- distinct counts' hash tables carry what the rows carry (out of memory at 1 M under 150 MB
    -- with every column of int_referrals)
    select
        referral_month,
        person_pseudonym,
        pcn_code,
        sub_icb_code,
        icb_code,
        region_code,
        make_date(
            (year(referral_date) - case when month(referral_date) < 4 then 1 else 0 end)::INTEGER, 4, 1
        ) as financial_year_start
    from intermediate.int_referrals
),

periods as (
    select 'month' as period_type, referral_month as period_start, * exclude (financial_year_start)
    from referrals
    union all
    select 'financial_year' as period_type, financial_year_start as period_start, * exclude (financial_year_start)
    from referrals
),

by_area as (
    -- each row once per area level it counts in (England, region, ICB, sub-ICB, PCN)
    select
        period_type,
        period_start,
        person_pseudonym,
        unnest([
            {'area_level': 'PCN', 'area_code': pcn_code},
            {'area_level': 'SICBL', 'area_code': sub_icb_code},
            {'area_level': 'ICB', 'area_code': icb_code},
            {'area_level': 'REGION', 'area_code': region_code},
            {'area_level': 'E', 'area_code': 'E'}
        ], recursive := true)
    from periods
),

per_person as (
    -- distinct people as a plain GROUP BY, then counted: DuckDB spills it to disk beyond its memory
    -- limit, where count(distinct) over grouping sets ran out (1 M referrals under 150 MB)
    select period_type, period_start, area_level, area_code, person_pseudonym, count(*) as referrals
    from by_area
    -- a PCN, sub-ICB, ICB or region that is not known (a practice outside the mapping) is no area
    where area_level = 'E' or area_code is not null
    group by all
),

counted as (
    select
        period_type,
        period_start,
        area_level,
        area_code,
        count(person_pseudonym)::INTEGER as people,
        sum(referrals)::INTEGER as referrals
    from per_person
    group by all
)

select * from counted
