-- NHS England "Appointments in General Practice": appointments in the national category "Social
-- Prescribing Service" and all appointments, per area and month. England monthly from Table 1a
-- (with the patients registered at the practices included, the publisher's own denominator); its
-- regions, ICBs and sub-ICB locations for the one month of Table 3f. ODS codes throughout.
with national as (
    select * from raw.ref_gpad_national
),

areas as (
    select * from raw.ref_gpad_areas
),

england as (
    select
        strptime(month, '%Y-%m')::DATE as month,
        'E' as area_level,
        'E' as area_code,
        max(value) filter (where measure = 'Social Prescribing Service') as sp_appointments,
        max(value) filter (where measure = 'Total count of appointments') as all_appointments,
        max(value) filter (where measure = 'Registered patients at included practices') as registered_patients
    from national
    group by month
),

by_area as (
    select
        strptime(month, '%Y-%m')::DATE as month,
        case area_type when 'Region' then 'REGION' when 'ICB' then 'ICB' else 'SICBL' end as area_level,
        nhs_area_code as area_code,
        max(appointments) filter (where national_category = 'Social Prescribing Service') as sp_appointments,
        max(appointments) filter (where national_category = 'Total') as all_appointments
    from areas
    where area_type <> 'National'
    group by all
)

select month, area_level, area_code, sp_appointments, all_appointments, registered_patients from england
union all by name
select month, area_level, area_code, sp_appointments, all_appointments, null::BIGINT as registered_patients
from by_area
