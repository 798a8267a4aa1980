-- One row per GP practice in the current mapping, with its registered patients in the latest
-- published financial year.
with practices as (
    select * from staging.stg_practices
),

latest_list_sizes as (
    select practice_code, fiscal_year, registered_patients
    from staging.stg_list_sizes
    qualify fiscal_year_start = max(fiscal_year_start) over (partition by practice_code)
),

joined as (
    select
        p.practice_code,
        p.practice_name,
        p.pcn_code,
        p.sub_icb_code,
        p.icb_code,
        p.region_code,
        l.registered_patients,
        l.fiscal_year as registered_patients_year
    from practices as p
    left join latest_list_sizes as l on l.practice_code = p.practice_code
)

select * from joined
