-- Distinct people referred (person pseudonyms) and referral episodes, per month and per financial
-- year (April to March), at each area level: a person referred twice, or in two PCNs, is one
-- person. Distinct counts do not add up across months or areas, so every level and period a page
-- shows is counted here, in DuckDB, rather than summed from smaller ones. England includes
-- referrals from practices not in the practice mapping; the other levels do not.
with referrals as (
    select
        *,
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

counted as (
    select
        period_type,
        period_start,
        case
            when grouping(pcn_code) = 0 then 'PCN'
            when grouping(sub_icb_code) = 0 then 'SICBL'
            when grouping(icb_code) = 0 then 'ICB'
            when grouping(region_code) = 0 then 'REGION'
            else 'E'
        end as area_level,
        case
            when grouping(pcn_code) = 0 then pcn_code
            when grouping(sub_icb_code) = 0 then sub_icb_code
            when grouping(icb_code) = 0 then icb_code
            when grouping(region_code) = 0 then region_code
            else 'E'
        end as area_code,
        count(distinct person_pseudonym)::INTEGER as people,
        count(*)::INTEGER as referrals
    from periods
    group by grouping sets (
        (period_type, period_start, pcn_code),
        (period_type, period_start, sub_icb_code),
        (period_type, period_start, icb_code),
        (period_type, period_start, region_code),
        (period_type, period_start)
    )
)

select * from counted
-- a PCN, sub-ICB, ICB or region that is not known (a practice outside the mapping) is no area
where area_level = 'E' or area_code is not null
