-- One row per PCN: its sub-ICB, ICB and region with names, and its registered patients in the
-- latest published financial year. A PCN (or pseudo-PCN of closed practices) with no practice
-- listed that year has none: an earlier year's list would add patients who have moved on to
-- today's totals.
with pcns as (
    select * from intermediate.int_pcns
),

patients as (
    select * from intermediate.int_registered_patients
    where not is_carried_forward
),

latest_patients as (
    select pcn_code, any_value(fiscal_year) as fiscal_year, any_value(registered_patients) as registered_patients
    from patients
    where fiscal_year = (select max(fiscal_year) from patients)
    group by pcn_code
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
