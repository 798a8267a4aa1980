-- GP practices with a list size in some financial year (NHS Digital, HEEC compilation) that are not
-- in the October 2025 mapping: closed, or merged into another practice, since. No earlier practice
-- mapping is in the reference data, so each is placed in an estimated sub-ICB: the one holding most
-- of today's practices whose code shares its first three characters (ODS issued practice codes by
-- area; on today's practices the rule gives the right sub-ICB for 82 % and the right ICB for 93 %),
-- else its first character. A sub-ICB's closed practices form one pseudo-PCN, `X` + the sub-ICB's
-- ODS code (never a real PCN code, which is U + five digits), which is not current.
with list_sizes as (
    select * from staging.stg_list_sizes
),

practices as (
    select * from staging.stg_practices
),

closed as (
    select
        practice_code,
        min(fiscal_year_start)::INTEGER as first_fiscal_year_start,
        max(fiscal_year_start)::INTEGER as last_fiscal_year_start
    from list_sizes
    where practice_code not in (select practice_code from practices)
    group by practice_code
),

practices_by_prefix as (
    select prefix, sub_icb_code, sub_icb_name, icb_code, icb_name, region_code, region_name, count(*) as practices
    from (
        select left(practice_code, 3) as prefix, * from practices
        union all
        select left(practice_code, 1) as prefix, * from practices
    )
    group by all
),

by_prefix as (
    select * exclude (practices)
    from practices_by_prefix
    -- ties broken by code so the choice is stable
    qualify row_number() over (partition by prefix order by practices desc, sub_icb_code) = 1
),

closed_with_prefix as (
    select
        *,
        case
            when left(practice_code, 3) in (select prefix from by_prefix) then left(practice_code, 3)
            else left(practice_code, 1)
        end as prefix
    from closed
),

placed as (
    select
        c.practice_code,
        'X' || p.sub_icb_code as pcn_code,
        'Closed practices (sub-ICB estimated), ' || p.sub_icb_name as pcn_name,
        p.sub_icb_code,
        p.sub_icb_name,
        p.icb_code,
        p.icb_name,
        p.region_code,
        p.region_name,
        c.first_fiscal_year_start,
        c.last_fiscal_year_start
    from closed_with_prefix as c
    inner join by_prefix as p on p.prefix = c.prefix
)

select * from placed
