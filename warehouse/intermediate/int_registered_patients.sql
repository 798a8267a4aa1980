-- Registered patients per PCN per month: each practice's list size for the financial year the
-- month falls in, summed over the PCN's practices: today's (the Oct 2025 mapping: earlier PCN
-- memberships are not published with the list sizes), and practices closed since in their
-- pseudo-PCN (int_closed_practices), so that every practice with a list size that year counts once
-- and England's total is the published one. Months after the latest published year carry that year
-- forward (is_carried_forward) up to the current month.
with list_sizes as (
    select * from staging.stg_list_sizes
),

practices as (
    select practice_code, pcn_code from staging.stg_practices
    union all
    select practice_code, pcn_code from intermediate.int_closed_practices
),

pcn_years as (
    select
        p.pcn_code,
        l.fiscal_year,
        l.fiscal_year_start,
        l.fiscal_year_start_date,
        sum(l.registered_patients)::INTEGER as registered_patients,
        count(*)::INTEGER as practices_with_list_size
    from list_sizes as l
    inner join practices as p on p.practice_code = l.practice_code
    group by all
),

latest as (
    select max(fiscal_year_start) as fiscal_year_start from pcn_years
),

months as (
    select
        month::DATE as month,
        (year(month) - case when month(month) < 4 then 1 else 0 end)::INTEGER as fiscal_year_start
    from range(
        (select min(fiscal_year_start_date) from pcn_years)::TIMESTAMP,
        date_trunc('month', current_date)::TIMESTAMP + interval 1 month,
        interval 1 month
    ) as t (month)
),

monthly as (
    select
        m.month,
        y.pcn_code,
        y.fiscal_year,
        y.registered_patients,
        y.practices_with_list_size,
        m.fiscal_year_start > y.fiscal_year_start as is_carried_forward
    from months as m
    cross join latest
    inner join pcn_years as y
        on y.fiscal_year_start = least(m.fiscal_year_start, latest.fiscal_year_start)
)

select * from monthly
