-- PCNs as NHS Digital's workforce files name them, from the latest census each PCN appears in:
-- the hierarchy for PCNs that have since closed or merged and are not in the current practice
-- mapping.
with source as (
    select * from raw.workforce_nhsd
),

ranked as (
    select
        *,
        row_number() over (
            partition by upper(pcn_code)
            order by census_year desc, census_month desc, load_id desc, source_row
        ) as recency
    from source
),

renamed as (
    select
        upper(pcn_code) as pcn_code,
        pcn_name,
        sub_icb_code,
        sub_icb_name,
        icb_code,
        icb_name,
        comm_region_code as region_code,
        comm_region_name as region_name,
        make_date(census_year, census_month, 1) as last_census_month
    from ranked
    where recency = 1
)

select * from renamed
