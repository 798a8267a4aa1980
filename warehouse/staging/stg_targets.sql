with source as (
    select * from raw.targets
),

renamed as (
    select
        target_id,
        lower(measure) as measure,
        upper(area) as area,
        case
            when upper(area) = 'E' then 'england'
            when upper(area) like 'REGION:%' then 'region'
            when upper(area) like 'ICB:%' then 'icb'
            when upper(area) like 'SICBL:%' then 'sub_icb'
            when upper(area) like 'PCN:%' then 'pcn'
        end as area_type,
        case when upper(area) = 'E' then 'E' else split_part(upper(area), ':', 2) end as area_code,
        value::DOUBLE as value,
        lower(comparison) as comparison,
        due_date,
        is_trajectory,
        title,
        source
    from source
)

select * from renamed
