-- One row per person × matched set × cohort × measure of the gp_activity extracts: the mean
-- monthly count in the before window (months −6…−1) and the after window (+1…+6), the index month
-- left out, a month without a row counting as 0 (the extract's rule), and the change (after −
-- before). The windows are DEFAULT_WINDOWS in src/lib/stats/difference-in-differences.ts
-- (personChange computes the same; tests/warehouse/healthcare-use.test.ts checks they agree).
-- A matched set takes the place of its referred person: its comparisons are counted in the
-- referred person's PCN and index month, so an area's comparison is the one matched to its people.
-- `is_window_closed`: the after window ends on or before the last month the extracts hold, so a
-- month not yet extracted is never read as a month with no activity.
with activity as (
    select * from staging.stg_gp_activity
),

practices as (
    select practice_code, pcn_code from staging.stg_practices
    union all
    select practice_code, pcn_code from intermediate.int_closed_practices
),

data_month as (
    select max(month) as last_month from activity
),

people as (
    select
        person_pseudonym,
        cohort,
        match_id,
        any_value(index_month) as index_month,
        -- the practice nearest the index month, if a person moved within the 25 months
        arg_min(practice_code, abs(relative_month)) as practice_code
    from activity
    group by person_pseudonym, cohort, match_id
),

matched_sets as (
    -- the referred person's practice and index month place the whole set
    select match_id, any_value(practice_code) as practice_code, any_value(index_month) as index_month
    from people
    where cohort = 'referred'
    group by match_id
),

measures as (
    select unnest(['gp_appointments', 'ae_attendances', 'emergency_admissions']) as measure
),

long as (
    select person_pseudonym, cohort, match_id, relative_month, 'gp_appointments' as measure, gp_appointments as events
    from activity
    union all
    select person_pseudonym, cohort, match_id, relative_month, 'ae_attendances', ae_attendances
    from activity
    union all
    select person_pseudonym, cohort, match_id, relative_month, 'emergency_admissions', emergency_admissions
    from activity
),

windows as (
    select
        person_pseudonym,
        cohort,
        match_id,
        measure,
        coalesce(sum(events) filter (where relative_month between -6 and -1), 0) / 6.0 as mean_before,
        coalesce(sum(events) filter (where relative_month between 1 and 6), 0) / 6.0 as mean_after
    from long
    group by all
),

final as (
    select
        p.person_pseudonym,
        p.cohort,
        p.match_id,
        m.measure,
        s.index_month,
        s.practice_code,
        pr.pcn_code,
        coalesce(w.mean_before, 0) as mean_before,
        coalesce(w.mean_after, 0) as mean_after,
        coalesce(w.mean_after, 0) - coalesce(w.mean_before, 0) as change,
        (s.index_month + interval 6 month) <= (select last_month from data_month) as is_window_closed
    from people as p
    cross join measures as m
    -- a comparison whose matched set has no referred person has no place: left out
    inner join matched_sets as s on s.match_id = p.match_id
    left join practices as pr on pr.practice_code = s.practice_code
    left join windows as w
        on w.person_pseudonym = p.person_pseudonym and w.cohort = p.cohort
        and w.match_id = p.match_id and w.measure = m.measure
)

select * from final
