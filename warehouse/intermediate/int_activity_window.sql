-- The health-care use windows, a setting (SPO_HCU_WINDOW_MONTHS, default 6, validated 4…12 in
-- src/lib/config/settings.ts; the build binds {{hcu_window_months}}, pipelines/model/model-params.ts):
-- months −w…−1 before and +1…+w after the index month, the index month left out. Carried into
-- the health-care use mart so the page states the window the figures were built with.
select {{hcu_window_months}}::INTEGER as window_months
