-- Health-care use before and after referral, per index month × PCN × cohort × measure: people,
-- and the sums behind the means and Welch standard errors of their per-person changes (sum and
-- sum of squares), so the difference-in-differences of any area and period is computed exactly
-- from its cells without person rows (src/lib/stats/difference-in-differences.ts). Only people
-- whose after window has closed; `window_months` is the window built with (SPO_HCU_WINDOW_MONTHS); PCNs from the referred person of each matched set.
with people as (
    select * from intermediate.int_activity_people
    where is_window_closed and pcn_code is not null
),

aggregated as (
    select
        index_month as month,
        pcn_code,
        cohort,
        measure,
        count(*)::INTEGER as people,
        sum(mean_before)::DOUBLE as sum_before,
        sum(mean_after)::DOUBLE as sum_after,
        sum(change)::DOUBLE as sum_change,
        sum(change * change)::DOUBLE as sum_change_squares,
        -- the same in every row: the window the means were taken over (int_activity_window)
        (select window_months from intermediate.int_activity_window) as window_months
    from people
    group by all
)

select * from aggregated
