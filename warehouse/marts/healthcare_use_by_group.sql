-- Health-care use before and after referral by group, per index month × PCN × cohort × measure ×
-- group: people and the sum and sum of squares of their per-person changes, as in
-- marts.healthcare_use, for two groupings of the matched set (int_activity_people: the referred
-- person's referral, so a comparison person is in the group of the person it is matched to):
-- - imd_quintile: deprivation quintile of the referral's LSOA (IMD deciles 1–2 → 1 … 9–10 → 5;
--   quintiles, not deciles: an ICB's extract holds a few hundred to a few thousand people a year,
--   and per-decile area × month cells would be mostly 1–7 and suppressed);
-- - referral_reason: each reason the referral gives (a person with two reasons is in both, so the
--   groups overlap and do not add up to the whole).
-- A matched set whose referral is not in the referral extracts is in group 'unknown' of each.
with people as (
    select * from intermediate.int_activity_people
    where is_window_closed and pcn_code is not null
),

grouped as (
    select
        index_month, pcn_code, cohort, measure, change,
        'imd_quintile' as group_type,
        coalesce(cast(ceil(imd_decile / 2)::INTEGER as VARCHAR), 'unknown') as group_value
    from people
    union all
    select
        index_month, pcn_code, cohort, measure, change,
        'referral_reason' as group_type,
        unnest(coalesce(nullif(referral_reasons, []), ['unknown'])) as group_value
    from people
),

aggregated as (
    select
        index_month as month,
        pcn_code,
        cohort,
        measure,
        group_type,
        group_value,
        count(*)::INTEGER as people,
        sum(change)::DOUBLE as sum_change,
        sum(change * change)::DOUBLE as sum_change_squares,
        (select window_months from intermediate.int_activity_window) as window_months
    from grouped
    group by all
)

select * from aggregated
