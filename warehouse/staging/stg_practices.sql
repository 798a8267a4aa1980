-- The October 2025 practice mapping. NHS England files practices that belong to no PCN under one
-- pseudo-PCN "U" (Unallocated) whatever their ICB: kept as one PCN it would sit in a single
-- sub-ICB and pull every ICB's unallocated practices into it. Each sub-ICB's unallocated practices
-- become their own pseudo-PCN, `U` + the sub-ICB's ODS code (e.g. U01T; real PCN codes are U +
-- five digits, so they cannot collide), inside that sub-ICB, ICB and region.
with source as (
    select * from raw.ref_practices
),

renamed as (
    select
        practice_code,
        practice_name,
        case when pcn_code = 'U' then 'U' || sub_icb_location_code else pcn_code end as pcn_code,
        case
            when pcn_code = 'U' then 'Unallocated practices, ' || sub_icb_location_name
            else pcn_name
        end as pcn_name,
        pcn_code = 'U' as is_pcn_unallocated,
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
