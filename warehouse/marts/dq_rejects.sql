-- Rejected rows per load × column × reason (values are not carried: they may be personal).
with rejects as (
    select * from audit.rejected_rows
),

loads as (
    select * from audit.loads
),

aggregated as (
    select
        r.load_id,
        r.file_name,
        l.extract_id,
        coalesce(r.column_name, '(row)') as column_name,
        r.reason,
        count(*)::INTEGER as rows,
        min(r.line)::INTEGER as first_line
    from rejects as r
    left join loads as l on l.load_id = r.load_id
    group by all
)

select * from aggregated
