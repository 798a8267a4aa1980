with source as (
    select * from raw.ref_practices
),

renamed as (
    select
        practice_code,
        practice_name,
        pcn_code,
        pcn_name,
        sub_icb_location_code as sub_icb_code,
        sub_icb_location_name as sub_icb_name,
        ons_sub_icb_location_code as ons_sub_icb_code,
        icb_code,
        icb_name,
        ons_icb_code,
        comm_region_code as region_code,
        comm_region_name as region_name,
        ons_comm_region_code as ons_region_code,
        strptime(extract_date, '%d%b%Y')::DATE as extract_date
    from source
)

select * from renamed
