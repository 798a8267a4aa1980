with source as (
    select * from raw.ref_imd
),

renamed as (
    select
        lsoa_code,
        lsoa_name,
        lad_code as local_authority_code,
        lad_name as local_authority_name,
        -- published with a thousands separator ("29,199")
        replace(imd_rank, ',', '')::INTEGER as imd_rank,
        imd_decile::INTEGER as imd_decile
    from source
)

select * from renamed
