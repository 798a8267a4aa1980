with workforce as (
    select * from staging.stg_workforce
),

areas as (
    select * from marts.areas
),

joined as (
    select
        w.month,
        w.pcn_code,
        a.icb_code,
        a.region_code,
        w.staff_role,
        w.source,
        w.headcount,
        w.fte
    from workforce as w
    left join areas as a on a.pcn_code = w.pcn_code
)

select * from joined
