-- One row per person × matched set × cohort × measure of the gp_activity extracts: the mean
-- monthly count in the before window (months −w…−1) and the after window (+1…+w), w the setting
-- in int_activity_window (default 6), the index month left out, a month without a row counting
-- as 0 (the extract's rule), and the change (after − before). personChange in
-- src/lib/stats/difference-in-differences.ts computes the same (tests/warehouse/healthcare-use.test.ts
-- checks they agree, at the default and at another window).
-- A matched set takes the place of its referred person: its comparisons are counted in the
-- referred person's PCN and index month, so an area's comparison is the one matched to its people.
-- The matched set's groups (imd_decile, referral_reasons) are those of the referred person's
-- referral on the index date (the same pseudonym and date in the referral extract): a comparison
-- person is counted in the group of the referred person it is matched to (match_id), as in its
-- area. A set whose referral is not in the referral extracts has neither (null).
-- `is_window_closed`: the after window ends on or before the last month the extracts hold, so a
-- month not yet extracted is never read as a month with no activity.
with activity as (
    select * from staging.stg_gp_activity
),

activity_window as (
    select window_months as w from intermediate.int_activity_window
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

referred_index as (
    select distinct person_pseudonym, match_id, index_date
    from activity
    where cohort = 'referred'
),

set_referral as (
    -- the referral behind each matched set: the referred person's referral on the index date (the
    -- first by referral id if two share the day)
    select
        ri.match_id,
        arg_min(r.imd_decile, r.referral_id) as imd_decile,
        arg_min(r.referral_reasons, r.referral_id) as referral_reasons
    from referred_index as ri
    inner join intermediate.int_referrals as r
        on r.person_pseudonym = ri.person_pseudonym and r.referral_date = ri.index_date
    group by ri.match_id
),

matched_sets as (
    -- the referred person's practice, index month and referral place the whole set
    select
        p.match_id,
        any_value(p.practice_code) as practice_code,
        any_value(p.index_month) as index_month,
        any_value(sr.imd_decile) as imd_decile,
        any_value(sr.referral_reasons) as referral_reasons
    from people as p
    left join set_referral as sr on sr.match_id = p.match_id
    where p.cohort = 'referred'
    group by p.match_id
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
        coalesce(sum(events) filter (where relative_month between -aw.w and -1), 0) / aw.w::DOUBLE
            as mean_before,
        coalesce(sum(events) filter (where relative_month between 1 and aw.w), 0) / aw.w::DOUBLE
            as mean_after
    from long
    cross join activity_window as aw
    group by person_pseudonym, cohort, match_id, measure, aw.w
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
        s.imd_decile,
        s.referral_reasons,
        coalesce(w.mean_before, 0) as mean_before,
        coalesce(w.mean_after, 0) as mean_after,
        coalesce(w.mean_after, 0) - coalesce(w.mean_before, 0) as change,
        (s.index_month + to_months((select w from activity_window))) <= (select last_month from data_month)
            as is_window_closed
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
