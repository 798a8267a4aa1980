-- The follow-up window, a named setting (src/lib/outcomes/follow-up-window.ts states the same
-- values for the pages; tests/warehouse/outcome-definitions.test.ts checks that they agree): the
-- follow-up paired with a baseline is the complete one nearest `target_days` after it, accepted
-- from `earliest_days` to `latest_days` after it. A referral's window has closed once the data
-- date (int_data_date) is past baseline + `latest_days`. Assumption, see docs/methods.md.
with settings as (
    select
        84 as target_days, -- 12 weeks: the usual review point of a link worker's support
        42 as earliest_days, -- 6 weeks: sooner measures the first weeks of contact, not the support
        182 as latest_days -- 26 weeks: later is a different question (is change sustained)
)

select
    target_days::INTEGER as target_days,
    earliest_days::INTEGER as earliest_days,
    latest_days::INTEGER as latest_days
from settings
