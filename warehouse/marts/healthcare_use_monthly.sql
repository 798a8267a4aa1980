-- The event study: per index month × PCN × cohort × measure × month relative to the index month
-- (−12…+12), the people observed and their events, for the mean monthly count of each cohort
-- around the referral. A person is observed in a relative month that the extracts reach (a month
-- with no row then counts as 0). PCNs from the referred person of each matched set.
with activity as (
    select * from staging.stg_gp_activity
),

people as (
    select distinct person_pseudonym, cohort, match_id, measure, index_month, pcn_code
    from intermediate.int_activity_people
    where pcn_code is not null
),

data_month as (
    select max(month) as last_month from activity
),

relative_months as (
    select unnest(range(-12, 13))::INTEGER as relative_month
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

observed as (
    select p.*, r.relative_month
    from people as p
    cross join relative_months as r
    where p.index_month + to_months(r.relative_month) <= (select last_month from data_month)
),

aggregated as (
    select
        o.index_month as month,
        o.pcn_code,
        o.cohort,
        o.measure,
        o.relative_month,
        count(*)::INTEGER as people,
        coalesce(sum(l.events), 0)::INTEGER as events
    from observed as o
    left join long as l
        on l.person_pseudonym = o.person_pseudonym and l.cohort = o.cohort and l.match_id = o.match_id
        and l.measure = o.measure and l.relative_month = o.relative_month
    group by all
)

select * from aggregated
