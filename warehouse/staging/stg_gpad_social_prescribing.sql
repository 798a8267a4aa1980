-- NHS England's published count of appointments in the GP national category "Social Prescribing
-- Service" (Appointments in General Practice), with the patients registered at the practices the
-- count includes: England per month (Table 1a, December 2022 on), and each region, ICB and sub-ICB
-- location for May 2025, whose patients at included practices are the coverage file's (per sub-ICB,
-- summed to the ICB and region by their ONS codes). National context for health-care use; not a
-- figure of the warehouse's own extracts.
with england as (
    select
        strptime(month, '%Y-%m')::DATE as month,
        max(value) filter (where measure = 'Social Prescribing Service') as appointments,
        max(value) filter (where measure = 'Registered patients at included practices') as registered_patients
    from raw.ref_gpad_england
    group by month
),

areas as (
    select
        strptime(month, '%Y-%m')::DATE as month,
        case area_type when 'Region' then 'region' when 'ICB' then 'icb' when 'Sub ICB Location' then 'sub_icb' end
            as area_type,
        nhs_area_code as area_code,
        ons_code,
        appointments
    from raw.ref_gpad_areas
    where national_category = 'Social Prescribing Service' and area_type <> 'National'
),

coverage as (
    select
        sub_icb_code,
        ons_icb_code,
        ons_region_code,
        strptime(appointment_month, '%d%b%Y')::DATE as month,
        patients_at_included_practices
    from raw.ref_sub_icb_patients
    qualify row_number() over (partition by sub_icb_code, appointment_month order by load_id desc) = 1
),

with_patients as (
    select
        a.month,
        a.area_type,
        a.area_code,
        a.appointments,
        (
            select sum(c.patients_at_included_practices)
            from coverage as c
            where c.month = a.month
                and case a.area_type
                    when 'sub_icb' then c.sub_icb_code = a.area_code
                    when 'icb' then c.ons_icb_code = a.ons_code
                    else c.ons_region_code = a.ons_code
                end
        )::BIGINT as registered_patients
    from areas as a
)

select month, 'england' as area_type, 'E' as area_code, appointments::BIGINT as appointments,
    registered_patients::BIGINT as registered_patients
from england
union all
select * from with_patients
