-- One row per person, matched set, cohort and month of the gp_activity extracts (a row repeated
-- in a later delivery is kept from the latest one), the month as a date and as months from the
-- index month (0 = the month of the referral, or of the matched referral for a comparison).
with source as not materialized (
    select * from raw.gp_activity
),

latest as (
    select *
    from source
    qualify row_number() over (
        partition by person_pseudonym, cohort, match_id, month order by load_id desc, source_row desc
    ) = 1
),

renamed as (
    select
        person_pseudonym,
        upper(trim(practice_code)) as practice_code,
        lower(trim(cohort)) as cohort,
        match_id,
        index_date,
        date_trunc('month', index_date)::DATE as index_month,
        strptime(month, '%Y-%m')::DATE as month,
        date_diff('month', date_trunc('month', index_date), strptime(month, '%Y-%m')::DATE)::INTEGER
            as relative_month,
        gp_appointments,
        ae_attendances,
        emergency_admissions,
        load_id
    from latest
)

select * from renamed
