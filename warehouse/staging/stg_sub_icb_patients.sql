-- Patients registered at open practices per sub-ICB location per month (NHS England GPAD coverage
-- file, 2022 sub-ICB codes throughout, from August 2020). Summed over sub-ICBs it is England's
-- published registered-patient total (Appointments in General Practice, Table 1a). A month in two
-- deliveries is kept from the later load.
with source as (
    select * from raw.ref_sub_icb_patients
),

renamed as (
    select
        sub_icb_code,
        strptime(appointment_month, '%d%b%Y')::DATE as month,
        open_practices::INTEGER as open_practices,
        patients_at_open_practices::INTEGER as registered_patients,
        included_practices::INTEGER as included_practices,
        patients_at_included_practices::INTEGER as patients_at_included_practices
    from source
    qualify row_number() over (
        partition by sub_icb_code, strptime(appointment_month, '%d%b%Y') order by load_id desc
    ) = 1
)

select * from renamed
