-- Registered patients per practice per financial year (April to March).
with source as (
    select * from raw.ref_list_sizes
),

renamed as (
    select
        practice_code,
        (2000 + fiscal_year)::INTEGER as fiscal_year_start,
        format('{}-{:02d}', 2000 + fiscal_year, (fiscal_year + 1) % 100) as fiscal_year,
        make_date(2000 + fiscal_year, 4, 1) as fiscal_year_start_date,
        make_date(2001 + fiscal_year, 3, 31) as fiscal_year_end_date,
        -- HEEC gives the mean of the year's counts: to the nearest whole patient
        round(total_patients)::INTEGER as registered_patients
    from source
    -- a practice with no list size, or a list of 0 (closed before the count), was not open that year
    where total_patients > 0
)

select * from renamed
