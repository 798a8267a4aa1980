-- Social prescribing appointments recorded in GP systems (NHS England GPAD, national category
-- "Social Prescribing Service") per month × area (England 'E', REGION, ICB, SICBL) with the
-- patients registered at the practices whose appointments are counted (included practices):
-- England from Table 1a; below England the coverage file's sub-ICB lists of the same month, summed
-- through the practice map's sub-ICB → ICB → region. Appointments, not people or referrals.
with appointments as (
    select * from staging.stg_gpad_appointments
),

sub_icbs as (
    select distinct sub_icb_code, icb_code, region_code from staging.stg_practices
),

lists as (
    select p.month, p.sub_icb_code, p.patients_at_included_practices, s.icb_code, s.region_code
    from staging.stg_sub_icb_patients as p
    inner join sub_icbs as s on s.sub_icb_code = p.sub_icb_code
),

area_lists as (
    select month, 'SICBL' as area_level, sub_icb_code as area_code, sum(patients_at_included_practices) as patients
    from lists group by all
    union all
    select month, 'ICB', icb_code, sum(patients_at_included_practices) from lists group by all
    union all
    select month, 'REGION', region_code, sum(patients_at_included_practices) from lists group by all
)

select
    a.month,
    a.area_level,
    a.area_code,
    a.sp_appointments::BIGINT as appointments,
    a.all_appointments::BIGINT as all_appointments,
    coalesce(a.registered_patients, l.patients)::BIGINT as registered_patients
from appointments as a
left join area_lists as l
    on l.month = a.month and l.area_level = a.area_level and l.area_code = a.area_code
