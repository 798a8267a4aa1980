-- ONS best-fit lookup LSOA 2011 → LSOA 2021, England only (IMD 2019 covers England). One row per
-- pair: a split 2011 LSOA (S) has a row per 2021 child, a merged 2021 LSOA (M) a row per 2011
-- parent, an irregular change (X) both.
with source as (
    select * from raw.ref_lsoa_2011_2021
),

renamed as (
    select
        lsoa11_code,
        lsoa21_code,
        lsoa21_name,
        change as change_indicator,
        lad22_code as local_authority_code,
        lad22_name as local_authority_name
    from source
    where lsoa21_code like 'E01%'
)

select * from renamed
