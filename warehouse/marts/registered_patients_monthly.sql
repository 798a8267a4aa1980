-- Registered patients per area per month: the denominator of a rate for the period it covers, not
-- today's list. Sub-ICB locations and the areas above them: NHS England's GPAD coverage (patients at
-- open practices, August 2020 on; summed over sub-ICBs it is England's published total), the last
-- month carried forward after it; before it, the sum of every practice's list size for the month's
-- financial year, closed practices included (in their estimated sub-ICB). PCNs: list sizes of the
-- PCN's practices for the financial year (int_registered_patients). area_code 'E' is England.
with pcn_patients as (
    select * from intermediate.int_registered_patients
),

pcns as (
    select * from intermediate.int_pcns
),

coverage as (
    select * from staging.stg_sub_icb_patients
),

sub_icbs as (
    select distinct sub_icb_code, icb_code, region_code from staging.stg_practices
),

coverage_months as (
    select min(month) as first_month, max(month) as last_month from coverage
),

list_size_sub_icbs as (
    select
        m.month,
        p.sub_icb_code,
        sum(m.registered_patients)::INTEGER as registered_patients,
        any_value(m.fiscal_year) as fiscal_year,
        bool_or(m.is_carried_forward) as is_carried_forward
    from pcn_patients as m
    inner join pcns as p on p.pcn_code = m.pcn_code
    group by m.month, p.sub_icb_code
),

sub_icb_months as (
    -- each month of the list sizes takes the coverage of that month, or of the last one published
    -- after it; months before the first coverage month keep the list sizes
    select
        l.month,
        l.sub_icb_code,
        coalesce(c.registered_patients, l.registered_patients) as registered_patients,
        case when c.month is null then 'list_sizes' else 'gpad_coverage' end as source,
        case when c.month is null then l.fiscal_year end as fiscal_year,
        case when c.month is null then l.is_carried_forward else c.month < l.month end as is_carried_forward
    from list_size_sub_icbs as l
    cross join coverage_months as cm
    left join coverage as c
        on c.sub_icb_code = l.sub_icb_code
        and c.month = least(l.month, cm.last_month)
        and l.month >= cm.first_month
),

placed as (
    select m.*, s.icb_code, s.region_code
    from sub_icb_months as m
    inner join sub_icbs as s on s.sub_icb_code = m.sub_icb_code
),

areas as (
    select
        month,
        'sub_icb' as area_type,
        sub_icb_code as area_code,
        registered_patients,
        source,
        fiscal_year,
        is_carried_forward
    from placed
    union all
    select month, 'icb', icb_code, sum(registered_patients), any_value(source), any_value(fiscal_year),
        bool_or(is_carried_forward)
    from placed
    group by month, icb_code
    union all
    select month, 'region', region_code, sum(registered_patients), any_value(source), any_value(fiscal_year),
        bool_or(is_carried_forward)
    from placed
    group by month, region_code
    union all
    select month, 'england', 'E', sum(registered_patients), any_value(source), any_value(fiscal_year),
        bool_or(is_carried_forward)
    from placed
    group by month
    union all
    select month, 'pcn', pcn_code, registered_patients, 'list_sizes', fiscal_year, is_carried_forward
    from pcn_patients
),

final as (
    select
        month,
        area_type,
        area_code,
        registered_patients::BIGINT::INTEGER as registered_patients,
        source,
        fiscal_year,
        is_carried_forward
    from areas
)

select * from final
