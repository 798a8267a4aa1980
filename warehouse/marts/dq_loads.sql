-- Every file the loader was given and what happened to it (audit.loads without paths or users).
with loads as (
    select * from audit.loads
),

renamed as (
    select
        load_id,
        file_name,
        extract_id,
        source as delivery,
        period,
        status,
        rows_read::INTEGER as rows_read,
        rows_loaded::INTEGER as rows_loaded,
        rows_rejected::INTEGER as rows_rejected,
        replaced_load_id,
        error,
        started_at,
        duration_ms::INTEGER as duration_ms
    from loads
)

select * from renamed
