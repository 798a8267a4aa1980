-- One row per PCN: its sub-ICB, ICB and region with names, and its registered patients in the
-- latest published financial year.
with pcns as (
    select * from intermediate.int_pcns
),

latest_patients as (
    select pcn_code, fiscal_year, registered_patients
    from intermediate.int_registered_patients
    where not is_carried_forward
    qualify month = max(month) over (partition by pcn_code)
),

joined as (
    select
        p.pcn_code,
        p.pcn_name,
        p.sub_icb_code,
        p.sub_icb_name,
        p.icb_code,
        p.icb_name,
        p.region_code,
        p.region_name,
        p.practices,
        l.registered_patients,
        l.fiscal_year as registered_patients_year,
        p.is_current
    from pcns as p
    left join latest_patients as l on l.pcn_code = p.pcn_code
)

select * from joined
