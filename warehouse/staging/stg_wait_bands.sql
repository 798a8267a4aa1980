-- The bands of days from referral that waits are counted in (a seed, stated once for the waits
-- and backlog marts; their labels are WAIT_BANDS in marts/referral_waits.ts, which its
-- accepted_values test checks). A band holds days from
-- min_days to max_days; the first has no lower end (a contact dated before the referral counts
-- in it) and the last no upper end.
with source as (
    select * from (values
        ('0-7', 1, null, 7),
        ('8-14', 2, 8, 14),
        ('15-28', 3, 15, 28),
        ('29-56', 4, 29, 56),
        ('57+', 5, 57, null)
    ) as b (wait_band, wait_band_order, min_days, max_days)
),

typed as (
    select
        wait_band,
        wait_band_order::INTEGER as wait_band_order,
        min_days::INTEGER as min_days,
        max_days::INTEGER as max_days
    from source
)

select * from typed
